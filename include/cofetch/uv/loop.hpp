#pragma once
// Loop: the owner of the one uv_loop_t, and its ready queue.
//
// Rule: a libuv or libcurl callback never resumes a coroutine itself. It posts the
// coroutine to the ready queue, and the loop resumes it from its own check phase,
// at the top of the stack. A resumed coroutine may then destroy whatever object's
// callback noticed the event (a finished batch destroys its curl multi driver, for
// instance) without pulling the floor from under that callback. Posting costs no
// extra loop turn: the queue is served right after the I/O phase that filled it.

#include <uv.h>

#include <coroutine>
#include <cstddef>

namespace cofetch::uv {

// A place in the ready queue, embedded in the awaiter that waits for an event.
// Destroying a posted node takes it out of the queue, so a frame destroyed
// before its turn (cancellation) is never resumed.
class ReadyNode {
 public:
  ReadyNode() noexcept = default;
  ReadyNode(const ReadyNode&) = delete;
  ReadyNode& operator=(const ReadyNode&) = delete;
  ~ReadyNode() { unlink(); }

  bool posted() const noexcept { return m_prev != nullptr; }

 private:
  friend class Loop;
  void unlink() noexcept;

  std::coroutine_handle<> m_handle;
  ReadyNode* m_prev = nullptr;
  ReadyNode* m_next = nullptr;
};

class Loop {
 public:
  Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;
  ~Loop();

  uv_loop_t* get() noexcept { return &m_loop; }

  // Queues `handle` to be resumed on the loop's next ready phase.
  void post(ReadyNode& node, std::coroutine_handle<> handle) noexcept;

  // Runs one turn; returns false when nothing (handle or request) is left to wait on.
  bool run_once();

  // Closes every handle, lets the close callbacks run and closes the loop.
  // Returns uv_loop_close's result: 0, or UV_EBUSY if a request is still pending.
  // Idempotent; the destructor calls it.
  int close();

 private:
  static void on_check(uv_check_t* check) noexcept;
  void resume_ready() noexcept;

  uv_loop_t m_loop{};
  uv_check_t m_check{};  // serves the ready queue after every I/O phase
  uv_idle_t m_idle{};    // active while the queue is not empty, so the loop does not block
  ReadyNode m_ready;     // sentinel of the circular ready queue
  bool m_closed = false;
};

}  // namespace cofetch::uv
