#pragma once
// when_all: asyncio.gather for Tasks. All tasks run concurrently; the results come
// back in input order whatever order they finish in. If any task throws, the
// first exception is rethrown after every task has finished (none is abandoned).

#include <optional>
#include <utility>
#include <vector>

#include "coro/scope.hpp"
#include "coro/task.hpp"

namespace cofetch::coro {

namespace detail {

template <typename T>
Task<void> store_result(Task<T> task, std::optional<T>& slot) {
  slot.emplace(co_await task);
}

}  // namespace detail

template <typename T>
Task<std::vector<T>> when_all(std::vector<Task<T>> tasks) {
  std::vector<std::optional<T>> slots(tasks.size());
  {
    Scope scope;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      scope.spawn(detail::store_result(std::move(tasks[i]), slots[i]));
    }
    co_await scope.join();
  }
  std::vector<T> results;
  results.reserve(slots.size());
  for (auto& slot : slots) results.push_back(std::move(*slot));
  co_return results;
}

inline Task<void> when_all(std::vector<Task<void>> tasks) {
  Scope scope;
  for (auto& task : tasks) scope.spawn(std::move(task));
  co_await scope.join();
}

}  // namespace cofetch::coro
