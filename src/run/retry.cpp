#include "run/retry.hpp"

#include <algorithm>

namespace cofetch::run {

namespace {

// Doubling stops here, so a long retry series waits at most delay * 1024 per step.
constexpr int k_max_doublings = 10;

}  // namespace

bool is_transient(const http::Result& result) noexcept {
  if (result.error && result.error->kind != http::ErrorKind::http) {
    switch (result.error->kind) {
      case http::ErrorKind::timeout:
      case http::ErrorKind::connect:
      case http::ErrorKind::recv: return true;
      default: return false;
    }
  }
  switch (result.status.value_or(0)) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504: return true;
    default: return false;
  }
}

std::chrono::milliseconds RetryPlanner::backoff(int retry) {
  const int doublings = std::clamp(retry - 1, 0, k_max_doublings);
  const auto ceiling = m_options.delay.count() * (std::int64_t{1} << doublings);
  std::uniform_int_distribution<std::int64_t> draw(0, std::max<std::int64_t>(0, ceiling));
  return std::chrono::milliseconds(draw(m_random));
}

std::optional<std::chrono::milliseconds> RetryPlanner::next_wait(
    const http::Result& result, int attempts, std::chrono::milliseconds elapsed) {
  if (attempts > m_options.retries || !is_transient(result)) return std::nullopt;
  const bool limited = m_options.max_time.count() > 0;
  if (limited && elapsed >= m_options.max_time) return std::nullopt;

  std::chrono::milliseconds wait = result.retry_after_s
                                       ? std::chrono::milliseconds(*result.retry_after_s * 1000)
                                       : backoff(attempts);
  if (limited) wait = std::min(wait, m_options.max_time);
  return wait;
}

}  // namespace cofetch::run
