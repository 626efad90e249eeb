#include "run/rate_limiter.hpp"

#include <algorithm>

#include "cofetch/uv/sleep.hpp"

namespace cofetch::run {

RateLimiter::RateLimiter(uv::Loop& loop, double per_second)
    : m_loop(loop),
      m_interval(std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(1.0 / per_second))) {}

coro::Task<void> RateLimiter::wait_turn() {
  const auto now = Clock::now();
  const auto turn = std::max(now, m_next);
  m_next = turn + m_interval;
  if (turn > now)
    co_await uv::sleep(m_loop, std::chrono::ceil<std::chrono::milliseconds>(turn - now));
}

}  // namespace cofetch::run
