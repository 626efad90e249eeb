#pragma once
// StopSignals: Ctrl-C (SIGINT) and SIGTERM end a run cleanly. The first one calls
// `on_stop` on the loop (stop starting fetches, report the unfinished ones as
// cancelled, write what is done); a second one exits at once.
//
// The handler is a plain sigaction handler, not a uv_signal_t: a uv_signal_t only
// runs on the loop, and a loop stuck in a write to a reader that stopped reading
// would never see either signal. The handler itself exits on the second signal,
// and wakes the loop for the first with uv_async_send, which is async-signal-safe.

#include <csignal>
#include <functional>

#include "cofetch/uv/handle.hpp"
#include "cofetch/uv/loop.hpp"

namespace cofetch::run {

class StopSignals {
 public:
  // One at a time: the handlers are process-wide. The previous ones come back
  // when this is destroyed.
  StopSignals(uv::Loop& loop, std::function<void(int signal)> on_stop);
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  ~StopSignals();

  // The first signal received, or 0.
  int received() const noexcept { return m_received; }

 private:
  static void on_wake(uv_async_t* async) noexcept;

  std::function<void(int)> m_on_stop;
  uv::Handle<uv_async_t> m_wake;
  struct sigaction m_previous_interrupt {};
  struct sigaction m_previous_terminate {};
  int m_received = 0;
};

// The exit status of a run stopped by `signal`, as a shell reports it: 128 + signal.
inline int exit_status_for_signal(int signal) noexcept {
  return 128 + signal;
}

}  // namespace cofetch::run
