#pragma once
// Scope: structured spawning. spawn() starts a task at once (like asyncio's
// create_task) and join() waits for every task spawned so far; nothing runs
// detached without an owner. Destroying a scope destroys the frames of tasks that
// are still suspended, which is how a batch is cancelled: every awaiter in this
// runtime undoes its registration (timer, easy handle, wait list) when its frame
// goes away.

#include <coroutine>
#include <cstddef>
#include <exception>

#include "cofetch/coro/intrusive_list.hpp"
#include "cofetch/coro/task.hpp"

namespace cofetch::coro {

class Scope {
 public:
  Scope() = default;
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
  ~Scope();

  // Starts `task` now; it runs until its first real suspension before spawn returns.
  // An exception escaping the task is kept and rethrown by join().
  void spawn(Task<void> task);

  // Number of spawned tasks that have not finished.
  std::size_t active() const noexcept { return m_active; }

  class [[nodiscard]] JoinAwaiter {
   public:
    explicit JoinAwaiter(Scope& scope) noexcept : m_scope(scope) {}
    JoinAwaiter(const JoinAwaiter&) = delete;
    JoinAwaiter& operator=(const JoinAwaiter&) = delete;
    ~JoinAwaiter();

    bool await_ready() const noexcept { return m_scope.m_active == 0; }
    void await_suspend(std::coroutine_handle<> joiner) noexcept;
    void await_resume() const;

   private:
    Scope& m_scope;
    bool m_waiting = false;
  };

  // Completes when every spawned task has finished; rethrows the first exception.
  JoinAwaiter join() noexcept { return JoinAwaiter(*this); }

 private:
  struct ChildPromise;
  struct Child;
  static Child run_child(Task<void> task);

  std::coroutine_handle<> child_finished(ChildPromise& child) noexcept;

  IntrusiveList<ChildPromise> m_children;  // spawned and not finished
  std::size_t m_active = 0;
  std::coroutine_handle<> m_joiner;
  std::exception_ptr m_first_exception;
  bool m_closing = false;
};

}  // namespace cofetch::coro
