#include "report/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace cofetch::report {

std::size_t LatencyHistogram::index_of(std::uint64_t micros) noexcept {
  if (micros < k_sub_count) return static_cast<std::size_t>(micros);
  const unsigned top_bit = static_cast<unsigned>(std::bit_width(micros)) - 1;  // >= 7
  const unsigned shift = std::min(top_bit - k_sub_bits, k_max_shift - 1);
  const std::uint64_t mantissa = std::min<std::uint64_t>(micros >> shift, 2 * k_sub_count - 1);
  return static_cast<std::size_t>((shift + 1) * k_sub_count + (mantissa - k_sub_count));
}

std::uint64_t LatencyHistogram::lower_bound(std::size_t index) noexcept {
  if (index < k_sub_count) return index;
  const std::uint64_t shift = index / k_sub_count - 1;
  const std::uint64_t mantissa = index % k_sub_count + k_sub_count;
  return mantissa << shift;
}

std::uint64_t LatencyHistogram::upper_bound(std::size_t index) noexcept {
  if (index < k_sub_count) return index;
  const std::uint64_t shift = index / k_sub_count - 1;
  return lower_bound(index) + (std::uint64_t{1} << shift) - 1;
}

void LatencyHistogram::add(double milliseconds) noexcept {
  const auto micros =
      static_cast<std::uint64_t>(std::llround(std::max(0.0, milliseconds) * 1000.0));
  ++m_counts[index_of(micros)];
  m_min = m_count == 0 ? micros : std::min(m_min, micros);
  m_max = m_count == 0 ? micros : std::max(m_max, micros);
  ++m_count;
}

std::optional<double> LatencyHistogram::min() const noexcept {
  if (m_count == 0) return std::nullopt;
  return static_cast<double>(m_min) / 1000.0;
}

std::optional<double> LatencyHistogram::max() const noexcept {
  if (m_count == 0) return std::nullopt;
  return static_cast<double>(m_max) / 1000.0;
}

std::optional<double> LatencyHistogram::percentile(double percentile) const noexcept {
  if (m_count == 0) return std::nullopt;
  const double share = std::clamp(percentile, 0.0, 100.0) / 100.0;
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(share * static_cast<double>(m_count))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < k_buckets; ++i) {
    seen += m_counts[i];
    if (seen >= rank) {
      // The middle of the bucket, kept within the exact extremes.
      const std::uint64_t middle = lower_bound(i) + (upper_bound(i) - lower_bound(i)) / 2;
      return static_cast<double>(std::clamp(middle, m_min, m_max)) / 1000.0;
    }
  }
  return max();
}

}  // namespace cofetch::report
