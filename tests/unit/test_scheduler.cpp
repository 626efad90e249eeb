// The scheduler on a real loop, with a scripted fetch instead of libcurl: no
// sockets, so caps, order, retries, pacing and cancellation are checked exactly.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "cofetch/coro/scope.hpp"
#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/sleep.hpp"
#include "cofetch/uv/sync_wait.hpp"
#include "run/job.hpp"
#include "run/scheduler.hpp"
#include "scripted_fetch.hpp"

using namespace std::chrono_literals;
using namespace cofetch::test;
using cofetch::run::JobList;
using cofetch::run::LiveCounts;
using cofetch::run::StopControl;
using cofetch::uv::Loop;

TEST_SUITE("run.scheduler") {
  TEST_CASE("at most -j fetches run at once, and every job gets exactly one result") {
    Loop loop;
    {
      ScriptedFetch fetch(loop, [](std::size_t, int) { return Step{10}; });
      Limits limits;
      limits.concurrency = 3;
      const auto results = run_pass(jobs_count(20), fetch, loop, limits);
      CHECK(fetch.peak == 3);
      REQUIRE(results.size() == 20);
      std::vector<std::size_t> indexes;
      for (const Result& result : results) indexes.push_back(result.index);
      std::sort(indexes.begin(), indexes.end());
      for (std::size_t i = 0; i < indexes.size(); ++i) CHECK(indexes[i] == i);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("the input is read no faster than slots free up") {
    // A source that counts how far it has been read.
    class Counting final : public cofetch::run::JobSource {
     public:
      Task<std::optional<Job>> next() override {
        if (read == 20'000) co_return std::nullopt;
        co_return job(read++, "http://host.test/");
      }
      std::size_t read = 0;
    };
    Loop loop;
    {
      ScriptedFetch fetch(loop, [](std::size_t, int) { return Step{5}; });
      Limits limits;
      limits.concurrency = 2;
      const std::size_t window = limits.concurrency + limits.look_ahead();
      Counting source;
      Collect sink;
      PassOutcome outcome;
      StopControl control;
      bool stop = false;
      // Stop after the first round of fetches has begun: little may have been read.
      auto watch = [](Loop& l, Counting& counting, bool& flag, std::size_t most) -> Task<void> {
        co_await cofetch::uv::sleep(l, 2ms);
        CHECK(counting.read <= most);  // concurrency + look-ahead
        flag = true;
      };
      cofetch::coro::Scope scope;
      scope.spawn(watch(loop, source, stop, window));
      cofetch::uv::run_until(
          loop,
          cofetch::run::schedule(loop, source, fetch, limits, sink, nullptr, &control, outcome),
          stop);
      CHECK(source.read <= window + 2);
      CHECK(source.read < 20'000);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("--per-host caps each host, and other hosts' jobs go around a busy one") {
    Loop loop;
    {
      ScriptedFetch fetch(loop, [](std::size_t, int) { return Step{20}; });
      Limits limits;
      limits.concurrency = 4;
      limits.hosts.per_host = 1;
      const auto results =
          run_pass(jobs_on({"a.test", "a.test", "a.test", "a.test", "b.test", "c.test"}), fetch,
                   loop, limits);
      CHECK(results.size() == 6);
      CHECK(fetch.peak_per_host["http://a.test"] == 1);
      CHECK(fetch.peak_per_host["http://b.test"] == 1);
      // b and c started with the first of a, not after a's queue.
      std::map<std::size_t, Clock::time_point> started;
      for (const auto& start : fetch.starts) started[start.index] = start.at;
      CHECK(ms_between(started[0], started[4]) < 15);
      CHECK(ms_between(started[0], started[5]) < 15);
      CHECK(ms_between(started[0], started[3]) >= 55);  // three of a before it
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a transient failure is tried again; the wait holds no slot") {
    Loop loop;
    {
      // Job 0 answers 503 twice, then 200; job 1 is a plain 200.
      ScriptedFetch fetch(loop, [](std::size_t index, int attempt) {
        return index == 0 && attempt < 3 ? Step{5, 503} : Step{5, 200};
      });
      Limits limits;
      limits.concurrency = 1;
      limits.retry.retries = 2;
      limits.retry.delay = 30ms;
      const auto results = run_pass(jobs_count(2), fetch, loop, limits);
      REQUIRE(results.size() == 2);
      const Result& retried = results[0].index == 0 ? results[0] : results[1];
      CHECK(retried.attempts == 3);
      CHECK(retried.status == 200);
      // With one slot, job 1 ran while job 0 waited to try again.
      REQUIRE(fetch.starts.size() == 4);
      CHECK(fetch.starts[0].index == 0);
      CHECK(fetch.starts[1].index == 1);
      // Each wait is at most the back-off ceiling: 30 ms, then 60 ms.
      CHECK(ms_between(fetch.starts[0].at, fetch.starts[2].at) < 30 + 5 + 5 + 40);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("retries stop at --retry, and a failure that is not transient is not retried") {
    Loop loop;
    {
      ScriptedFetch fetch(loop, [](std::size_t index, int) {
        return index == 0 ? Step{1, 0, ErrorKind::connect} : Step{1, 0, ErrorKind::dns};
      });
      Limits limits;
      limits.retry.retries = 3;
      limits.retry.delay = 1ms;
      limits.hosts.host_errors = 0;  // four refused connects would give the host up
      const auto results = run_pass(jobs_on({"a.test", "b.test"}), fetch, loop, limits);
      REQUIRE(results.size() == 2);
      for (const Result& result : results) CHECK(result.attempts == (result.index == 0 ? 4 : 1));
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("--rate paces the starts") {
    Loop loop;
    {
      ScriptedFetch fetch(loop, [](std::size_t, int) { return Step{0}; });
      Limits limits;
      limits.rate_per_second = 50;  // one every 20 ms
      run_pass(jobs_count(6), fetch, loop, limits);
      REQUIRE(fetch.starts.size() == 6);
      for (std::size_t i = 1; i < fetch.starts.size(); ++i) {
        CHECK(ms_between(fetch.starts[i - 1].at, fetch.starts[i].at) >= 15);
      }
      CHECK(ms_between(fetch.starts.front().at, fetch.starts.back().at) >= 95);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("--order input emits in input order whatever the completion order") {
    Loop loop;
    {
      // Later jobs finish first.
      ScriptedFetch fetch(
          loop, [](std::size_t index, int) { return Step{static_cast<int>(40 - 5 * index)}; });
      Limits limits;
      limits.in_order = true;
      const auto results = run_pass(jobs_count(8), fetch, loop, limits);
      REQUIRE(results.size() == 8);
      for (std::size_t i = 0; i < results.size(); ++i) CHECK(results[i].index == i);
      CHECK(fetch.starts.back().index == 7);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a line that is not a URL is reported without a fetch") {
    Loop loop;
    {
      ScriptedFetch fetch(loop, [](std::size_t, int) { return Step{1}; });
      std::vector<Job> jobs = jobs_count(3);
      jobs[1].entry.problem = "list.txt:2: no scheme";
      const auto results = run_pass(std::move(jobs), fetch, loop, Limits{});
      REQUIRE(results.size() == 3);
      CHECK(fetch.starts.size() == 2);
      for (const Result& result : results) {
        if (result.index != 1) continue;
        REQUIRE(result.error);
        CHECK(result.error->kind == ErrorKind::invalid_url);
        CHECK(result.error->message == "list.txt:2: no scheme");
        CHECK(result.attempts == 0);
        CHECK(result.curl_code == 3);
      }
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a stop reports each unfinished job as cancelled once, and destroys its fetch") {
    LifeCounter::reset();
    Loop loop;
    {
      // Jobs 0 and 1 finish at once; the rest would take ten seconds.
      ScriptedFetch fetch(loop,
                          [](std::size_t index, int) { return Step{index < 2 ? 1 : 10'000}; });
      Limits limits;
      limits.concurrency = 4;
      JobList list(jobs_count(6));
      Collect sink;
      PassOutcome outcome;
      StopControl control;
      auto stop_soon = [](Loop& l, StopControl& c) -> Task<void> {
        co_await cofetch::uv::sleep(l, 50ms);
        c.stop("test stop");
      };
      cofetch::coro::Scope scope;
      scope.spawn(stop_soon(loop, control));
      const auto started = Clock::now();
      cofetch::uv::run_until(
          loop, cofetch::run::schedule(loop, list, fetch, limits, sink, nullptr, &control, outcome),
          control.stopped_flag());
      CHECK(ms_between(started, Clock::now()) < 5000);
      CHECK(LifeCounter::alive() == 0);  // every fetch frame is gone
      std::vector<std::size_t> cancelled;
      std::size_t done = 0;
      for (const Result& result : sink.results) {
        if (result.error && result.error->kind == ErrorKind::cancelled) {
          CHECK(result.error->message == "test stop");
          CHECK(result.curl_code == 42);
          cancelled.push_back(result.index);
        } else {
          ++done;
        }
      }
      CHECK(done == 2);
      // Read and unfinished: the four still in flight.
      CHECK(cancelled.size() == 4);
      std::sort(cancelled.begin(), cancelled.end());
      CHECK(std::adjacent_find(cancelled.begin(), cancelled.end()) == cancelled.end());
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("queue time is the wait for a slot, before the fetch started") {
    Loop loop;
    {
      ScriptedFetch fetch(loop, [](std::size_t, int) { return Step{30}; });
      Limits limits;
      limits.concurrency = 1;
      const auto results = run_pass(jobs_count(2), fetch, loop, limits);
      REQUIRE(results.size() == 2);
      const Result& second = results[0].index == 1 ? results[0] : results[1];
      CHECK(second.queued_ms >= 25);
    }
    CHECK(loop.close() == 0);
  }
}

TEST_SUITE("run.jobs") {
  TEST_CASE("each entry is parsed as a URL; a line that is not one says where it was") {
    Loop loop;
    {
      std::vector<cofetch::input::Entry> entries(2);
      entries[0].url = "http://a.test/x";
      entries[1].index = 1;
      entries[1].url = "not a url";
      entries[1].place.input = std::make_shared<const std::string>("list.txt");
      entries[1].place.line = 7;
      cofetch::input::EntryList list(std::move(entries));
      cofetch::run::UrlJobs jobs(list);
      const auto first = cofetch::uv::sync_wait(loop, jobs.next());
      REQUIRE(first);
      CHECK(first->url != nullptr);
      CHECK_FALSE(first->entry.problem);
      const auto second = cofetch::uv::sync_wait(loop, jobs.next());
      REQUIRE(second);
      CHECK(second->url == nullptr);
      REQUIRE(second->entry.problem);
      CHECK(second->entry.problem->starts_with("list.txt:7: "));
    }
    CHECK(loop.close() == 0);
  }
}
