#include "run/stop_signals.hpp"

#include <unistd.h>

#include <atomic>
#include <cassert>

namespace cofetch::run {

namespace {

// Touched from the signal handler: lock-free atomics and a handle set up beforehand.
std::atomic<int> g_signals_seen{0};
std::atomic<int> g_first_signal{0};
std::atomic<uv_async_t*> g_wake{nullptr};

void on_stop_signal(int signal) {
  if (g_signals_seen.fetch_add(1) > 0)
    _exit(exit_status_for_signal(signal));  // the second: at once
  g_first_signal.store(signal);
  if (uv_async_t* wake = g_wake.load()) uv_async_send(wake);
}

}  // namespace

StopSignals::StopSignals(uv::Loop& loop, std::function<void(int)> on_stop)
    : m_on_stop(std::move(on_stop)),
      m_wake(uv::Handle<uv_async_t>::make(uv_async_init, loop.get(), &on_wake)) {
  assert(g_wake.load() == nullptr && "one StopSignals at a time");
  m_wake->data = this;
  uv_unref(
      reinterpret_cast<uv_handle_t*>(m_wake.get()));  // waiting for a signal keeps nothing alive
  g_signals_seen = 0;
  g_first_signal = 0;
  g_wake = m_wake.get();

  struct sigaction action {};
  action.sa_handler = &on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &m_previous_interrupt);
  sigaction(SIGTERM, &action, &m_previous_terminate);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &m_previous_interrupt, nullptr);
  sigaction(SIGTERM, &m_previous_terminate, nullptr);
  g_wake = nullptr;
}

void StopSignals::on_wake(uv_async_t* async) noexcept {
  auto* self = static_cast<StopSignals*>(async->data);
  const int signal = g_first_signal.load();
  if (!self || signal == 0 || self->m_received != 0) return;
  self->m_received = signal;
  try {
    self->m_on_stop(signal);
  } catch (...) {
    _exit(exit_status_for_signal(signal));  // never let an exception cross a C callback
  }
}

}  // namespace cofetch::run
