// What the scheduler learns about each host and what it does with it: the host
// record's decisions on their own, then the scheduler with a scripted fetch that
// plays hosts which are gone, do not resolve, refuse above a capacity, or ask to
// wait.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "cofetch/coro/scope.hpp"
#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/sleep.hpp"
#include "run/host_record.hpp"
#include "run/scheduler.hpp"
#include "scripted_fetch.hpp"

using namespace std::chrono_literals;
using namespace cofetch::test;
using cofetch::run::HostAttempt;
using cofetch::run::HostPolicy;
using cofetch::run::HostRecord;
using cofetch::run::HostStats;
using cofetch::run::JobList;
using cofetch::uv::Loop;

namespace {

Result answer(int status, std::optional<std::int64_t> retry_after = {}) {
  Result result;
  result.status = status;
  result.retry_after_s = retry_after;
  return result;
}

Result failure(ErrorKind kind, int curl_code, std::string message) {
  Result result;
  result.error = FetchError{kind, std::move(message)};
  result.curl_code = curl_code;
  return result;
}

HostAttempt attempt_at(std::size_t level, Clock::time_point started, bool connected = true) {
  HostAttempt attempt;
  attempt.level = level;
  attempt.started = started;
  attempt.connected = connected;
  return attempt;
}

// A connected host that refused an attempt at `level`.
HostRecord refused_at(std::size_t level, const HostPolicy& policy, HostStats& stats,
                      Clock::time_point when) {
  HostRecord record;
  record.connected();
  record.learn(policy, attempt_at(level, when), answer(503), "http://a.test:80", when, stats);
  return record;
}

std::vector<Result> of_host(const std::vector<Result>& results, const std::string& host) {
  std::vector<Result> out;
  for (const Result& result : results) {
    if (host_of(result.url) == host) out.push_back(result);
  }
  return out;
}

std::size_t count_kind(const std::vector<Result>& results, ErrorKind kind) {
  return static_cast<std::size_t>(
      std::count_if(results.begin(), results.end(),
                    [&](const Result& r) { return r.error && r.error->kind == kind; }));
}

}  // namespace

