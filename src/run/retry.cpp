#include "run/retry.hpp"

#include <algorithm>

namespace cofetch::run {

namespace {

// Doubling stops here, so a long retry series waits at most delay * 1024 per step.
constexpr int k_max_doublings = 10;

// No single wait is longer, whatever the server's Retry-After or --retry-delay
// say, unless --retry-max-time allows more: a hostile or broken server must not
// park a URL for days.
constexpr std::chrono::milliseconds k_longest_wait{10 * 60 * 1000};

}  // namespace

std::chrono::milliseconds longest_retry_wait(const RetryOptions& options) noexcept {
  return options.max_time.count() > 0 ? options.max_time : k_longest_wait;
}

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
  // Capped before doubling: a huge --retry-delay must not overflow.
  const std::int64_t base = std::min<std::int64_t>(m_options.delay.count(), k_longest_wait.count());
  const auto ceiling = base * (std::int64_t{1} << doublings);
  std::uniform_int_distribution<std::int64_t> draw(0, std::max<std::int64_t>(0, ceiling));
  return std::chrono::milliseconds(draw(m_random));
}

std::optional<std::chrono::milliseconds> RetryPlanner::next_wait(
    const http::Result& result, int attempts, std::chrono::milliseconds elapsed) {
  if (attempts > m_options.retries || !is_transient(result)) return std::nullopt;
  const bool limited = m_options.max_time.count() > 0;
  if (limited && elapsed >= m_options.max_time) return std::nullopt;

  const auto longest = longest_retry_wait(m_options);
  if (result.retry_after_s) {
    // Compared in seconds first: the server's number may overflow milliseconds.
    const std::int64_t seconds =
        std::clamp<std::int64_t>(*result.retry_after_s, 0, longest.count() / 1000 + 1);
    return std::min(std::chrono::milliseconds(seconds * 1000), longest);
  }
  return std::min(backoff(attempts), longest);
}

}  // namespace cofetch::run
