#include <doctest/doctest.h>

#include <chrono>
#include <vector>

#include "cofetch/coro/scope.hpp"
#include "cofetch/coro/task.hpp"
#include "cofetch/coro/when_all.hpp"
#include "cofetch/http/fetch.hpp"
#include "cofetch/http/multi.hpp"
#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/sleep.hpp"
#include "cofetch/uv/sync_wait.hpp"
#include "server_thread.hpp"

using namespace std::chrono_literals;
using cofetch::coro::Scope;
using cofetch::coro::Task;
using cofetch::coro::when_all;
using cofetch::http::ErrorKind;
using cofetch::http::fetch;
using cofetch::http::FetchContext;
using cofetch::http::FetchOptions;
using cofetch::http::Multi;
using cofetch::http::Request;
using cofetch::http::Result;
using cofetch::test::ServerThread;
using cofetch::uv::Loop;
using cofetch::uv::sync_wait;
using Clock = std::chrono::steady_clock;

namespace {

ServerThread& server() {
  static ServerThread instance;
  return instance;
}

Result fetch_one(const std::string& url, FetchOptions options = {}) {
  Loop loop;
  Result result;
  {
    Multi multi(loop);
    FetchContext context(std::move(options));
    result = sync_wait(loop, fetch(multi, context, Request{0, url}));
  }
  REQUIRE(loop.close() == 0);
  return result;
}

}  // namespace

TEST_SUITE("http.fetch") {
  TEST_CASE("a successful fetch reports status, version, size, address and phases") {
    const Result result = fetch_one(server().url("/bytes/1500"));
    CHECK(result.ok());
    CHECK(result.status == 200);
    CHECK(result.http_version == "1.1");
    CHECK(result.bytes == 1500);
    CHECK(result.remote_ip == "127.0.0.1");
    CHECK(result.final_url == server().url("/bytes/1500"));
    CHECK(result.attempts == 1);
    CHECK(result.ms.total > 0);
    const auto& ms = result.ms;
    CHECK(ms.dns + ms.connect + ms.tls + ms.wait + ms.receive <= ms.total + 0.001);
  }

  TEST_CASE("the server's delay shows up as wait time") {
    const Result result = fetch_one(server().url("/delay/200"));
    CHECK(result.status == 200);
    CHECK(result.ms.wait >= 190);
    CHECK(result.ms.wait < 1000);
    CHECK(result.ms.total >= result.ms.wait);
  }

  TEST_CASE("redirects are followed only when asked, and counted") {
    const Result not_followed = fetch_one(server().url("/redirect/2"));
    CHECK(not_followed.status == 302);
    CHECK(not_followed.redirects == 0);

    FetchOptions follow;
    follow.follow_redirects = true;
    const Result followed = fetch_one(server().url("/redirect/2"), follow);
    CHECK(followed.status == 200);
    CHECK(followed.redirects == 2);
    CHECK(followed.final_url == server().url("/redirect/0"));
  }

  TEST_CASE("an HTTP error status is a response, not a failure") {
    const Result result = fetch_one(server().url("/status/503"));
    CHECK(result.ok());
    CHECK(result.status == 503);
  }

  TEST_CASE("a refused connection is a connect error with curl's message") {
    const Result result = fetch_one("http://127.0.0.1:1/");
    REQUIRE(result.error);
    CHECK(result.error->kind == ErrorKind::connect);
    CHECK(result.error->message.find("refused") != std::string::npos);
    CHECK_FALSE(result.status);
    CHECK(result.http_version.empty());
    CHECK(result.ms.connect >= 0);
  }

  TEST_CASE("a server that never answers times out, and the time is spent waiting") {
    FetchOptions options;
    options.max_time = 300ms;
    const Result result = fetch_one(server().url("/hang"), options);
    REQUIRE(result.error);
    CHECK(result.error->kind == ErrorKind::timeout);
    CHECK(result.ms.total >= 290);
    CHECK(result.ms.wait >= 250);
  }

  TEST_CASE("a connection reset mid-body is a recv error") {
    const Result result = fetch_one(server().url("/reset"));
    REQUIRE(result.error);
    CHECK(result.error->kind == ErrorKind::recv);
  }

  TEST_CASE("other schemes are refused, also behind a redirect") {
    const Result result = fetch_one("ftp://127.0.0.1/");
    REQUIRE(result.error);
    CHECK(result.error->kind == ErrorKind::invalid_url);
  }
}

TEST_SUITE("http.multi") {
  TEST_CASE("twenty 300 ms fetches on one multi handle run concurrently") {
    Loop loop;
    {
      Multi multi(loop);
      FetchContext context(FetchOptions{});
      std::vector<Task<Result>> fetches;
      for (std::size_t i = 0; i < 20; ++i) {
        fetches.push_back(fetch(multi, context, Request{i, server().url("/delay/300")}));
      }
      const auto start = Clock::now();
      const auto results = sync_wait(loop, when_all(std::move(fetches)));
      const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
      CHECK(elapsed < 2.0);  // 6 s one by one
      REQUIRE(results.size() == 20);
      for (std::size_t i = 0; i < results.size(); ++i) {
        CHECK(results[i].index == i);
        CHECK(results[i].status == 200);
      }
      CHECK(multi.in_flight() == 0);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a frame destroyed while its transfer is in flight removes its easy handle") {
    Loop loop;
    {
      Multi multi(loop);
      FetchContext context(FetchOptions{});
      {
        Scope scope;
        for (std::size_t i = 0; i < 5; ++i) {
          scope.spawn([](Multi& m, const FetchContext& c, std::string url,
                         std::size_t index) -> Task<void> {
            co_await fetch(m, c, Request{index, std::move(url)});
          }(multi, context, server().url("/hang"), i));
        }
        // Let the transfers connect and send their requests.
        sync_wait(loop, [](Loop& l) -> Task<void> { co_await cofetch::uv::sleep(l, 100ms); }(loop));
        CHECK(multi.in_flight() == 5);
        CHECK(multi.watched_sockets() > 0);
      }  // cancels all five
      CHECK(multi.in_flight() == 0);
      // The driver keeps working after the cancellation.
      FetchContext quick(FetchOptions{});
      const Result after = sync_wait(loop, fetch(multi, quick, Request{9, server().url("/")}));
      CHECK(after.status == 200);
    }
    CHECK(loop.close() == 0);
  }
}
