#pragma once
// RetryPlanner: whether a failed attempt is tried again, and after how long.
//
// Retried: timeouts, refused or reset connections (kinds timeout, connect, recv)
// and HTTP 408, 429, 500, 502, 503, 504. Never: invalid URLs, DNS and TLS failures
// (certificate verification will not change), protocol errors, other statuses.
//
// The wait is the server's Retry-After when it sent one, otherwise exponential
// back-off with full jitter: a uniform draw from [0, delay * 2^(retry - 1)], so
// that many clients retrying together spread out instead of returning in a wave.
// --retry-max-time caps each wait and ends retrying once it has passed since the
// first attempt.

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

#include "cofetch/http/result.hpp"

namespace cofetch::run {

struct RetryOptions {
  int retries = 0;                        // --retry
  std::chrono::milliseconds delay{1000};  // --retry-delay: base of the back-off
  std::chrono::milliseconds max_time{0};  // --retry-max-time; 0 = no limit
};

bool is_transient(const http::Result& result) noexcept;

// The longest any one wait may be: --retry-max-time, or 10 minutes without it,
// whatever a server's Retry-After says.
std::chrono::milliseconds longest_retry_wait(const RetryOptions& options) noexcept;

class RetryPlanner {
 public:
  RetryPlanner(RetryOptions options, std::uint64_t seed) : m_options(options), m_random(seed) {}

  // After attempt number `attempts` (1-based) ended with `result`, `elapsed` after
  // the first attempt started: how long to wait before the next attempt, or
  // nothing when there is none.
  std::optional<std::chrono::milliseconds> next_wait(const http::Result& result, int attempts,
                                                     std::chrono::milliseconds elapsed);

 private:
  std::chrono::milliseconds backoff(int retry);

  RetryOptions m_options;
  std::mt19937_64 m_random;
};

}  // namespace cofetch::run
