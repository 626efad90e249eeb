#include "cofetch/uv/sleep.hpp"

#include <algorithm>

namespace cofetch::uv {

void Sleep::await_suspend(std::coroutine_handle<> waiter) {
  m_waiter = waiter;
  m_timer = Handle<uv_timer_t>::make(uv_timer_init, m_loop.get());
  m_timer->data = this;
  const auto delay_ms = static_cast<std::uint64_t>(std::max<std::int64_t>(0, m_delay.count()));
  if (int rc = uv_timer_start(m_timer.get(), &Sleep::on_expired, delay_ms, 0); rc < 0) {
    throw_uv_error("uv_timer_start", rc);
  }
}

void Sleep::on_expired(uv_timer_t* timer) noexcept {
  auto* self = static_cast<Sleep*>(timer->data);
  if (self) self->m_loop.post(self->m_ready, self->m_waiter);
}

}  // namespace cofetch::uv
