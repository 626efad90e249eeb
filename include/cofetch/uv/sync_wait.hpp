#pragma once
// sync_wait(loop, task): asyncio.run for one Task. Starts the task, turns the
// loop until it finishes and returns its result (or rethrows its exception).

#include <exception>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "cofetch/coro/scope.hpp"
#include "cofetch/coro/task.hpp"
#include "cofetch/uv/loop.hpp"

namespace cofetch::uv {

namespace detail {

template <typename T>
coro::Task<void> capture(coro::Task<T> task, std::optional<T>& value, std::exception_ptr& error) {
  try {
    value.emplace(co_await task);
  } catch (...) {
    error = std::current_exception();
  }
}

inline coro::Task<void> capture(coro::Task<void> task, std::optional<bool>& value,
                                std::exception_ptr& error) {
  try {
    co_await task;
    value.emplace(true);
  } catch (...) {
    error = std::current_exception();
  }
}

}  // namespace detail

// Runs `task` until it finishes or `stop` turns true; then destroys it, which
// cancels whatever it still waits for. True when it finished.
inline bool run_until(Loop& loop, coro::Task<void> task, const bool& stop) {
  std::optional<bool> finished;
  std::exception_ptr error;
  {
    coro::Scope scope;
    scope.spawn(detail::capture(std::move(task), finished, error));
    while (scope.active() > 0 && !stop) {
      if (!loop.run_once() && scope.active() > 0 && !stop) {
        throw std::logic_error("run_until: the task waits for an event that can never happen");
      }
    }
  }
  if (error) std::rethrow_exception(error);
  return finished.has_value();
}

template <typename T>
T sync_wait(Loop& loop, coro::Task<T> task) {
  using Slot = std::conditional_t<std::is_void_v<T>, bool, T>;
  std::optional<Slot> value;
  std::exception_ptr error;
  coro::Scope scope;  // destroying it cancels the task if we leave early
  scope.spawn(detail::capture(std::move(task), value, error));
  while (scope.active() > 0) {
    if (!loop.run_once() && scope.active() > 0) {
      throw std::logic_error("sync_wait: the task waits for an event that can never happen");
    }
  }
  if (error) std::rethrow_exception(error);
  if constexpr (!std::is_void_v<T>) return std::move(*value);
}

}  // namespace cofetch::uv
