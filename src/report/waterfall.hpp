#pragma once
// Waterfall: after a run, the first fetches of the list drawn on one shared time
// axis, each as the time it queued for a slot and then its phases (dns, connect,
// tls, wait, receive), like the network panel of a browser. One at a time, the
// bars form a staircase; concurrently, they stack up over the same columns.
// Memory is bounded: only the first `max_rows` URLs are kept.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "cofetch/http/result.hpp"
#include "report/result_sink.hpp"
#include "report/style.hpp"
#include "report/timeline_row.hpp"

namespace cofetch::report {

class Waterfall final : public ResultSink {
 public:
  explicit Waterfall(std::size_t max_rows) : m_max_rows(max_rows) {}

  void add(const http::Result& result);
  void write(const http::Result& result) override { add(result); }

  // The chart, `width` columns wide, with time measured from `origin` (the start
  // of the batch).
  std::string draw(std::chrono::steady_clock::time_point origin, const Style& style,
                   int width) const;

 private:
  std::size_t m_max_rows;
  std::vector<TimelineRow> m_rows;
  std::size_t m_seen = 0;         // fetched results, shown or not
  std::size_t m_not_fetched = 0;  // invalid lines among the first rows
};

}  // namespace cofetch::report
