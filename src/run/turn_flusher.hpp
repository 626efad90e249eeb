#pragma once
// TurnFlusher: flushes an Output once per loop turn, just before the loop waits
// for I/O. Every result of a burst of completions leaves in one write(2), and no
// result waits longer than one turn. `before_flush` runs first when there is
// something to write (the progress line steps aside); `on_closed` runs once when
// the reader went away (| head).

#include <uv.h>

#include <functional>

#include "cofetch/uv/handle.hpp"
#include "cofetch/uv/loop.hpp"
#include "report/output.hpp"

namespace cofetch::run {

class TurnFlusher {
 public:
  TurnFlusher(uv::Loop& loop, report::Output& out, std::function<void()> before_flush,
              std::function<void()> on_closed)
      : m_out(out),
        m_before_flush(std::move(before_flush)),
        m_on_closed(std::move(on_closed)),
        m_prepare(uv::Handle<uv_prepare_t>::make(uv_prepare_init, loop.get())) {
    m_prepare->data = this;
    const auto on_prepare = [](uv_prepare_t* prepare) {
      if (auto* self = static_cast<TurnFlusher*>(prepare->data)) self->flush();
    };
    if (int rc = uv_prepare_start(m_prepare.get(), on_prepare); rc < 0) {
      uv::throw_uv_error("uv_prepare_start", rc);
    }
    // Flushing is no reason for the loop to stay alive.
    uv_unref(reinterpret_cast<uv_handle_t*>(m_prepare.get()));
  }

  void flush() {
    if (m_out.has_pending()) {
      if (m_before_flush) m_before_flush();
      m_out.flush();
    }
    if (m_out.closed() && !m_reported_closed) {
      m_reported_closed = true;
      if (m_on_closed) m_on_closed();
    }
  }

 private:
  report::Output& m_out;
  std::function<void()> m_before_flush;
  std::function<void()> m_on_closed;
  uv::Handle<uv_prepare_t> m_prepare;
  bool m_reported_closed = false;
};

}  // namespace cofetch::run
