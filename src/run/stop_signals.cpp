#include "run/stop_signals.hpp"

#include <unistd.h>

#include <csignal>

namespace cofetch::run {

StopSignals::StopSignals(uv::Loop& loop, std::function<void(int)> on_stop)
    : m_on_stop(std::move(on_stop)),
      m_interrupt(uv::Handle<uv_signal_t>::make(uv_signal_init, loop.get())),
      m_terminate(uv::Handle<uv_signal_t>::make(uv_signal_init, loop.get())) {
  for (auto* handle : {m_interrupt.get(), m_terminate.get()}) {
    handle->data = this;
    // Waiting for a signal is no reason to keep the loop alive.
    uv_unref(reinterpret_cast<uv_handle_t*>(handle));
  }
  uv_signal_start(m_interrupt.get(), &StopSignals::on_signal, SIGINT);
  uv_signal_start(m_terminate.get(), &StopSignals::on_signal, SIGTERM);
}

void StopSignals::on_signal(uv_signal_t* handle, int signal) noexcept {
  auto* self = static_cast<StopSignals*>(handle->data);
  if (!self) return;
  if (self->m_received != 0) _exit(exit_status_for_signal(signal));  // the second one: at once
  self->m_received = signal;
  try {
    self->m_on_stop(signal);
  } catch (...) {
    _exit(exit_status_for_signal(signal));  // never let an exception cross a C callback
  }
}

}  // namespace cofetch::run
