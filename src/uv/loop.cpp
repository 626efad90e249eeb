#include "cofetch/uv/loop.hpp"

#include "cofetch/uv/handle.hpp"

namespace cofetch::uv {

void ReadyNode::unlink() noexcept {
  if (!m_prev) return;
  m_prev->m_next = m_next;
  m_next->m_prev = m_prev;
  m_prev = m_next = nullptr;
}

Loop::Loop() {
  if (int rc = uv_loop_init(&m_loop); rc < 0) throw_uv_error("uv_loop_init", rc);
  m_ready.m_prev = m_ready.m_next = &m_ready;

  // uv_check_init and uv_idle_init cannot fail on an initialised loop (libuv
  // returns 0 unconditionally); uv_check_start fails only for a null callback.
  if (int rc = uv_check_init(&m_loop, &m_check); rc < 0) throw_uv_error("uv_check_init", rc);
  m_check.data = this;
  if (int rc = uv_check_start(&m_check, &Loop::on_check); rc < 0)
    throw_uv_error("uv_check_start", rc);
  uv_unref(
      reinterpret_cast<uv_handle_t*>(&m_check));  // serving the queue is no reason to stay alive

  // The idle handle stays referenced: a non-empty queue must keep the loop turning.
  if (int rc = uv_idle_init(&m_loop, &m_idle); rc < 0) throw_uv_error("uv_idle_init", rc);
}

Loop::~Loop() {
  close();
}

void Loop::post(ReadyNode& node, std::coroutine_handle<> handle) noexcept {
  node.unlink();
  node.m_handle = handle;
  const bool was_empty = m_ready.m_next == &m_ready;
  node.m_prev = m_ready.m_prev;
  node.m_next = &m_ready;
  m_ready.m_prev->m_next = &node;
  m_ready.m_prev = &node;
  // An active idle handle makes the next poll phase return at once instead of blocking.
  // (uv_idle_start fails only without a callback.)
  if (was_empty) uv_idle_start(&m_idle, [](uv_idle_t*) {});
}

bool Loop::run_once() {
  return uv_run(&m_loop, UV_RUN_ONCE) != 0;
}

void Loop::on_check(uv_check_t* check) noexcept {
  static_cast<Loop*>(check->data)->resume_ready();
}

void Loop::resume_ready() noexcept {
  // Serve only what is queued now; what these coroutines post waits for the next
  // turn, so a chain of posts cannot starve I/O.
  ReadyNode batch;
  if (m_ready.m_next == &m_ready) return;
  batch.m_next = m_ready.m_next;
  batch.m_prev = m_ready.m_prev;
  batch.m_next->m_prev = &batch;
  batch.m_prev->m_next = &batch;
  m_ready.m_prev = m_ready.m_next = &m_ready;

  while (batch.m_next != &batch) {
    ReadyNode* node = batch.m_next;
    node->unlink();
    node->m_handle.resume();
  }
  batch.m_prev = batch.m_next = nullptr;
  if (m_ready.m_next == &m_ready) uv_idle_stop(&m_idle);
}

int Loop::close() {
  if (m_closed) return 0;
  m_closed = true;
  uv_close(reinterpret_cast<uv_handle_t*>(&m_check), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&m_idle), nullptr);
  // Owners close their own handles; anything still open here has no owner left
  // that could free it, so it is closed without a callback.
  uv_walk(
      &m_loop,
      [](uv_handle_t* handle, void*) {
        if (!uv_is_closing(handle)) uv_close(handle, nullptr);
      },
      nullptr);
  while (uv_run(&m_loop, UV_RUN_DEFAULT) != 0) {
  }
  // Frames still posted here will never run; detach them so that destroying them
  // later does not touch this loop's memory.
  while (m_ready.m_next != &m_ready) m_ready.m_next->unlink();
  return uv_loop_close(&m_loop);
}

}  // namespace cofetch::uv
