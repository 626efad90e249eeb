#pragma once
// Task<T>: a lazy, move-only coroutine whose result (or exception) is delivered
// to the one coroutine that awaits it. The asyncio analogue is a coroutine object
// that runs only once awaited.

#include <cassert>
#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

// GCC 12 miscompiles some temporaries around co_await and destroys them twice
// (use-after-free, double free; found here with ASan, see also tremotesf2 PR #551):
//   co_await run_blocking(loop, [ptr] { ... });  // lambda with captures: broken
//   co_await fetch(Aggregate{...});              // broken when the frame is destroyed there
//   T x = ready ? make() : co_await wait();      // co_await inside ?: : broken
// Name the lambda (or the aggregate) first and co_await with std::move(name), give
// the type a constructor, and use if/else instead of ?:. Captureless lambdas and
// non-aggregates are fine, and clang is not affected. tests/lint/coroutine_temporaries.py
// rejects the lambda and ?: forms.

namespace cofetch::coro {

template <typename T = void>
class Task;

namespace detail {

// How control returns to the awaiter.
//
// The awaiter starts the task by calling resume() itself. If the task finishes
// before that call returns (it completed synchronously), the final awaiter just
// suspends and the awaiter carries on without ever suspending, so a loop of
// synchronous co_awaits never stacks frames. Only a task that really suspended
// hands control back by symmetric transfer when it finishes. Relying on symmetric
// transfer alone is not enough: GCC 12 turns it into a tail call only at -O2
// without sanitizers, and one million synchronous co_awaits then overflow the stack.
struct PromiseBase {
  std::coroutine_handle<> continuation;
  std::exception_ptr exception;
  bool starting = false;                 // the awaiter is inside resume()
  bool finished_while_starting = false;  // ... and the task finished in there

  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) const noexcept {
      PromiseBase& promise = self.promise();
      if (promise.starting) {
        promise.finished_while_starting = true;
        return std::noop_coroutine();  // back into the awaiter's resume() call
      }
      return promise.continuation ? promise.continuation : std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };

  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { exception = std::current_exception(); }

  void rethrow_if_failed() const {
    if (exception) std::rethrow_exception(exception);
  }
};

template <typename T>
struct Promise : PromiseBase {
  std::optional<T> value;

  Task<T> get_return_object() noexcept;

  template <typename U>
  requires std::is_convertible_v<U&&, T>
  void return_value(U&& result) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value.emplace(std::forward<U>(result));
  }

  T take() {
    rethrow_if_failed();
    assert(value.has_value());
    return std::move(*value);
  }
};

template <>
struct Promise<void> : PromiseBase {
  Task<void> get_return_object() noexcept;
  void return_void() const noexcept {}
  void take() const { rethrow_if_failed(); }
};

}  // namespace detail

template <typename T>
class [[nodiscard]] Task {
 public:
  using promise_type = detail::Promise<T>;
  using Handle = std::coroutine_handle<promise_type>;

  Task() noexcept = default;
  explicit Task(Handle handle) noexcept : m_handle(handle) {}
  Task(Task&& other) noexcept : m_handle(std::exchange(other.m_handle, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      destroy();
      m_handle = std::exchange(other.m_handle, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { destroy(); }

  bool valid() const noexcept { return static_cast<bool>(m_handle); }
  bool done() const noexcept { return m_handle && m_handle.done(); }

  struct Awaiter {
    Handle handle;

    bool await_ready() const noexcept { return handle.done(); }

    // Returns false (do not suspend) when the task finished synchronously.
    bool await_suspend(std::coroutine_handle<> awaiting) const {
      promise_type& promise = handle.promise();
      promise.continuation = awaiting;
      promise.starting = true;
      handle.resume();
      promise.starting = false;
      return !promise.finished_while_starting;
    }

    T await_resume() const { return handle.promise().take(); }
  };

  // Awaiting consumes the task's result; the frame stays owned by this Task.
  Awaiter operator co_await() const& noexcept {
    assert(m_handle && "awaiting an empty Task");
    return Awaiter{m_handle};
  }

 private:
  void destroy() noexcept {
    if (m_handle) std::exchange(m_handle, {}).destroy();
  }

  Handle m_handle;
};

namespace detail {

template <typename T>
Task<T> Promise<T>::get_return_object() noexcept {
  return Task<T>{std::coroutine_handle<Promise<T>>::from_promise(*this)};
}

inline Task<void> Promise<void>::get_return_object() noexcept {
  return Task<void>{std::coroutine_handle<Promise<void>>::from_promise(*this)};
}

}  // namespace detail

}  // namespace cofetch::coro
