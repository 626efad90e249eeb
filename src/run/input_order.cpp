#include "run/input_order.hpp"

namespace cofetch::run {

void InputOrder::push(http::Result result, coro::Permit window) {
  const std::size_t index = result.index;
  m_held.emplace(index, std::make_pair(std::move(result), std::move(window)));
  emit_ready();
}

void InputOrder::emit_ready() {
  if (m_emitting) return;  // the loop below is already running further up the stack
  m_emitting = true;
  while (!m_held.empty() && m_held.begin()->first == m_next) {
    auto node = m_held.extract(m_held.begin());
    ++m_next;
    m_emit(node.mapped().first);
    node.mapped().second.release();  // may resume the scheduler, which may push again
  }
  m_emitting = false;
}

void InputOrder::flush() {
  while (!m_held.empty()) {
    auto node = m_held.extract(m_held.begin());
    m_next = node.key() + 1;
    m_emit(node.mapped().first);
  }
}

}  // namespace cofetch::run
