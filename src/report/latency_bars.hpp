#pragma once
// Latency bars: the streaming histogram regrouped into a few rows a person can
// read, drawn as horizontal bars.

#include <cstdint>
#include <string>
#include <vector>

#include "report/histogram.hpp"
#include "report/style.hpp"

namespace cofetch::report {

struct LatencyRow {
  double from_ms = 0;
  double to_ms = 0;
  std::uint64_t count = 0;
};

// At most `rows` rows from the smallest to the largest sample: spaced evenly, or
// by ratio when the samples span more than a factor of ten. Empty when there are
// fewer than two distinct values.
std::vector<LatencyRow> latency_rows(const LatencyHistogram& histogram, std::size_t rows);

// One line per row: range, bar (at most `bar_width` columns), count.
std::string draw_latency_bars(const std::vector<LatencyRow>& rows, const Style& style,
                              int bar_width, const std::string& indent);

}  // namespace cofetch::report
