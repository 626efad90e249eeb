#include "report/latency_bars.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "report/format.hpp"

namespace cofetch::report {

std::vector<LatencyRow> latency_rows(const LatencyHistogram& histogram, std::size_t rows) {
  if (histogram.count() < 2 || rows == 0) return {};
  const double low = *histogram.min();
  const double high = *histogram.max();
  if (!(high > low)) return {};
  // No row narrower than the histogram's own buckets (1/128 of the value), or the
  // rows would split hairs the histogram cannot tell apart.
  const double finest = high / 128;
  rows = std::min(rows, static_cast<std::size_t>((high - low) / finest));
  if (rows < 2) return {};

  const bool by_ratio = low > 0 && high / low > 10;
  std::vector<double> edges(rows + 1);
  for (std::size_t i = 0; i <= rows; ++i) {
    const double share = static_cast<double>(i) / static_cast<double>(rows);
    edges[i] = by_ratio ? low * std::pow(high / low, share) : low + (high - low) * share;
  }
  std::vector<LatencyRow> out(rows);
  for (std::size_t i = 0; i < rows; ++i) out[i] = LatencyRow{edges[i], edges[i + 1], 0};
  histogram.for_each_bucket([&](double lower, double upper, std::uint64_t count) {
    const double middle = std::clamp((lower + upper) / 2, low, high);
    const auto row =
        std::upper_bound(edges.begin() + 1, edges.end() - 1, middle) - (edges.begin() + 1);
    out[static_cast<std::size_t>(row)].count += count;
  });
  return out;
}

std::string draw_latency_bars(const std::vector<LatencyRow>& rows, const Style& style,
                              int bar_width, const std::string& indent) {
  std::uint64_t most = 0;
  for (const auto& row : rows) most = std::max(most, row.count);
  if (most == 0) return {};
  // Eighths of a block for smooth bar ends on terminals that take UTF-8.
  static constexpr std::array<std::string_view, 8> k_eighths = {"",  "▏", "▎", "▍",
                                                                "▌", "▋", "▊", "▉"};
  static constexpr std::string_view k_full = "█";
  std::string out;
  for (const auto& row : rows) {
    const double length = static_cast<double>(row.count) / static_cast<double>(most) * bar_width;
    std::string bar;
    if (style.unicode) {
      // A non-empty row shows at least one eighth.
      const long eighths = std::max(row.count > 0 ? 1L : 0L, std::lround(length * 8));
      for (long i = 0; i < eighths / 8; ++i) bar.append(k_full);
      bar.append(k_eighths[static_cast<std::size_t>(eighths % 8)]);
    } else {
      const long hashes = std::max(row.count > 0 ? 1L : 0L, std::lround(length));
      bar.append(static_cast<std::size_t>(hashes), '#');
    }
    out += fmt::format("{}{:>9} - {:<9} {} {}\n", indent, human_duration(row.from_ms),
                       human_duration(row.to_ms), style.paint(bar, Color::cyan), row.count);
  }
  return out;
}

}  // namespace cofetch::report
