#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "cofetch/coro/scope.hpp"
#include "cofetch/coro/task.hpp"
#include "cofetch/coro/when_all.hpp"
#include "helpers.hpp"

using cofetch::coro::Scope;
using cofetch::coro::Task;
using cofetch::coro::when_all;
using cofetch::test::LifeCounter;
using cofetch::test::ManualEvent;

namespace {

Task<void> wait_then_append(ManualEvent& event, std::vector<int>& log, int id) {
  co_await event;
  log.push_back(id);
}

Task<void> join_then_flag(Scope& scope, bool& joined) {
  co_await scope.join();
  joined = true;
}

Task<int> value_after(ManualEvent& event, int value) {
  co_await event;
  co_return value;
}

Task<void> gather(std::vector<Task<int>> tasks, std::vector<int>& out) {
  out = co_await when_all(std::move(tasks));
}

Task<int> throws_after(ManualEvent& event) {
  co_await event;
  throw std::runtime_error("late failure");
}

Task<void> gather_expecting_error(std::vector<Task<int>> tasks, std::string& message) {
  try {
    co_await when_all(std::move(tasks));
  } catch (const std::exception& error) {
    message = error.what();
  }
}

Task<void> hold(LifeCounter, ManualEvent& never) {
  co_await never;
}

}  // namespace

TEST_SUITE("coro.scope") {
  TEST_CASE("join completes only after every spawned task has finished") {
    ManualEvent first, second;
    std::vector<int> log;
    bool joined = false;
    Scope scope;
    scope.spawn(wait_then_append(first, log, 1));
    scope.spawn(wait_then_append(second, log, 2));
    Scope outer;
    outer.spawn(join_then_flag(scope, joined));
    CHECK(scope.active() == 2);
    second.set();
    CHECK_FALSE(joined);
    first.set();
    CHECK(joined);
    CHECK(log == std::vector<int>{2, 1});
  }

  TEST_CASE("join on an empty scope does not suspend") {
    Scope scope;
    bool joined = false;
    Scope outer;
    outer.spawn(join_then_flag(scope, joined));
    CHECK(joined);
  }

  TEST_CASE("destroying a scope destroys the frames of its suspended tasks") {
    LifeCounter::reset();
    ManualEvent never;
    {
      Scope scope;
      for (int i = 0; i < 10; ++i) scope.spawn(hold(LifeCounter{}, never));
      CHECK(LifeCounter::alive() == 10);
    }
    CHECK(LifeCounter::alive() == 0);
  }
}

TEST_SUITE("coro.when_all") {
  TEST_CASE("results keep input order when completions arrive in reverse order") {
    std::vector<ManualEvent> events(5);
    std::vector<Task<int>> tasks;
    for (int i = 0; i < 5; ++i)
      tasks.push_back(value_after(events[static_cast<std::size_t>(i)], i * 10));
    std::vector<int> results;
    Scope scope;
    scope.spawn(gather(std::move(tasks), results));
    for (int i = 4; i >= 0; --i) {
      CHECK(results.empty());
      events[static_cast<std::size_t>(i)].set();
    }
    CHECK(results == std::vector<int>{0, 10, 20, 30, 40});
  }

  TEST_CASE("the first exception is rethrown once every task has finished") {
    ManualEvent fail_now, finish_later;
    std::vector<Task<int>> tasks;
    tasks.push_back(throws_after(fail_now));
    tasks.push_back(value_after(finish_later, 7));
    std::string message;
    Scope scope;
    scope.spawn(gather_expecting_error(std::move(tasks), message));
    fail_now.set();
    CHECK(message.empty());  // the second task is still running
    finish_later.set();
    CHECK(message == "late failure");
  }
}
