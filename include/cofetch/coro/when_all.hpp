#pragma once
// when_all: asyncio.gather for Tasks. All tasks run concurrently; the results come
// back in input order whatever order they finish in. If any task throws, the
// first exception is rethrown after every task has finished (none is abandoned).
//
//   std::vector<Result> all = co_await when_all(std::move(tasks));  // a list of tasks
//   auto [a, b, c] = co_await when_all(fetch(x), fetch(y), fetch(z));  // a few, as a tuple

#include <cstddef>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "cofetch/coro/scope.hpp"
#include "cofetch/coro/task.hpp"

namespace cofetch::coro {

namespace detail {

template <typename T>
Task<void> store_result(Task<T> task, std::optional<T>& slot) {
  slot.emplace(co_await task);
}

template <typename... T, std::size_t... I>
void spawn_each(Scope& scope, std::tuple<Task<T>...>& tasks, std::tuple<std::optional<T>...>& slots,
                std::index_sequence<I...>) {
  (scope.spawn(store_result(std::move(std::get<I>(tasks)), std::get<I>(slots))), ...);
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

// The tasks may differ in type; each must produce a value (not Task<void>).
template <typename... T>
requires(sizeof...(T) > 0) Task<std::tuple<T...>> when_all(Task<T>... tasks) {
  std::tuple<Task<T>...> pending(std::move(tasks)...);
  std::tuple<std::optional<T>...> slots;
  {
    Scope scope;
    detail::spawn_each(scope, pending, slots, std::index_sequence_for<T...>{});
    co_await scope.join();
  }
  co_return std::apply([](auto&... slot) { return std::tuple<T...>(std::move(*slot)...); }, slots);
}

}  // namespace cofetch::coro
