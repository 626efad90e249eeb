#pragma once
// PassOutcomes: what each URL of a pass came back with (its status, or its kind
// of failure), so that --compare can tell whether its two passes met the same
// answers. A speed-up between passes that failed differently (a timeout in one, a
// response in the other) would compare different work.

#include <cstddef>
#include <unordered_map>

#include "report/result_sink.hpp"

namespace cofetch::run {

class PassOutcomes final : public report::ResultSink {
 public:
  void write(const http::Result& result) override {
    m_outcomes[result.index] = result.error && result.error->kind != http::ErrorKind::http
                                   ? -1 - static_cast<int>(result.error->kind)
                                   : result.status.value_or(0);
  }

  // URLs of either pass whose outcome differs in the other (or is missing there).
  std::size_t differing_from(const PassOutcomes& other) const {
    std::size_t differing = 0;
    for (const auto& [index, outcome] : m_outcomes) {
      const auto found = other.m_outcomes.find(index);
      if (found == other.m_outcomes.end() || found->second != outcome) ++differing;
    }
    for (const auto& [index, outcome] : other.m_outcomes) {
      if (!m_outcomes.contains(index)) ++differing;
    }
    return differing;
  }

 private:
  std::unordered_map<std::size_t, int> m_outcomes;  // status, or -1 - error kind
};

}  // namespace cofetch::run
