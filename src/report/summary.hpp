#pragma once
// Summary of a batch: counts, throughput, latency percentiles and what
// concurrency bought. Memory does not depend on the number of URLs.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cofetch/http/result.hpp"
#include "report/histogram.hpp"
#include "report/host_counts.hpp"
#include "report/result_sink.hpp"
#include "report/style.hpp"

namespace cofetch::report {

// Statistics of one pass over the list. Each URL is counted once: under its
// status when a complete response came back, otherwise under its error kind.
class BatchStats final : public ResultSink {
 public:
  void add(const http::Result& result);
  void write(const http::Result& result) override { add(result); }

  std::size_t count() const noexcept { return m_count; }
  std::size_t ok() const noexcept { return m_ok; }
  std::size_t failed() const noexcept { return m_failed; }
  const std::map<int, std::size_t>& by_status() const noexcept { return m_by_status; }
  const std::map<std::string, std::size_t>& errors() const noexcept { return m_errors; }
  std::uint64_t bytes() const noexcept { return m_bytes; }
  // Sum of every fetch's own total time: the wall time of fetching them one by one.
  double sum_ms() const noexcept { return m_sum_ms; }
  // Total time of the fetches that got a complete response.
  const LatencyHistogram& latency() const noexcept { return m_latency; }
  // Responses whose status falls in [first, first + 99].
  std::size_t status_class(int first) const;
  // 304s to --if-changed's question.
  std::size_t unchanged() const noexcept { return m_unchanged; }

 private:
  std::size_t m_count = 0;
  std::size_t m_ok = 0;
  std::size_t m_failed = 0;
  std::map<int, std::size_t> m_by_status;
  std::map<std::string, std::size_t> m_errors;
  std::uint64_t m_bytes = 0;
  std::size_t m_unchanged = 0;
  double m_sum_ms = 0;
  LatencyHistogram m_latency;
};

struct Comparison {
  double sequential_wall_ms = 0;
  double concurrent_wall_ms = 0;
  const BatchStats* sequential = nullptr;  // the one-at-a-time pass
  std::size_t differing = 0;  // URLs whose status or kind of failure differed between passes

  // Why the two walls are no fair measure of concurrency, if they are not: too few
  // URLs to overlap, or passes that met different answers.
  std::optional<std::string> unfair(std::size_t urls) const;
};

// --shard K/N: how much of the input this shard kept.
struct ShardShare {
  std::string name;  // "K/N"
  std::size_t kept = 0;
  std::size_t read = 0;
};

struct RunSummary {
  const BatchStats* stats = nullptr;  // of the (concurrent) run that printed results
  double wall_ms = 0;
  std::optional<std::size_t> concurrency;  // -j of a run; unknown for merged files
  std::optional<std::size_t> expected;     // the URLs the run was to fetch, when known
  std::optional<Comparison> comparison;    // --compare
  std::optional<std::size_t> files;        // `cofetch summarize`: how many files were merged
  std::size_t skipped = 0;                 // --resume: URLs left out as done already
  std::optional<std::size_t> repeats;      // --unique: URLs left out as seen before
  bool asked_if_changed = false;           // --if-changed: say how many were unchanged
  std::string resumed_from;                // --resume: the results file
  std::optional<ShardShare> shard;         // --shard
  std::optional<HostCounts> hosts;         // a run's (not merged files'): refusals, hosts slowed...
  std::optional<std::string> proxy;        // the proxy the run went through (credentials redacted)
  Style style;                             // for the text summary's bars
};

std::string summary_text(const RunSummary& summary);
std::string summary_json(const RunSummary& summary);
// The same object, for documents that hold it (the HTML report).
nlohmann::ordered_json summary_object(const RunSummary& summary);

}  // namespace cofetch::report
