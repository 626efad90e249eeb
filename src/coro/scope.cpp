#include "cofetch/coro/scope.hpp"

#include <utility>

namespace cofetch::coro {

// The frame that owns one spawned task. It starts suspended so spawn() can link
// it before it runs, and it destroys itself when it finishes.
struct Scope::ChildPromise : ListHook<ChildPromise> {
  Scope* scope = nullptr;

  Child get_return_object() noexcept;
  std::suspend_always initial_suspend() const noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<ChildPromise> self) const noexcept {
      // Everything needed after destroy() is read first: this awaiter lives in the frame.
      Scope& owner = *self.promise().scope;
      std::coroutine_handle<> next = owner.child_finished(self.promise());
      self.destroy();
      return next;
    }
    void await_resume() const noexcept {}
  };
  FinalAwaiter final_suspend() const noexcept { return {}; }

  void return_void() const noexcept {}
  void unhandled_exception() noexcept {
    if (!scope->m_first_exception) scope->m_first_exception = std::current_exception();
  }
};

struct Scope::Child {
  using promise_type = ChildPromise;
  std::coroutine_handle<ChildPromise> handle;
};

Scope::Child Scope::ChildPromise::get_return_object() noexcept {
  return Child{std::coroutine_handle<ChildPromise>::from_promise(*this)};
}

Scope::Child Scope::run_child(Task<void> task) {
  co_await task;
}

Scope::~Scope() {
  m_closing = true;
  while (ChildPromise* child = m_children.pop_front()) {
    --m_active;
    std::coroutine_handle<ChildPromise>::from_promise(*child).destroy();
  }
}

void Scope::spawn(Task<void> task) {
  if (m_closing) return;  // a scope being torn down takes no new work; `task` is destroyed
  auto handle = run_child(std::move(task)).handle;
  handle.promise().scope = this;
  m_children.push_back(handle.promise());
  ++m_active;
  handle.resume();
}

std::coroutine_handle<> Scope::child_finished(ChildPromise& child) noexcept {
  m_children.remove(child);
  --m_active;
  if (m_active == 0 && m_joiner) return std::exchange(m_joiner, {});
  return std::noop_coroutine();
}

Scope::JoinAwaiter::~JoinAwaiter() {
  if (m_waiting) m_scope.m_joiner = {};
}

void Scope::JoinAwaiter::await_suspend(std::coroutine_handle<> joiner) noexcept {
  m_scope.m_joiner = joiner;
  m_waiting = true;
}

void Scope::JoinAwaiter::await_resume() const {
  if (m_scope.m_first_exception)
    std::rethrow_exception(std::exchange(m_scope.m_first_exception, {}));
}

}  // namespace cofetch::coro
