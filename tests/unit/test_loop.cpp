#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "cofetch/coro/scope.hpp"
#include "cofetch/coro/task.hpp"
#include "cofetch/coro/when_all.hpp"
#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/run_blocking.hpp"
#include "cofetch/uv/sleep.hpp"
#include "cofetch/uv/sync_wait.hpp"

using namespace std::chrono_literals;
using cofetch::coro::Scope;
using cofetch::coro::Task;
using cofetch::coro::when_all;
using cofetch::uv::Loop;
using cofetch::uv::run_blocking;
using cofetch::uv::sleep;
using cofetch::uv::sync_wait;
using Clock = std::chrono::steady_clock;

namespace {

Task<int> sleep_then_log(Loop& loop, std::chrono::milliseconds delay, int id,
                         std::vector<int>& log) {
  co_await sleep(loop, delay);
  log.push_back(id);
  co_return id;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

TEST_SUITE("uv.loop") {
  TEST_CASE(
      "sleeps of 300, 200 and 100 ms started together end in about 300 ms, in reverse order") {
    Loop loop;
    std::vector<int> finish_order;
    const auto start = Clock::now();
    std::vector<Task<int>> tasks;
    tasks.push_back(sleep_then_log(loop, 300ms, 300, finish_order));
    tasks.push_back(sleep_then_log(loop, 200ms, 200, finish_order));
    tasks.push_back(sleep_then_log(loop, 100ms, 100, finish_order));
    auto results = sync_wait(loop, when_all(std::move(tasks)));
    const double elapsed = seconds_since(start);
    CHECK(results == std::vector<int>{300, 200, 100});  // gather keeps input order
    CHECK(finish_order == std::vector<int>{100, 200, 300});
    CHECK(elapsed >= 0.29);
    CHECK(elapsed < 0.55);  // not 0.6 s: they ran concurrently
    CHECK(loop.close() == 0);
  }

  TEST_CASE("run_blocking runs the function on another thread and returns its result on the loop") {
    Loop loop;
    const auto loop_thread = std::this_thread::get_id();
    std::thread::id worker_thread;
    auto task = [](Loop& l, std::thread::id& worker) -> Task<int> {
      auto job = [&worker] {
        worker = std::this_thread::get_id();
        return 6 * 7;
      };
      co_return co_await run_blocking(l, std::move(job));
    }(loop, worker_thread);
    CHECK(sync_wait(loop, std::move(task)) == 42);
    CHECK(worker_thread != loop_thread);
    CHECK(loop.close() == 0);
  }

  TEST_CASE("an exception thrown by a blocking function reaches the awaiting coroutine") {
    Loop loop;
    auto task = [](Loop& l) -> Task<void> {
      co_await run_blocking(l, []() -> int { throw std::runtime_error("disk on fire"); });
    }(loop);
    CHECK_THROWS_WITH_AS(sync_wait(loop, std::move(task)), "disk on fire", std::runtime_error);
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a sleeping frame destroyed early closes its timer and the loop still closes cleanly") {
    Loop loop;
    std::vector<int> log;
    {
      Scope scope;
      scope.spawn([](Loop& l, std::vector<int>& out) -> Task<void> {
        co_await sleep_then_log(l, 10s, 1, out);
      }(loop, log));  // the timer is armed before spawn returns
    }                 // the scope destroys the sleeping frame
    const auto start = Clock::now();
    CHECK(loop.close() == 0);
    CHECK(seconds_since(start) < 1.0);  // the 10 s timer is gone, not awaited
    CHECK(log.empty());
  }

  TEST_CASE("a frame destroyed while its blocking job runs does not leak or crash") {
    Loop loop;
    {
      Scope scope;
      scope.spawn([](Loop& l) -> Task<void> {
        co_await run_blocking(l, [] { std::this_thread::sleep_for(50ms); });
      }(loop));
    }
    CHECK(loop.close() == 0);  // waits for the job, whose callback frees it
  }

  TEST_CASE("sync_wait reports a task that can never be woken") {
    Loop loop;
    auto task = []() -> Task<void> { co_await std::suspend_always{}; }();
    CHECK_THROWS_AS(sync_wait(loop, std::move(task)), std::logic_error);
    CHECK(loop.close() == 0);
  }
}
