#pragma once
// RateLimiter: --rate, a token bucket of one on the loop's timers. Each caller
// reserves the next start time, at least 1/rate after the previous one, and
// sleeps until then; a caller that comes late starts at once but does not earn a
// burst. It paces request starts, whatever the concurrency.

#include <chrono>

#include "cofetch/coro/task.hpp"
#include "cofetch/uv/loop.hpp"

namespace cofetch::run {

class RateLimiter {
 public:
  RateLimiter(uv::Loop& loop, double per_second);

  // Completes at this caller's turn.
  coro::Task<void> wait_turn();

 private:
  using Clock = std::chrono::steady_clock;

  uv::Loop& m_loop;
  Clock::duration m_interval;
  Clock::time_point m_next{};
};

}  // namespace cofetch::run
