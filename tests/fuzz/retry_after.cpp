// Retry-After as a server sends it: libcurl's date parser (curl_getdate, which
// CURLINFO_RETRY_AFTER uses for the HTTP-date form) and the retry planner fed
// with whatever number comes out. No wait may exceed the caps.

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "cofetch/http/result.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "run/retry.hpp"

using namespace cofetch;
using namespace std::chrono_literals;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  run::RetryOptions options;
  options.retries = 1 + input.integer<std::uint8_t>() % 20;
  options.delay = std::chrono::milliseconds(input.integer<std::uint32_t>());
  options.max_time =
      std::chrono::milliseconds(input.boolean() ? input.integer<std::uint32_t>() : 0);
  const bool seconds_form = input.boolean();
  const std::int64_t seconds = input.integer<std::int64_t>();
  const std::string date(input.rest());

  http::Result result;
  result.status = 503;
  const std::int64_t after =
      seconds_form ? seconds : static_cast<std::int64_t>(curl_getdate(date.c_str(), nullptr));
  if (after > 0) result.retry_after_s = after;  // as fetch() keeps it

  run::RetryPlanner planner(options, 42);
  for (int attempt = 1; attempt <= options.retries; ++attempt) {
    const auto wait = planner.next_wait(result, attempt, 0ms);
    FUZZ_CHECK(wait.has_value());
    FUZZ_CHECK(wait->count() >= 0);
    if (options.max_time.count() > 0) FUZZ_CHECK(*wait <= options.max_time);
    FUZZ_CHECK(*wait <= std::chrono::minutes(10) || options.max_time.count() > 0);
  }
  FUZZ_CHECK(!planner.next_wait(result, options.retries + 1, 0ms));
  return 0;
}
