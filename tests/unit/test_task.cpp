#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "cofetch/coro/scope.hpp"
#include "cofetch/coro/task.hpp"
#include "helpers.hpp"

using cofetch::coro::Scope;
using cofetch::coro::Task;
using cofetch::test::LifeCounter;
using cofetch::test::ManualEvent;

namespace {

Task<int> answer() {
  co_return 42;
}

Task<std::string> greet(std::string name) {
  co_return "hello " + name;
}

Task<int> add_awaited() {
  int a = co_await answer();
  std::string b = co_await greet("world");
  co_return a + static_cast<int>(b.size());
}

Task<int> fails() {
  throw std::runtime_error("boom");
  co_return 0;
}

Task<void> record(Task<int> task, int& out) {
  out = co_await task;
}

Task<void> record_error(Task<int> task, std::string& message) {
  try {
    co_await task;
  } catch (const std::exception& error) {
    message = error.what();
  }
}

Task<int> counted_leaf(LifeCounter) {
  co_return 1;
}

Task<int> counted_waiting(LifeCounter, ManualEvent& event) {
  co_await event;
  co_return 2;
}

Task<int> counted_parent(ManualEvent& event) {
  LifeCounter local;
  int sum = co_await counted_leaf(LifeCounter{});
  sum += co_await counted_waiting(LifeCounter{}, event);
  co_return sum;
}

Task<int> one() {
  co_return 1;
}

Task<long> sum_of_a_million_synchronous_awaits() {
  long sum = 0;
  for (int i = 0; i < 1'000'000; ++i) sum += co_await one();
  co_return sum;
}

}  // namespace

TEST_SUITE("coro.task") {
  TEST_CASE("a task's result crosses co_await") {
    int result = 0;
    Scope scope;
    scope.spawn(record(add_awaited(), result));
    CHECK(scope.active() == 0);
    CHECK(result == 42 + 11);
  }

  TEST_CASE("an exception thrown in a task reaches the coroutine that awaits it") {
    std::string message;
    Scope scope;
    scope.spawn(record_error(fails(), message));
    CHECK(message == "boom");
  }

  TEST_CASE("a task does not run until it is awaited") {
    LifeCounter::reset();
    bool ran = false;
    {
      auto task = [](bool& flag) -> Task<void> {
        flag = true;
        co_return;
      }(ran);
      CHECK_FALSE(ran);
    }
    CHECK_FALSE(ran);
  }

  TEST_CASE("every frame is destroyed exactly once, whether it finished or was suspended") {
    LifeCounter::reset();
    SUBCASE("finished") {
      ManualEvent event;
      int result = 0;
      Scope scope;
      scope.spawn(record(counted_parent(event), result));
      // The parent's local, the argument temporary (alive until the full co_await
      // expression ends) and the waiting child's copy of it; the leaf's frame is gone.
      CHECK(LifeCounter::alive() == 3);
      event.set();
      CHECK(result == 3);
    }
    SUBCASE("destroyed while suspended") {
      ManualEvent event;
      int result = 0;
      {
        Scope scope;
        scope.spawn(record(counted_parent(event), result));
        CHECK(LifeCounter::alive() == 3);
      }
      CHECK(result == 0);
    }
    CHECK(LifeCounter::alive() == 0);
    CHECK(LifeCounter::destroyed == LifeCounter::constructed);
  }

  TEST_CASE("one million synchronous co_awaits do not overflow the stack") {
    long result = 0;
    Scope scope;
    scope.spawn([](long& out) -> Task<void> {
      out = co_await sum_of_a_million_synchronous_awaits();
    }(result));
    CHECK(result == 1'000'000);
  }

  TEST_CASE("a task that suspends resumes its awaiter when it finishes later") {
    ManualEvent event;
    int result = 0;
    Scope scope;
    scope.spawn(record(counted_waiting(LifeCounter{}, event), result));
    CHECK(result == 0);
    event.set();
    CHECK(result == 2);
  }
}