TEST_SUITE("run.host_record") {
  TEST_CASE(
      "a host goes one at a time until it resolves, then --host-errors at a time until it "
      "connects, then without a cap") {
    HostPolicy policy;
    policy.host_errors = 4;
    HostRecord record;
    CHECK(record.capacity(policy) == 1);
    record.resolved();
    CHECK(record.capacity(policy) == 4);
    record.connected();
    CHECK(record.capacity(policy) == HostRecord::k_no_limit);
    policy.per_host = 3;
    CHECK(record.capacity(policy) == 3);
  }

  TEST_CASE("with --host-errors 0 every URL is tried: no start-up cap and no verdict") {
    HostPolicy policy;
    policy.host_errors = 0;
    HostRecord record;
    CHECK(record.capacity(policy) == HostRecord::k_no_limit);
    HostStats stats;
    const auto now = Clock::now();
    for (int i = 0; i < 10; ++i) {
      record.learn(policy, attempt_at(1, now, false), failure(ErrorKind::connect, 7, "refused"),
                   "http://a.test:80", now, stats);
      record.learn(policy, attempt_at(1, now, false), failure(ErrorKind::dns, 6, "no name"),
                   "http://a.test:80", now, stats);
    }
    CHECK_FALSE(record.verdict());
    CHECK(stats.given_up == 0);
    CHECK(stats.unresolved == 0);
  }

  TEST_CASE("N connect failures in a row give up a host that never connected, naming them") {
    HostPolicy policy;
    policy.host_errors = 3;
    HostRecord record;
    record.resolved();
    HostStats stats;
    const auto now = Clock::now();
    Result timed_out = failure(ErrorKind::timeout, 28, "connect timeout: Failed to connect");
    for (int i = 0; i < 2; ++i)
      record.learn(policy, attempt_at(1, now, false), timed_out, "http://a.test:80", now, stats);
    CHECK_FALSE(record.verdict());
    record.learn(policy, attempt_at(1, now, false), timed_out, "http://a.test:80", now, stats);
    REQUIRE(record.verdict());
    CHECK(record.verdict()->kind == ErrorKind::host_skipped);
    CHECK(record.verdict()->curl_code == 28);
    CHECK(record.verdict()->message ==
          "skipped: http://a.test:80 failed 3 times in a row and never connected "
          "(--host-errors 3); last: connect timeout: Failed to connect");
    CHECK(stats.given_up == 1);
  }

  TEST_CASE(
      "a host given up lets one URL through after the cool-down, twice as long each time "
      "it is still gone; one that connects brings it back") {
    HostPolicy policy;
    policy.host_errors = 1;
    policy.reprobe_after = 30s;
    HostRecord record;
    HostStats stats;
    auto now = Clock::now();
    Result refused = failure(ErrorKind::connect, 7, "refused");
    record.learn(policy, attempt_at(1, now, false), refused, "h", now, stats);
    REQUIRE(record.verdict());
    CHECK_FALSE(record.reprobe_due(now + 29s));
    CHECK(record.reprobe_due(now + 30s));
    record.reprobe_started();
    CHECK_FALSE(record.reprobe_due(now + 31s));  // one at a time
    now += 31s;
    HostAttempt probe = attempt_at(1, now, false);
    probe.reprobe = true;
    record.learn(policy, probe, refused, "h", now, stats);
    REQUIRE(record.verdict());  // still gone
    CHECK_FALSE(record.reprobe_due(now + 59s));
    CHECK(record.reprobe_due(now + 60s));
    record.reprobe_started();
    record.connected();  // this time it answers
    CHECK_FALSE(record.verdict());
    CHECK(record.capacity(policy) == HostRecord::k_no_limit);
    CHECK(stats.given_up == 1);
  }

  TEST_CASE("a host that connected once is never given up") {
    HostPolicy policy;
    policy.host_errors = 2;
    HostRecord record;
    HostStats stats;
    const auto now = Clock::now();
    Result refused = failure(ErrorKind::connect, 7, "refused");
    record.learn(policy, attempt_at(1, now, false), refused, "h", now, stats);
    record.learn(policy, attempt_at(1, now), answer(200), "h", now, stats);  // it came back
    for (int i = 0; i < 10; ++i)
      record.learn(policy, attempt_at(1, now, false), refused, "h", now, stats);
    CHECK_FALSE(record.verdict());
    CHECK(record.reach() == HostRecord::Reach::connected);
  }

  TEST_CASE("a name that does not resolve is looked up once: the rest get its dns failure") {
    HostPolicy policy;
    HostRecord record;
    HostStats stats;
    const auto now = Clock::now();
    record.learn(policy, attempt_at(1, now, false),
                 failure(ErrorKind::dns, 6, "Could not resolve host: gone.invalid"), "h", now,
                 stats);
    REQUIRE(record.verdict());
    CHECK(record.verdict()->kind == ErrorKind::dns);
    CHECK(record.verdict()->curl_code == 6);
    CHECK(record.verdict()->message ==
          "Could not resolve host: gone.invalid (not looked up again: the name failed for an "
          "earlier URL)");
    CHECK(stats.unresolved == 1);
  }

  TEST_CASE(
      "only failures before a connection count: a timeout once connected, TLS or a "
      "reset do not") {
    using cofetch::run::failed_to_connect;
    CHECK(failed_to_connect(failure(ErrorKind::connect, 7, ""), false));
    CHECK(failed_to_connect(failure(ErrorKind::dns, 6, ""), false));
    Result timed_out = failure(ErrorKind::timeout, 28, "");
    CHECK(failed_to_connect(timed_out, false));
    timed_out.curl_us.connect = 150;  // libcurl reached the connection
    CHECK_FALSE(failed_to_connect(timed_out, false));
    CHECK_FALSE(failed_to_connect(failure(ErrorKind::tls, 35, ""), false));
    CHECK_FALSE(failed_to_connect(failure(ErrorKind::recv, 56, ""), false));
    CHECK_FALSE(failed_to_connect(failure(ErrorKind::connect, 7, ""), true));
    CHECK_FALSE(failed_to_connect(answer(200), false));
  }

  TEST_CASE("a refusal at level L sets the limit to L - 1, and never raises it") {
    HostPolicy policy;
    HostStats stats;
    const auto t0 = Clock::now();
    HostRecord record = refused_at(9, policy, stats, t0);
    CHECK(record.limit() == 8);
    CHECK(record.slowed());
    CHECK(stats.slowed == 1);
    CHECK(stats.refusals == 1);
    record.learn(policy, attempt_at(30, t0), answer(429), "h", t0, stats);  // same crowd, higher
    CHECK(record.limit() == 8);
    record.learn(policy, attempt_at(1, t0), answer(429), "h", t0, stats);  // even alone
    CHECK(record.limit() == 1);
    CHECK(stats.refusals == 3);
    CHECK(stats.slowed == 1);  // hosts, not refusals
  }

  TEST_CASE(
      "503s that keep coming at the lowered limit are pages that fail, not load: the limit "
      "goes back and they no longer lower it") {
    HostPolicy policy;
    HostStats stats;
    auto now = Clock::now();
    HostRecord record = refused_at(40, policy, stats, now);
    CHECK(record.limit() == 39);
    // Started after the decrease: 200, 503, 200, 503.
    for (int i = 0; i < 4; ++i) {
      now += 1ms;
      record.learn(policy, attempt_at(10, now), answer(i % 2 ? 503 : 200), "h", now, stats);
    }
    CHECK(record.limit() == HostRecord::k_no_limit);  // back to where it was
    record.learn(policy, attempt_at(30, now), answer(503), "h", now, stats);
    CHECK(record.limit() == HostRecord::k_no_limit);  // no sign of load
    record.learn(policy, attempt_at(30, now), answer(429), "h", now, stats);
    CHECK(record.limit() == 29);  // a 429 still is
    CHECK(stats.refusals == 5);
  }

  TEST_CASE(
      "a 503 to a request alone in flight to its host is a page, not load: the limit goes back "
      "to what it was before the first 503, Retry-After still pauses") {
    HostPolicy policy;
    HostStats stats;
    auto now = Clock::now();
    HostRecord record;
    record.connected();
    record.learn(policy, attempt_at(40, now), answer(503, 1), "h", now, stats);
    CHECK(record.limit() == 39);
    record.learn(policy, attempt_at(39, now), answer(429), "h", now, stats);  // same crowd
    now += 2s;
    record.learn(policy, attempt_at(20, now), answer(503, 1), "h", now, stats);
    CHECK(record.limit() == 19);  // taken for load so far
    now += 2s;
    record.learn(policy, attempt_at(1, now), answer(503, 1), "h", now, stats);
    CHECK(record.limit() == HostRecord::k_no_limit);  // as before the first 503
    CHECK(record.ready_at() == now + 1s);             // asked to wait: it waits
    now += 2s;
    record.learn(policy, attempt_at(30, now), answer(503, 1), "h", now, stats);
    CHECK(record.limit() == HostRecord::k_no_limit);
    record.learn(policy, attempt_at(30, now), answer(429), "h", now, stats);
    CHECK(record.limit() == 29);  // a 429 still lowers it
    CHECK(stats.refusals == 6);
  }

  TEST_CASE("503s that stop at the lowered limit were load, and go on lowering it") {
    HostPolicy policy;
    HostStats stats;
    auto now = Clock::now();
    HostRecord record = refused_at(9, policy, stats, now);
    CHECK(record.limit() == 8);
    for (int i = 0; i < 8; ++i) {
      now += 1ms;
      record.learn(policy, attempt_at(8, now), answer(200), "h", now, stats);
    }
    record.learn(policy, attempt_at(8, now), answer(503), "h", now, stats);
    CHECK(record.limit() == 7);
  }

  TEST_CASE(
      "after 16 x limit answers in a row the limit rises by one; a refusal of that level "
      "doubles the count") {
    HostPolicy policy;
    HostStats stats;
    auto now = Clock::now();
    HostRecord record = refused_at(5, policy, stats, now);
    REQUIRE(record.limit() == 4);
    for (int i = 0; i < 63; ++i)
      record.learn(policy, attempt_at(4, now), answer(200), "h", now, stats);
    CHECK(record.limit() == 4);
    record.learn(policy, attempt_at(4, now), answer(200), "h", now, stats);
    CHECK(record.limit() == 5);
    now += 1s;  // the probe at 5 is refused
    record.learn(policy, attempt_at(5, now), answer(503), "h", now, stats);
    CHECK(record.limit() == 4);
    for (int i = 0; i < 127; ++i)
      record.learn(policy, attempt_at(4, now), answer(200), "h", now, stats);
    CHECK(record.limit() == 4);
    record.learn(policy, attempt_at(4, now), answer(200), "h", now, stats);
    CHECK(record.limit() == 5);
  }

  TEST_CASE(
      "Retry-After pauses the host, at most five times, and is capped; such a host is "
      "not probed") {
    HostPolicy policy;
    policy.longest_pause = 30s;
    HostStats stats;
    auto now = Clock::now();
    HostRecord record;
    record.connected();
    record.learn(policy, attempt_at(3, now), answer(429, 2), "h", now, stats);
    CHECK(record.ready_at() == now + 2s);
    CHECK(record.limit() == 2);
    // Refusals of the same crowd (started before the pause) start no new pause.
    record.learn(policy, attempt_at(4, now - 1ms), answer(429, 2), "h", now + 1ms, stats);
    CHECK(record.ready_at() == now + 1ms + 2s);
    for (int i = 0; i < 1000; ++i)
      record.learn(policy, attempt_at(2, now), answer(200), "h", now, stats);
    CHECK(record.limit() == 2);  // not probed
    for (int pause = 2; pause <= 6; ++pause) {
      now += 100s;  // after the last pause
      record.learn(policy, attempt_at(1, now), answer(429, 3600), "h", now, stats);
      if (pause <= 5) CHECK(record.ready_at() == now + 30s);  // capped
    }
    CHECK(record.ready_at() < now);  // the sixth asked in vain
  }

  TEST_CASE("--per-host-rate spaces the starts") {
    HostPolicy policy;
    policy.spacing = 250ms;
    HostRecord record;
    const auto now = Clock::now();
    record.started(policy, now);
    CHECK(record.ready_at() == now + 250ms);
  }
}

