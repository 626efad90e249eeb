#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
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
using cofetch::test::shared_server;
using cofetch::uv::Loop;
using cofetch::uv::sync_wait;
using Clock = std::chrono::steady_clock;

namespace {

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

// Writes down what a transfer told it, and whether the fetch had returned by then.
class Log final : public cofetch::http::TransferObserver {
 public:
  void resolved() noexcept override { events.push_back(returned ? "resolved late" : "resolved"); }
  void connected() noexcept override {
    events.push_back(returned ? "connected late" : "connected");
  }
  void ended() noexcept override { events.push_back(returned ? "ended late" : "ended"); }
  std::vector<std::string> events;
  bool returned = false;
};

Task<void> fetch_logged(cofetch::http::Fetcher& fetcher, std::string url, Log& log,
                        Result& result) {
  co_await fetcher.fetch_into(Request(0, std::move(url), {}, &log), nullptr, result);
  log.returned = true;
}

std::vector<std::string> observed(const std::string& url) {
  Loop loop;
  Log log;
  {
    Multi multi(loop);
    FetchContext context{FetchOptions{}};
    cofetch::http::Fetcher fetcher(multi, context);
    Result first, second;
    sync_wait(loop, fetch_logged(fetcher, url, log, first));
    log.events.push_back("-");
    log.returned = false;
    sync_wait(loop, fetch_logged(fetcher, url, log, second));  // on the kept connection
  }
  REQUIRE(loop.close() == 0);
  return log.events;
}

}  // namespace

TEST_SUITE("http.observer") {
  TEST_CASE(
      "a transfer tells its observer the name resolved, the connection stands and it "
      "ended, before its fetch returns; a kept connection needs no name") {
    CHECK(observed(shared_server().url("/bytes/10")) ==
          std::vector<std::string>{"resolved", "connected", "ended", "-", "connected", "ended"});
  }

  TEST_CASE("a refused connection resolves and ends, and never connects") {
    CHECK(observed("http://127.0.0.1:1/") ==
          std::vector<std::string>{"resolved", "ended", "-", "resolved", "ended"});
  }

  TEST_CASE("a name that does not resolve only ends") {
    CHECK(observed("http://cofetch-observer.invalid/") ==
          std::vector<std::string>{"ended", "-", "ended"});
  }
}

TEST_SUITE("http.fetch") {
  TEST_CASE("a successful fetch reports status, version, size, address and phases") {
    const Result result = fetch_one(shared_server().url("/bytes/1500"));
    CHECK(result.ok());
    CHECK(result.status == 200);
    CHECK(result.http_version == "1.1");
    CHECK(result.bytes == 1500);
    CHECK(result.remote_ip == "127.0.0.1");
    CHECK(result.final_url == shared_server().url("/bytes/1500"));
    CHECK(result.attempts == 1);
    CHECK(result.ms.total > 0);
    const auto& ms = result.ms;
    CHECK(ms.dns + ms.connect + ms.tls + ms.wait + ms.receive <= ms.total + 0.001);
  }

  TEST_CASE("the server's delay shows up as wait time") {
    const Result result = fetch_one(shared_server().url("/delay/200"));
    CHECK(result.status == 200);
    CHECK(result.ms.wait >= 190);
    CHECK(result.ms.wait < 1000);
    CHECK(result.ms.total >= result.ms.wait);
  }

  TEST_CASE("redirects are followed only when asked, and counted") {
    const Result not_followed = fetch_one(shared_server().url("/redirect/2"));
    CHECK(not_followed.status == 302);
    CHECK(not_followed.redirects == 0);

    FetchOptions follow;
    follow.follow_redirects = true;
    const Result followed = fetch_one(shared_server().url("/redirect/2"), follow);
    CHECK(followed.status == 200);
    CHECK(followed.redirects == 2);
    CHECK(followed.final_url == shared_server().url("/redirect/0"));
  }

  TEST_CASE("an HTTP error status is a response, not a failure") {
    const Result result = fetch_one(shared_server().url("/status/503"));
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
    const Result result = fetch_one(shared_server().url("/hang"), options);
    REQUIRE(result.error);
    CHECK(result.error->kind == ErrorKind::timeout);
    CHECK(result.ms.total >= 290);
    CHECK(result.ms.wait >= 250);
  }

  TEST_CASE("a connection reset mid-body is a recv error") {
    const Result result = fetch_one(shared_server().url("/reset"));
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
        fetches.push_back(fetch(multi, context, Request{i, shared_server().url("/delay/300")}));
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
          }(multi, context, shared_server().url("/hang"), i));
        }
        // Let the transfers connect and send their requests.
        sync_wait(loop, [](Loop& l) -> Task<void> { co_await cofetch::uv::sleep(l, 100ms); }(loop));
        CHECK(multi.in_flight() == 5);
        CHECK(multi.watched_sockets() > 0);
      }  // cancels all five
      CHECK(multi.in_flight() == 0);
      // The driver keeps working after the cancellation.
      FetchContext quick(FetchOptions{});
      const Result after =
          sync_wait(loop, fetch(multi, quick, Request{9, shared_server().url("/")}));
      CHECK(after.status == 200);
    }
    CHECK(loop.close() == 0);
  }
}

namespace {

// `url` parsed by libcurl's URL API, as the input layer hands URLs to fetch().
std::shared_ptr<CURLU> parsed(const std::string& url) {
  std::shared_ptr<CURLU> handle(curl_url(), &curl_url_cleanup);
  REQUIRE(curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) == CURLUE_OK);
  return handle;
}

