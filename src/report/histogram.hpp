#pragma once
// LatencyHistogram: percentiles in fixed memory, whatever the number of samples.
//
// Log-linear buckets in the manner of HdrHistogram: values below 128 us each have
// their own bucket; above, every power of two is split into 128 equal buckets, so
// a reported percentile is within 1% of the true sample. About 36 KiB, allocated once.

#include <array>
#include <cstdint>
#include <optional>

namespace cofetch::report {

class LatencyHistogram {
 public:
  void add(double milliseconds) noexcept;

  std::uint64_t count() const noexcept { return m_count; }
  // In milliseconds; nothing when no sample was added.
  std::optional<double> min() const noexcept;
  std::optional<double> max() const noexcept;
  // percentile in [0, 100]: the smallest value with at least that share of samples at or below it.
  std::optional<double> percentile(double percentile) const noexcept;

  // Visits each non-empty bucket in ascending order: (lower_ms, upper_ms, count).
  template <typename Visitor>
  void for_each_bucket(Visitor&& visit) const {
    for (std::size_t i = 0; i < k_buckets; ++i) {
      if (m_counts[i]) visit(lower_bound(i) / 1000.0, upper_bound(i) / 1000.0, m_counts[i]);
    }
  }

 private:
  static constexpr unsigned k_sub_bits = 7;
  static constexpr std::uint64_t k_sub_count = 1u << k_sub_bits;  // 128
  static constexpr unsigned k_max_shift = 40;                     // up to about 2^47 us: years
  static constexpr std::size_t k_buckets = (k_max_shift + 1) * k_sub_count;

  static std::size_t index_of(std::uint64_t micros) noexcept;
  static std::uint64_t lower_bound(std::size_t index) noexcept;
  static std::uint64_t upper_bound(std::size_t index) noexcept;

  std::array<std::uint64_t, k_buckets> m_counts{};
  std::uint64_t m_count = 0;
  std::uint64_t m_min = 0;
  std::uint64_t m_max = 0;
};

}  // namespace cofetch::report
