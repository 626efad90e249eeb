#pragma once
// The scheduler: one pass over a list of jobs, each fetched by the Fetch it is
// given, each final Result handed to one ResultSink.
//
//   loop: [window slot] -> admission -> next job -> spawn its task
//   task: hold its host's record -> [a place among the host's transfers] ->
//         concurrency slot -> [rate turn] -> fetch -> the host learns from it
//         -> give slots back -> [back-off, holding no slot] -> try again ...
//         -> result -> sink
//
// Taking the admission before reading is the back-pressure: the input is read no
// faster than URLs are admitted, so memory follows the concurrency, not the length
// of the list. Admissions exceed the concurrency by a look-ahead window, so URLs
// waiting for their host (its limit, a Retry-After pause, --per-host, spacing) or
// for a retry do not hold up the URLs of other hosts behind them. The concurrency
// slot is taken after the host's place and before the fetch starts, so no
// transfer's timeout clock runs while it merely waits. With --order input a
// result keeps its window slot until every earlier one has been emitted.
//
// Everything known about a host lives in its HostRecord in the HostTable
// (host_table.hpp): transfers in flight and the limit refusals set, the pause
// Retry-After asked for, --per-host-rate's spacing, connect failures and whether
// it ever connected. A URL of a host given up is still a result (host_skipped).
//
// The scheduler knows nothing of libcurl: the Fetch is a parameter. The real one
// (curl_fetch.hpp) drives libcurl; the unit tests give it a scripted one and check
// admission, hosts, retries, rate, order and cancellation on a real loop without
// sockets. A new policy about hosts goes in HostRecord; one about the whole run,
// next to RateLimiter, as a wait in `attempt` (scheduler.cpp).

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "cofetch/coro/task.hpp"
#include "cofetch/http/fetch.hpp"
#include "cofetch/http/result.hpp"
#include "cofetch/uv/loop.hpp"
#include "report/sink.hpp"
#include "run/host_record.hpp"
#include "run/job.hpp"
#include "run/retry.hpp"

namespace cofetch::run {

struct Limits {
  std::size_t concurrency = 50;  // -j: transfers in flight
  HostPolicy hosts;              // --per-host, --host-errors, --per-host-rate
  double rate_per_second = 0;    // --rate: request starts per second; 0 = no limit
  RetryOptions retry;
  bool in_order = false;  // --order input
  // Connections libcurl may keep open, busy or idle; 0: 2 x concurrency + 16, room
  // for every transfer's connection to wait idle for the next one.
  std::size_t connection_cache = 0;

  // URLs admitted beyond the concurrency: enough to find other hosts' URLs behind
  // a busy, slowed or gone one, few enough to keep memory small.
  std::size_t look_ahead() const noexcept;
  // --order input: results that may wait for an earlier one.
  std::size_t order_window() const noexcept;
};

// One attempt at a job, written into `result`, which comes in as a Result{}
// does. (One Result per URL, filled in place: returned through each task, every
// frame on the way would hold one more, and the memory of a transfer in flight
// with it.) Never throws for network or HTTP trouble: those are Results with an
// error. `observer` hears when the host's name resolved and when a connection
// stood, as the attempt gets there.
class Fetch {
 public:
  virtual ~Fetch() = default;
  virtual coro::Task<void> fetch(const Job& job, http::Result& result,
                                 http::TransferObserver& observer) = 0;
};

// What the progress line shows while a pass runs.
struct LiveCounts {
  std::size_t read = 0;         // URLs taken from the input
  bool input_complete = false;  // `read` is the total
  std::size_t in_flight = 0;    // fetches started and not finished
};

class Scheduler;

// Stops a running pass (Ctrl-C, SIGTERM, a closed stdout, a results file that
// cannot be written).
class StopControl {
 public:
  // Reports every job read and not finished as `cancelled` with `reason`; the
  // runner then destroys the pass's frames, which cancels their transfers.
  void stop(const std::string& reason);
  bool stopped() const noexcept { return m_stopped; }
  const bool& stopped_flag() const noexcept { return m_stopped; }

 private:
  friend class Scheduler;
  Scheduler* m_scheduler = nullptr;
  bool m_stopped = false;
};

struct PassOutcome {
  double wall_ms = 0;
  HostStats hosts;  // refusals, hosts slowed, given up, unresolved
  std::chrono::steady_clock::time_point started{};
  std::optional<std::string> input_error;  // reading stopped early because of it

  // The wall time, or for a pass that was stopped, the time until now.
  double wall_ms_so_far() const;
};

// Runs every job of `jobs` through `fetch` and hands each final Result to `sink`.
// `live` and `control` may be null.
coro::Task<void> schedule(uv::Loop& loop, JobSource& jobs, Fetch& fetch, const Limits& limits,
                          report::ResultSink& sink, LiveCounts* live, StopControl* control,
                          PassOutcome& outcome);

// The Result of an entry that is not a fetchable URL.
http::Result invalid_entry_result(const input::Entry& entry);

}  // namespace cofetch::run
