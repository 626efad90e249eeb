#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "cofetch/coro/scope.hpp"
#include "cofetch/coro/task.hpp"
#include "cofetch/url/parts.hpp"
#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/sync_wait.hpp"
#include "helpers.hpp"
#include "run/host_slots.hpp"
#include "run/rate_limiter.hpp"

using namespace std::chrono_literals;
using cofetch::coro::Scope;
using cofetch::coro::Task;
using cofetch::run::HostSlots;
using cofetch::run::RateLimiter;
using cofetch::test::ManualEvent;
using cofetch::uv::Loop;
using Clock = std::chrono::steady_clock;

namespace {

Task<void> hold_host(HostSlots& hosts, std::string host, ManualEvent& done,
                     std::vector<std::string>& log) {
  HostSlots::Permit permit = co_await hosts.acquire(host);
  log.push_back(host);
  co_await done;
}

Task<void> take_turns(RateLimiter& limiter, int turns, std::vector<double>& at,
                      Clock::time_point start) {
  for (int i = 0; i < turns; ++i) {
    co_await limiter.wait_turn();
    at.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
}

}  // namespace

TEST_SUITE("run.host_slots") {
  TEST_CASE("a busy host makes only its own fetches wait") {
    HostSlots hosts(2);
    std::vector<ManualEvent> done(4);
    std::vector<std::string> log;
    Scope scope;
    scope.spawn(hold_host(hosts, "http://a:80", done[0], log));
    scope.spawn(hold_host(hosts, "http://a:80", done[1], log));
    scope.spawn(hold_host(hosts, "http://a:80", done[2], log));  // third for a: waits
    scope.spawn(hold_host(hosts, "http://b:80", done[3], log));  // b is not held up
    CHECK(log == std::vector<std::string>{"http://a:80", "http://a:80", "http://b:80"});
    done[0].set();
    CHECK(log.size() == 4);
    for (auto& event : done) {
      if (!event.is_set()) event.set();
    }
    CHECK(hosts.hosts_tracked() == 0);  // idle hosts are forgotten
  }

  TEST_CASE("a waiter whose frame is destroyed leaves no host behind") {
    HostSlots hosts(1);
    ManualEvent first_done, never;
    std::vector<std::string> log;
    Scope holder;
    holder.spawn(hold_host(hosts, "http://a:80", first_done, log));
    {
      Scope cancelled;
      cancelled.spawn(hold_host(hosts, "http://a:80", never, log));
    }
    first_done.set();
    CHECK(hosts.hosts_tracked() == 0);
  }

  TEST_CASE("without a limit nothing is tracked") {
    HostSlots hosts(0);
    ManualEvent done;
    std::vector<std::string> log;
    Scope scope;
    for (int i = 0; i < 5; ++i) scope.spawn(hold_host(hosts, "http://a:80", done, log));
    CHECK(log.size() == 5);
    CHECK(hosts.hosts_tracked() == 0);
    done.set();
  }
}

TEST_SUITE("run.rate_limiter") {
  TEST_CASE("turns are spaced by the interval and the first one is immediate") {
    Loop loop;
    {
      RateLimiter limiter(loop, 50);  // one every 20 ms
      std::vector<double> at;
      const auto start = Clock::now();
      cofetch::uv::sync_wait(loop, take_turns(limiter, 6, at, start));
      REQUIRE(at.size() == 6);
      CHECK(at[0] < 10);
      CHECK(at[5] >= 95);  // five intervals
      CHECK(at[5] < 400);  // generous: a loaded machine
      for (std::size_t i = 1; i < at.size(); ++i) CHECK(at[i] >= at[i - 1]);
    }
    CHECK(loop.close() == 0);
  }
}

TEST_SUITE("url.parts") {
  using cofetch::url::origin;
  using cofetch::url::written_origin;

  TEST_CASE("an origin is scheme, lower-case host and port, with the scheme's default port") {
    CHECK(origin("https://Example.COM/a?b") == "https://example.com:443");
    CHECK(origin("HTTP://example.com/") == "http://example.com:80");
    CHECK(origin("http://127.0.0.1:8080/x") == "http://127.0.0.1:8080");
    CHECK(origin("http://[::1]:9/") == "http://[::1]:9");
    CHECK(origin("http://[::1]/") == "http://[::1]:80");
    CHECK(origin("http://user:p@ss@Host:81/x@y") == "http://host:81");
    CHECK(origin("http://host:/x") == "http://host:80");
    CHECK(origin("http://host?q") == "http://host:80");
  }

  TEST_CASE("text that is not an http(s) URL with a host has no origin") {
    CHECK(origin("example.com") == "");
    CHECK(origin("ftp://example.com/") == "");
    CHECK(origin("http:///path") == "");
    CHECK(origin("http://host:port/") == "");
    CHECK(origin("http://host:99999/") == "");
    CHECK(origin("") == "");
  }

  TEST_CASE("the written origin is the text before the path, as it was written") {
    CHECK(written_origin("http://Host:8080/a?b") == "http://Host:8080");
    CHECK(written_origin("http://host?q") == "http://host");
    CHECK(written_origin("no scheme/x") == "");
  }
}
