#pragma once
// StopSignals: Ctrl-C (SIGINT) and SIGTERM end a run cleanly. The first one calls
// `on_stop` (stop starting fetches, report the unfinished ones as cancelled, write
// what is done); a second one exits at once.

#include <functional>

#include "uv/handle.hpp"
#include "uv/loop.hpp"

namespace cofetch::run {

class StopSignals {
 public:
  StopSignals(uv::Loop& loop, std::function<void(int signal)> on_stop);
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // The first signal received, or 0.
  int received() const noexcept { return m_received; }

 private:
  static void on_signal(uv_signal_t* handle, int signal) noexcept;

  std::function<void(int)> m_on_stop;
  uv::Handle<uv_signal_t> m_interrupt;
  uv::Handle<uv_signal_t> m_terminate;
  int m_received = 0;
};

// The exit status of a run stopped by `signal`, as a shell reports it: 128 + signal.
inline int exit_status_for_signal(int signal) noexcept {
  return 128 + signal;
}

}  // namespace cofetch::run