// An error message without its numbers ("after 301 ms"), which differ between runs.
std::string without_digits(std::string text) {
  std::erase_if(text, [](char c) { return c >= '0' && c <= '9'; });
  return text;
}

// What a result says about its own transfer, times left out.
std::string describe(const Result& r) {
  std::string text =
      r.url + " | final " + r.final_url + " | status " + std::to_string(r.status.value_or(0)) +
      " | http " + r.http_version + " | bytes " + std::to_string(r.bytes) + " | redirects " +
      std::to_string(r.redirects) + " | ip " + r.remote_ip + " | port " +
      std::to_string(r.remote_port) + " | scheme " + r.scheme + " | method " + r.method +
      " | type " + r.content_type + " | location " + r.redirect_url + " | retry-after " +
      std::to_string(r.retry_after_s.value_or(-1)) + " | code " + std::to_string(r.curl_code);
  if (r.error) {
    text += " | error " + std::string(cofetch::http::to_string(r.error->kind)) + " " +
            without_digits(r.error->message);
  }
  return text;
}

}  // namespace

TEST_SUITE("http.reuse") {
  // Every value is read back from an easy handle that served other transfers
  // before: each must belong to this transfer (curl/curl#15984 and kin). The
  // oracle is the same request on a handle of its own.
  TEST_CASE("a reused easy handle reports each transfer's own URL and values") {
    FetchOptions options;
    options.max_time = 300ms;
    options.follow_redirects = false;
    const std::vector<std::string> urls = {
        shared_server().url("/retry-after/3?k=reuse"),
        shared_server().url("/status/404"),
        "http://127.0.0.1:1/",
        shared_server().url("/status/301"),
        shared_server().url("/redirect/2"),
        "http://nothing.invalid/",
        shared_server().url("/bytes/10"),
        shared_server().url("/hang"),
        shared_server().url("/echo/a"),
        shared_server().url("/truncated"),
        shared_server().url("/echo/b?x=1"),
        shared_server().url("/malformed"),
        shared_server().url("/status/204"),
        shared_server().url("/echo/c"),
    };
    std::vector<Result> reused;
    Loop loop;
    {
      Multi multi(loop);
      FetchContext context(options);
      cofetch::http::Fetcher fetcher(multi, context);
      for (std::size_t i = 0; i < urls.size(); ++i) {
        reused.push_back(sync_wait(loop, fetcher.fetch(Request{i, urls[i], parsed(urls[i])})));
      }
    }
    REQUIRE(loop.close() == 0);

    for (std::size_t i = 0; i < urls.size(); ++i) {
      // /retry-after answers 503 only the first time: the oracle asks for a fresh target.
      const std::string alone_url =
          i == 0 ? shared_server().url("/retry-after/3?k=reuse-alone") : urls[i];
      Result alone;
      Loop own;
      {
        Multi multi(own);
        FetchContext context(options);
        alone = sync_wait(own, fetch(multi, context, Request{i, alone_url, parsed(alone_url)}));
      }
      REQUIRE(own.close() == 0);
      if (i == 0) alone.url = alone.final_url = urls[0];
      CHECK(describe(reused[i]) == describe(alone));
      CHECK(reused[i].final_url == urls[i]);  // redirects are not followed here
    }
  }

  TEST_CASE("a reused easy handle that follows redirects ends each chain at its own URL") {
    FetchOptions options;
    options.follow_redirects = true;
    struct Case {
      std::string url;
      std::string final_url;
      long redirects;
    };
    const std::vector<Case> cases = {
        {shared_server().url("/redirect/2"), shared_server().url("/redirect/0"), 2},
        {shared_server().url("/echo/one"), shared_server().url("/echo/one"), 0},
        {shared_server().url("/redirect/1"), shared_server().url("/redirect/0"), 1},
        {shared_server().url("/redirect/3"), shared_server().url("/redirect/0"), 3},
        {shared_server().url("/echo/two"), shared_server().url("/echo/two"), 0},
        {shared_server().url("/echo/three"), shared_server().url("/echo/three"), 0},
    };
    Loop loop;
    {
      Multi multi(loop);
      FetchContext context(options);
      cofetch::http::Fetcher fetcher(multi, context);
      for (std::size_t i = 0; i < cases.size(); ++i) {
        const Result result =
            sync_wait(loop, fetcher.fetch(Request{i, cases[i].url, parsed(cases[i].url)}));
        CHECK(result.url == cases[i].url);
        CHECK(result.final_url == cases[i].final_url);
        CHECK(result.redirects == cases[i].redirects);
        CHECK(result.status == 200);
      }
    }
    CHECK(loop.close() == 0);
  }
}

TEST_SUITE("http.setup") {
  TEST_CASE("an option libcurl refuses is an error that names it, not a silent default") {
    FetchOptions options;
    options.max_redirects = -2;  // libcurl takes -1 (no limit) and up
    const FetchContext context(options);
    const auto problem = context.check();
    REQUIRE(problem);
    CHECK(problem->find("CURLOPT_MAXREDIRS") != std::string::npos);

    // A transfer set up with it fails on its own, with the same reason.
    const Result result = fetch_one(shared_server().url("/"), options);
    REQUIRE(result.error);
    CHECK(result.error->kind == ErrorKind::other);
    CHECK(result.error->message == *problem);
    CHECK(result.curl_code == 2);  // CURLE_FAILED_INIT
  }

  TEST_CASE("the options cofetch sets by default are all taken") {
    CHECK_FALSE(FetchContext(FetchOptions{}).check());
  }
}
