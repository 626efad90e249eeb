#pragma once
// sleep(loop, duration): asyncio.sleep on a one-shot uv_timer_t. The loop keeps
// running other coroutines meanwhile. A frame destroyed while it sleeps closes its
// timer, so a cancelled sleep never fires.

#include <chrono>
#include <coroutine>

#include "cofetch/uv/handle.hpp"
#include "cofetch/uv/loop.hpp"

namespace cofetch::uv {

class [[nodiscard]] Sleep {
 public:
  Sleep(Loop& loop, std::chrono::milliseconds delay) noexcept : m_loop(loop), m_delay(delay) {}
  Sleep(const Sleep&) = delete;
  Sleep& operator=(const Sleep&) = delete;

  // Even a zero delay yields to the loop once.
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> waiter);
  void await_resume() const noexcept {}

 private:
  static void on_expired(uv_timer_t* timer) noexcept;

  Loop& m_loop;
  std::chrono::milliseconds m_delay;
  std::coroutine_handle<> m_waiter;
  ReadyNode m_ready;
  Handle<uv_timer_t> m_timer;  // declared last: closed first when the frame goes
};

inline Sleep sleep(Loop& loop, std::chrono::milliseconds delay) noexcept {
  return Sleep(loop, delay);
}

}  // namespace cofetch::uv