TEST_SUITE("run.hosts") {
  TEST_CASE(
      "a host that never connects is given up after --host-errors failures; its other URLs "
      "are host_skipped untried, and the other hosts run on") {
    Loop loop;
    {
      // gone.test times out connecting after 50 ms; live.test answers in 5 ms.
      ScriptedFetch fetch(loop, [](std::size_t index, int) {
        return index % 2 == 0 ? Step::timed_out_connecting(50) : Step{5};
      });
      Limits limits;
      limits.concurrency = 10;
      limits.hosts.host_errors = 3;
      std::vector<std::string> hosts;
      for (int i = 0; i < 40; ++i) hosts.push_back(i % 2 == 0 ? "gone.test" : "live.test");
      PassOutcome outcome;
      const auto started = Clock::now();
      const auto results = run_pass(jobs_on(hosts), fetch, loop, limits, &outcome);
      REQUIRE(results.size() == 40);
      const auto gone = of_host(results, "http://gone.test");
      CHECK(fetch.attempts_at("http://gone.test") == 3);
      CHECK(count_kind(gone, ErrorKind::timeout) == 3);
      CHECK(count_kind(gone, ErrorKind::host_skipped) == 17);
      for (const Result& result : gone) {
        if (result.error->kind != ErrorKind::host_skipped) continue;
        CHECK(result.attempts == 0);
        CHECK(result.curl_code == 7);
        CHECK(result.error->message.starts_with("skipped: http://gone.test:80 failed 3 times"));
      }
      for (const Result& result : of_host(results, "http://live.test")) CHECK(result.status == 200);
      CHECK(outcome.hosts.given_up == 1);
      // One connect timeout of waiting, not seventeen.
      CHECK(ms_between(started, Clock::now()) < 500);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a host given up stops its URLs' retries; each keeps its own failure") {
    Loop loop;
    {
      ScriptedFetch fetch(loop, [](std::size_t, int) { return Step{1, 0, ErrorKind::connect}; });
      Limits limits;
      limits.retry.retries = 5;
      limits.retry.delay = 1ms;
      limits.hosts.host_errors = 4;
      const auto results = run_pass(jobs_count(10), fetch, loop, limits);
      REQUIRE(results.size() == 10);
      CHECK(fetch.attempts_at("http://host.test") >= 4);
      CHECK(fetch.attempts_at("http://host.test") < 8);
      std::size_t tried = 0;
      for (const Result& result : results) {
        if (result.error->kind == ErrorKind::connect) {
          ++tried;
          CHECK(result.attempts >= 1);
        } else {
          CHECK(result.error->kind == ErrorKind::host_skipped);
          CHECK(result.attempts == 0);
        }
      }
      CHECK(tried + count_kind(results, ErrorKind::host_skipped) == 10);
      CHECK(tried < 8);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE(
      "a host that fails a few times and then answers is tried for every URL, also when "
      "it fails again later") {
    Loop loop;
    {
      // Down for the first 3 attempts (fewer than --host-errors), up for 5, down again.
      int attempts = 0;
      ScriptedFetch fetch(loop, [&attempts](std::size_t, int) {
        ++attempts;
        return attempts <= 3 || attempts > 8 ? Step{2, 0, ErrorKind::connect} : Step{2};
      });
      Limits limits;
      limits.concurrency = 1;
      limits.hosts.host_errors = 4;
      const auto results = run_pass(jobs_count(20), fetch, loop, limits);
      REQUIRE(results.size() == 20);
      CHECK(fetch.starts.size() == 20);
      CHECK(count_kind(results, ErrorKind::host_skipped) == 0);
      CHECK(count_kind(results, ErrorKind::connect) == 15);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE(
      "a host given up and back again: after the cool-down one URL finds it, and the rest "
      "of its URLs are fetched") {
    Loop loop;
    {
      // Refused for the first 50 ms, then up.
      const auto up_at = Clock::now() + 50ms;
      ScriptedFetch fetch(loop, [up_at](std::size_t, int) {
        return Clock::now() < up_at ? Step{1, 0, ErrorKind::connect} : Step{1};
      });
      Limits limits;
      limits.hosts.host_errors = 2;
      limits.hosts.reprobe_after = 100ms;
      Trickle list(loop, jobs_count(30), 10ms);  // one URL every 10 ms, as from a slow pipe
      PassOutcome outcome;
      const auto results = run_pass(list, fetch, loop, limits, &outcome);
      REQUIRE(results.size() == 30);
      std::vector<std::string> story(30);
      for (const Result& r : results)
        story[r.index] = r.error ? std::string(cofetch::http::to_string(r.error->kind)) : "200";
      // Two refused, skipped until the cool-down ended, then every URL fetched.
      CHECK(story[0] == "connect");
      CHECK(story[1] == "connect");
      const auto back = std::find(story.begin(), story.end(), "200");
      REQUIRE(back != story.end());
      CHECK(std::all_of(story.begin() + 2, back,
                        [](const std::string& s) { return s == "host_skipped"; }));
      CHECK(std::all_of(back, story.end(), [](const std::string& s) { return s == "200"; }));
      CHECK(back - story.begin() >= 8);  // 100 ms of skipping at one URL per 10 ms
      CHECK(back - story.begin() <= 20);
      CHECK(outcome.hosts.given_up == 1);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a name that does not resolve is looked up once; its other URLs get that dns failure") {
    Loop loop;
    {
      ScriptedFetch fetch(loop, [](std::size_t index, int) {
        return index < 10 ? Step{20, 0, ErrorKind::dns} : Step{1};
      });
      Limits limits;
      std::vector<std::string> hosts(10, "gone.invalid");
      hosts.push_back("live.test");
      PassOutcome outcome;
      const auto results = run_pass(jobs_on(hosts), fetch, loop, limits, &outcome);
      REQUIRE(results.size() == 11);
      CHECK(fetch.attempts_at("http://gone.invalid") == 1);
      const auto gone = of_host(results, "http://gone.invalid");
      CHECK(count_kind(gone, ErrorKind::dns) == 10);
      CHECK(std::count_if(gone.begin(), gone.end(),
                          [](const Result& r) { return r.attempts == 0; }) == 9);
      CHECK(outcome.hosts.unresolved == 1);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a server with room for 4 that refuses above it slows its own host, not the others") {
    Loop loop;
    {
      // a.test: 503 at once when 4 of its requests run already, else 200 after 20 ms.
      // b.test: always 200 after 20 ms.
      ScriptedFetch fetch(loop, [](std::size_t index, int, int running) {
        if (index % 2 == 0 && running >= 4) return Step{0, 503};
        return Step{20};
      });
      Limits limits;
      limits.concurrency = 40;
      limits.retry.retries = 10;
      limits.retry.delay = 5ms;
      std::vector<std::string> hosts;
      for (int i = 0; i < 400; ++i) hosts.push_back(i % 2 == 0 ? "a.test" : "b.test");
      PassOutcome outcome;
      const auto results = run_pass(jobs_on(hosts), fetch, loop, limits, &outcome);
      REQUIRE(results.size() == 400);
      for (const Result& result : results) CHECK(result.status == 200);
      // 200 answered by a.test, with few refusals: the first crowd, then a rare probe.
      std::size_t refused = 0;
      for (const auto& start : fetch.starts) refused += start.status == 503;
      CHECK(refused == outcome.hosts.refusals);
      CHECK(refused < 60);
      CHECK(outcome.hosts.slowed == 1);
      // b.test ran wide open meanwhile.
      CHECK(fetch.peak_per_host["http://b.test"] >= 20);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE(
      "an attempt whose host slowed down while it waited for a -j slot waits again, and "
      "the run ends") {
    Loop loop;
    {
      // One request at a time, 503 at once otherwise: the second request drops the
      // limit to 1 while the third waits for a slot, and finds the first still running.
      ScriptedFetch fetch(loop, [](std::size_t, int, int running) {
        return running >= 1 ? Step{0, 503} : Step{5};
      });
      Limits limits;
      limits.concurrency = 2;
      limits.retry.retries = 50;
      limits.retry.delay = 1ms;
      const auto results = run_pass(jobs_count(20), fetch, loop, limits);
      REQUIRE(results.size() == 20);
      for (const Result& result : results) CHECK(result.status == 200);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("an attempt of a host held to a limit takes the next -j slot before the others") {
    Loop loop;
    {
      // a.test has room for one (503 at once beyond: its first three URLs, read
      // together, teach that) and answers in 2 ms; b.test's URLs pile up in front of
      // the four slots (read one per ms, served at about three per 10 ms). Once
      // a.test's limit is known, its URLs do not queue behind them.
      ScriptedFetch fetch(loop, [](std::size_t index, int, int running) {
        if (index % 11 != 0 && index >= 3) return Step{10};
        return running >= 1 ? Step{0, 503} : Step{2};
      });
      Limits limits;
      limits.concurrency = 4;
      limits.retry.retries = 20;
      limits.retry.delay = 1ms;
      std::vector<std::string> hosts;
      for (int i = 0; i < 330; ++i) hosts.push_back(i % 11 == 0 || i < 3 ? "a.test" : "b.test");
      Trickle list(loop, jobs_on(hosts), 1ms);
      const auto results = run_pass(list, fetch, loop, limits);
      REQUIRE(results.size() == 330);
      std::vector<double> a, b;
      for (const Result& result : results) {
        CHECK(result.status == 200);
        if (result.index < 165) continue;  // the second half: a.test's limit is known
        (result.index % 11 == 0 ? a : b).push_back(result.queued_ms);
      }
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      CHECK(a[a.size() / 2] < 0.3 * b[b.size() / 2]);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("Retry-After pauses the next starts to that host only") {
    Loop loop;
    {
      // a.test's first URL is refused with Retry-After: 1; everything else answers in 5 ms.
      ScriptedFetch fetch(loop, [](std::size_t index, int attempt) {
        if (index == 0 && attempt == 1) return Step{5, 429}.with_retry_after(1);
        return Step{5};
      });
      Limits limits;
      limits.concurrency = 1;  // one at a time: the refusal comes before a.test's other URLs
      std::vector<std::string> hosts{"a.test", "a.test", "a.test", "b.test", "b.test", "b.test"};
      PassOutcome outcome;
      const auto results = run_pass(jobs_on(hosts), fetch, loop, limits, &outcome);
      REQUIRE(results.size() == 6);
      const Clock::time_point refused_at = fetch.starts.front().at;
      for (const auto& start : fetch.starts) {
        if (start.index == 1 || start.index == 2) CHECK(ms_between(refused_at, start.at) >= 990);
        if (start.index >= 3) CHECK(ms_between(refused_at, start.at) < 500);  // b.test went on
      }
      CHECK(outcome.hosts.refusals == 1);
      CHECK(outcome.hosts.slowed == 1);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("--per-host-rate spaces the starts to each host and holds no -j slot meanwhile") {
    Loop loop;
    {
      ScriptedFetch fetch(loop, [](std::size_t, int) { return Step{2}; });
      Limits limits;
      limits.concurrency = 1;
      limits.hosts.spacing = 60ms;
      std::vector<std::string> hosts{"a.test", "a.test", "a.test", "a.test",
                                     "b.test", "b.test", "b.test", "b.test"};
      run_pass(jobs_on(hosts), fetch, loop, limits);
      REQUIRE(fetch.starts.size() == 8);
      std::vector<Clock::time_point> a, b;
      for (const auto& start : fetch.starts)
        (start.host == "http://a.test" ? a : b).push_back(start.at);
      for (std::size_t i = 1; i < a.size(); ++i) CHECK(ms_between(a[i - 1], a[i]) >= 55);
      for (std::size_t i = 1; i < b.size(); ++i) CHECK(ms_between(b[i - 1], b[i]) >= 55);
      // With one slot, b's starts fell between a's: the waits held no slot.
      CHECK(ms_between(fetch.starts.front().at, fetch.starts.back().at) < 3 * 60 + 100);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a stop while URLs wait for a paused host cancels them and leaves no frame") {
    LifeCounter::reset();
    Loop loop;
    {
      ScriptedFetch fetch(loop, [](std::size_t index, int) {
        return index == 0 ? Step{1, 429}.with_retry_after(30) : Step{1};
      });
      Limits limits;
      limits.concurrency = 1;
      JobList list(jobs_count(5));
      Collect sink;
      PassOutcome outcome;
      cofetch::run::StopControl control;
      auto stop_soon = [](Loop& l, cofetch::run::StopControl& c) -> Task<void> {
        co_await cofetch::uv::sleep(l, 100ms);
        c.stop("test stop");
      };
      cofetch::coro::Scope scope;
      scope.spawn(stop_soon(loop, control));
      cofetch::uv::run_until(
          loop, cofetch::run::schedule(loop, list, fetch, limits, sink, nullptr, &control, outcome),
          control.stopped_flag());
      CHECK(LifeCounter::alive() == 0);
      REQUIRE(sink.results.size() == 5);
      CHECK(count_kind(sink.results, ErrorKind::cancelled) == 4);
    }
    CHECK(loop.close() == 0);
  }
}
