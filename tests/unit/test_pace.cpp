#include <doctest/doctest.h>

#include <chrono>
#include <vector>

#include "cofetch/coro/task.hpp"
#include "cofetch/url/parts.hpp"
#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/sync_wait.hpp"
#include "helpers.hpp"
#include "run/rate_limiter.hpp"

using namespace std::chrono_literals;
using cofetch::coro::Task;
using cofetch::run::RateLimiter;
using cofetch::uv::Loop;
using Clock = std::chrono::steady_clock;

namespace {

Task<void> take_turns(RateLimiter& limiter, int turns, std::vector<double>& at,
                      Clock::time_point start) {
  for (int i = 0; i < turns; ++i) {
    co_await limiter.wait_turn();
    at.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
}

}  // namespace

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
