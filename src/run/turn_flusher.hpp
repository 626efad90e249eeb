#pragma once
// TurnFlusher: flushes an Output once per loop turn, just before the loop waits
// for I/O. Every result of a burst of completions leaves in one write(2), and no
// result waits longer than one turn.

#include <uv.h>

#include "report/output.hpp"
#include "uv/handle.hpp"
#include "uv/loop.hpp"

namespace cofetch::run {

class TurnFlusher {
 public:
  TurnFlusher(uv::Loop& loop, report::Output& out)
      : m_out(out), m_prepare(uv::Handle<uv_prepare_t>::make(uv_prepare_init, loop.get())) {
    m_prepare->data = this;
    uv_prepare_start(m_prepare.get(), [](uv_prepare_t* prepare) {
      auto* self = static_cast<TurnFlusher*>(prepare->data);
      if (self && self->m_out.has_pending()) self->m_out.flush();
    });
    // Flushing is no reason for the loop to stay alive.
    uv_unref(reinterpret_cast<uv_handle_t*>(m_prepare.get()));
  }

 private:
  report::Output& m_out;
  uv::Handle<uv_prepare_t> m_prepare;
};

}  // namespace cofetch::run
