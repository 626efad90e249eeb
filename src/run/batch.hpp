#pragma once
// run_batch: one pass over a list of URLs. This is the scheduler of DESIGN.md:
//
//   loop: [window slot] -> admission -> read the next URL -> spawn its task
//   task: [host slot] -> concurrency slot -> [rate turn] -> fetch -> give slots back
//         -> [back-off, holding no slot] -> try again ... -> result
//
// Taking the admission before reading is the back-pressure: the input is read no
// faster than URLs are admitted, so memory follows the concurrency, not the length
// of the list. Admissions exceed the concurrency by a look-ahead window, so URLs
// waiting for a busy host (--per-host) or for a retry do not hold up the URLs
// behind them. The concurrency slot is taken before curl_multi_add_handle, so no
// transfer's timeout clock runs while it merely waits for a slot. With --order
// input a result keeps its window slot until every earlier one has been emitted.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "cofetch/coro/task.hpp"
#include "cofetch/http/fetch.hpp"
#include "cofetch/http/result.hpp"
#include "cofetch/uv/loop.hpp"
#include "input/url_source.hpp"
#include "run/retry.hpp"
#include "save/body_file.hpp"

namespace cofetch::run {

struct BatchLimits {
  std::size_t concurrency = 50;  // -j: transfers in flight
  std::size_t per_host = 0;      // --per-host: transfers in flight per host; 0 = no limit
  double rate_per_second = 0;    // --rate: request starts per second; 0 = no limit
  RetryOptions retry;
  bool in_order = false;  // --order input
  // Connections libcurl may keep open, busy or idle; 0: 2 x concurrency + 16, room
  // for every transfer's connection to wait idle for the next one.
  std::size_t connection_cache = 0;

  // URLs admitted beyond the concurrency: enough to find other hosts' URLs behind
  // a busy one, few enough to keep memory small.
  std::size_t look_ahead() const noexcept;
  // --order input: results that may wait for an earlier one.
  std::size_t order_window() const noexcept;
};

// What the progress line shows while a batch runs.
struct LiveCounts {
  std::size_t read = 0;         // URLs taken from the input
  bool input_complete = false;  // `read` is the total
  std::size_t in_flight = 0;    // transfers in libcurl
};

using ResultHandler = std::function<void(http::Result&)>;

class Batch;

// Lets the runner stop a running batch (Ctrl-C, SIGTERM, a closed stdout).
class BatchControl {
 public:
  // Reports every URL read and not finished as `cancelled` with `reason`; the
  // runner then destroys the batch's frames, which cancels their transfers.
  void stop(const std::string& reason);
  bool stopped() const noexcept { return m_stopped; }
  const bool& stopped_flag() const noexcept { return m_stopped; }

 private:
  friend class Batch;
  Batch* m_batch = nullptr;
  bool m_stopped = false;
};

struct BatchHooks {
  ResultHandler on_result;
  LiveCounts* live = nullptr;
  BatchControl* control = nullptr;
  std::shared_ptr<const save::BodyDirectory> bodies;  // -O: where bodies are saved
};

struct BatchOutcome {
  double wall_ms = 0;
  std::chrono::steady_clock::time_point started{};
  std::optional<std::string> input_error;  // reading stopped early because of it
};

// Fetches every entry of `source` on a fresh multi handle (no connection or DNS
// cache shared with other batches) and hands each final Result to the handler.
coro::Task<void> run_batch(uv::Loop& loop, input::EntrySource& source,
                           const http::FetchContext& context, const BatchLimits& limits,
                           const BatchHooks& hooks, BatchOutcome& outcome);

// The Result of an entry that is not a fetchable URL.
http::Result invalid_entry_result(const input::Entry& entry);

}  // namespace cofetch::run
