#pragma once
// run_batch: one pass over a list of URLs at a given concurrency. This is the
// scheduler of DESIGN.md:
//
//   loop: take a slot (await the semaphore) -> read the next URL -> spawn its fetch
//
// Taking the slot before reading is the back-pressure: the input is read no
// faster than slots free up, so memory follows the concurrency, not the length of
// the list. The semaphore is also what enforces -j before curl_multi_add_handle,
// so no transfer's timeout clock runs while it merely waits for a slot.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "coro/task.hpp"
#include "http/fetch.hpp"
#include "http/result.hpp"
#include "input/url_source.hpp"
#include "uv/loop.hpp"

namespace cofetch::run {

struct BatchOutcome {
  double wall_ms = 0;
  std::optional<std::string> input_error;  // reading stopped early because of it
};

using ResultHandler = std::function<void(const http::Result&)>;

// Fetches every entry of `source`, at most `concurrency` at a time, on a fresh
// multi handle (no connection or DNS cache shared with other batches), and hands
// each Result to `on_result` as it completes.
coro::Task<BatchOutcome> run_batch(uv::Loop& loop, input::EntrySource& source,
                                   const http::FetchContext& context, std::size_t concurrency,
                                   const ResultHandler& on_result);

// The Result of an entry that is not a fetchable URL.
http::Result invalid_entry_result(const input::Entry& entry);

}  // namespace cofetch::run
