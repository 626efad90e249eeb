#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>

#include "cofetch/http/result.hpp"
#include "run/failure_policy.hpp"
#include "run/retry.hpp"

using namespace std::chrono_literals;
using cofetch::http::ErrorKind;
using cofetch::http::FetchError;
using cofetch::http::Result;
using cofetch::run::FailurePolicy;
using cofetch::run::is_transient;
using cofetch::run::RetryOptions;
using cofetch::run::RetryPlanner;

namespace {

Result with_status(int status) {
  Result result;
  result.status = status;
  return result;
}

Result with_error(ErrorKind kind) {
  Result result;
  result.error = FetchError{kind, "x"};
  return result;
}

}  // namespace

TEST_SUITE("run.retry") {
  TEST_CASE("transient failures are retried, permanent ones never") {
    for (int status : {408, 429, 500, 502, 503, 504}) CHECK(is_transient(with_status(status)));
    for (int status : {200, 301, 400, 401, 403, 404, 501})
      CHECK_FALSE(is_transient(with_status(status)));
    for (auto kind : {ErrorKind::timeout, ErrorKind::connect, ErrorKind::recv})
      CHECK(is_transient(with_error(kind)));
    for (auto kind : {ErrorKind::invalid_url, ErrorKind::dns, ErrorKind::tls, ErrorKind::protocol,
                      ErrorKind::too_many_redirects, ErrorKind::other}) {
      CHECK_FALSE(is_transient(with_error(kind)));
    }
  }

  TEST_CASE("a 503 marked as an http failure is still retried for its status") {
    Result result = with_status(503);
    result.error = FetchError{ErrorKind::http, "HTTP status 503"};
    CHECK(is_transient(result));
  }

  TEST_CASE("back-off waits are jittered within the doubling ceiling") {
    RetryPlanner planner(RetryOptions{10, 100ms, 0ms}, 42);
    bool saw_low = false;
    for (int retry = 1; retry <= 5; ++retry) {
      const auto ceiling = 100ms * (1 << (retry - 1));
      for (int draw = 0; draw < 50; ++draw) {
        const auto wait = planner.next_wait(with_status(503), retry, 0ms);
        REQUIRE(wait);
        CHECK(*wait >= 0ms);
        CHECK(*wait <= ceiling);
        if (*wait < ceiling / 2) saw_low = true;
      }
    }
    CHECK(saw_low);  // full jitter, not a fixed schedule
  }

  TEST_CASE("retries stop after N, and Retry-After wins over back-off") {
    RetryPlanner planner(RetryOptions{2, 100ms, 0ms}, 1);
    Result busy = with_status(503);
    busy.retry_after_s = 3;
    CHECK(planner.next_wait(busy, 1, 0ms) == 3000ms);
    CHECK(planner.next_wait(busy, 2, 0ms) == 3000ms);
    CHECK_FALSE(planner.next_wait(busy, 3, 0ms));  // 3 attempts = 2 retries done
  }

  TEST_CASE("--retry-max-time caps every wait and ends retrying once passed") {
    RetryPlanner planner(RetryOptions{100, 100ms, 1000ms}, 1);
    Result busy = with_status(429);
    busy.retry_after_s = 60;
    CHECK(planner.next_wait(busy, 1, 0ms) == 1000ms);
    CHECK_FALSE(planner.next_wait(busy, 2, 1000ms));
  }
}

TEST_SUITE("run.failure_policy") {
  TEST_CASE("by default every error fails and no status does") {
    const auto policy = FailurePolicy::errors_only();
    Result not_found = with_status(404);
    policy.apply(not_found);
    CHECK_FALSE(not_found.error);
    CHECK_FALSE(policy.fails(not_found));
    CHECK(policy.fails(with_error(ErrorKind::dns)));
    CHECK(policy.fails(with_error(ErrorKind::invalid_url)));
  }

  TEST_CASE("--fail makes a status of 400 or more an http failure that keeps its status") {
    const auto policy = FailurePolicy::errors_and_http_errors();
    Result not_found = with_status(404);
    policy.apply(not_found);
    REQUIRE(not_found.error);
    CHECK(not_found.error->kind == ErrorKind::http);
    CHECK(not_found.status == 404);
    CHECK(policy.fails(not_found));
    Result redirect = with_status(302);
    policy.apply(redirect);
    CHECK_FALSE(policy.fails(redirect));
  }

  TEST_CASE("--fail-on chooses classes, single statuses and kinds, and nothing else") {
    const auto policy = FailurePolicy::parse("5xx, 429,timeout");
    for (int status : {500, 503, 599, 429}) {
      Result result = with_status(status);
      policy.apply(result);
      CHECK(policy.fails(result));
    }
    Result not_found = with_status(404);
    policy.apply(not_found);
    CHECK_FALSE(policy.fails(not_found));
    CHECK(policy.fails(with_error(ErrorKind::timeout)));
    CHECK_FALSE(policy.fails(with_error(ErrorKind::dns)));
    CHECK(FailurePolicy::parse("error").fails(with_error(ErrorKind::tls)));
  }

  TEST_CASE("an unknown --fail-on item is refused by name") {
    CHECK_THROWS_WITH_AS(FailurePolicy::parse("5xx,teapots"), doctest::Contains("\"teapots\""),
                         std::invalid_argument);
    CHECK_THROWS_AS(FailurePolicy::parse("6000"), std::invalid_argument);
  }
}
