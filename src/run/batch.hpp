#pragma once
// run_batch: one pass over a list of URLs. This is the scheduler of DESIGN.md:
//
//   loop: take an admission (await a semaphore) -> read the next URL -> spawn its task
//   task: [host slot] -> concurrency slot -> [rate turn] -> fetch -> give slots back
//         -> [back-off, holding no slot] -> try again ...
//
// Taking the admission before reading is the back-pressure: the input is read no
// faster than URLs are admitted, so memory follows the concurrency, not the length
// of the list. Admissions exceed the concurrency by a look-ahead window, so URLs
// waiting for a busy host (--per-host) or for a retry do not hold up the URLs
// behind them. The concurrency slot is taken before curl_multi_add_handle, so no
// transfer's timeout clock runs while it merely waits for a slot.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "coro/task.hpp"
#include "http/fetch.hpp"
#include "http/result.hpp"
#include "input/url_source.hpp"
#include "run/retry.hpp"
#include "uv/loop.hpp"

namespace cofetch::run {

struct BatchLimits {
  std::size_t concurrency = 50;  // -j: transfers in flight
  std::size_t per_host = 0;      // --per-host: transfers in flight per host; 0 = no limit
  double rate_per_second = 0;    // --rate: request starts per second; 0 = no limit
  RetryOptions retry;

  // URLs admitted beyond the concurrency: enough to find other hosts' URLs behind
  // a busy one, few enough to keep memory small.
  std::size_t look_ahead() const noexcept;
};

struct BatchOutcome {
  double wall_ms = 0;
  std::optional<std::string> input_error;  // reading stopped early because of it
};

using ResultHandler = std::function<void(http::Result&)>;

// Fetches every entry of `source` on a fresh multi handle (no connection or DNS
// cache shared with other batches) and hands each final Result to `on_result`.
coro::Task<BatchOutcome> run_batch(uv::Loop& loop, input::EntrySource& source,
                                   const http::FetchContext& context, const BatchLimits& limits,
                                   const ResultHandler& on_result);

// The Result of an entry that is not a fetchable URL.
http::Result invalid_entry_result(const input::Entry& entry);

}  // namespace cofetch::run
