#include "run/scheduler.hpp"

#include <algorithm>
#include <cassert>
#include <random>

#include "cofetch/coro/intrusive_list.hpp"
#include "cofetch/coro/scope.hpp"
#include "cofetch/coro/semaphore.hpp"
#include "cofetch/url/parts.hpp"
#include "cofetch/uv/sleep.hpp"
#include "run/host_table.hpp"
#include "run/input_order.hpp"
#include "run/rate_limiter.hpp"

namespace cofetch::run {

namespace {

using Clock = std::chrono::steady_clock;

// The hosts' policy, with the cap on a Retry-After pause that retries have.
HostPolicy host_policy(const Limits& limits) {
  HostPolicy policy = limits.hosts;
  policy.longest_pause = longest_retry_wait(limits.retry);
  return policy;
}

// libcurl's code for a transfer stopped from outside: what curl's exit code would say.
constexpr int k_curl_aborted = 42;  // CURLE_ABORTED_BY_CALLBACK

double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace

// A job read and not finished, known to the scheduler so a stop can report it.
struct Unfinished : coro::ListHook<Unfinished> {
  explicit Unfinished(const Job& read) : job(read) {}
  const Job& job;
  int attempts = 0;
  std::optional<Clock::time_point> transfer_start;  // of the attempt being fetched, if any
};

// Everything the tasks of one pass share.
class Scheduler {
 public:
  Scheduler(uv::Loop& event_loop, Fetch& fetcher, const Limits& limits, report::ResultSink& out,
            LiveCounts* live_counts, StopControl* stop_control, HostStats& host_stats)
      : loop(event_loop),
        fetch(fetcher),
        slots(limits.concurrency),
        hosts(event_loop, host_policy(limits), host_stats),
        retry(limits.retry, std::random_device{}()),
        sink(out),
        live(live_counts),
        control(stop_control) {
    if (limits.rate_per_second > 0) rate.emplace(event_loop, limits.rate_per_second);
    if (limits.in_order) order.emplace([this](http::Result& result) { sink.write(result); });
    if (control) control->m_scheduler = this;
  }
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  ~Scheduler() {
    if (control && control->m_scheduler == this) control->m_scheduler = nullptr;
    assert(unfinished.empty() && "the tasks' frames, and their guards, go before the scheduler");
  }

  void emit(http::Result result, coro::Permit window) {
    if (cancelled) return;  // after a stop, everything was reported already
    if (order)
      order->push(std::move(result), std::move(window));
    else
      sink.write(result);
  }

  void cancel(const std::string& reason) {
    if (cancelled) return;
    const auto now = Clock::now();
    while (Unfinished* left = unfinished.pop_front())
      emit(cancelled_result(*left, reason, now), {});
    if (order) order->flush();
    cancelled = true;
  }

  uv::Loop& loop;
  Fetch& fetch;
  coro::Semaphore slots;
  HostTable hosts;
  std::optional<RateLimiter> rate;
  RetryPlanner retry;
  report::ResultSink& sink;
  LiveCounts* live;
  StopControl* control;
  std::optional<InputOrder> order;
  coro::IntrusiveList<Unfinished> unfinished;
  bool cancelled = false;

 private:
  static http::Result cancelled_result(const Unfinished& left, const std::string& reason,
                                       Clock::time_point now) {
    http::Result result;
    result.index = left.job.entry.index;
    result.url = left.job.entry.url;
    result.attempts = left.attempts;
    result.curl_code = k_curl_aborted;
    result.error = http::FetchError{http::ErrorKind::cancelled, reason};
    if (left.transfer_start) {
      result.transfer_start = *left.transfer_start;
      result.ms.total = ms_between(*left.transfer_start, now);
      result.started_at = std::chrono::system_clock::now() -
                          std::chrono::duration_cast<std::chrono::system_clock::duration>(
                              now - *left.transfer_start);
    }
    return result;
  }
};

void StopControl::stop(const std::string& reason) {
  m_stopped = true;
  if (m_scheduler) m_scheduler->cancel(reason);
}

double PassOutcome::wall_ms_so_far() const {
  if (wall_ms > 0 || started == Clock::time_point{}) return wall_ms;
  return ms_between(started, Clock::now());
}

namespace {

// Counts a fetch as in flight for the progress line while it runs.
class InFlight {
 public:
  explicit InFlight(LiveCounts* live) noexcept : m_live(live) {
    if (m_live) ++m_live->in_flight;
  }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
  ~InFlight() {
    if (m_live) --m_live->in_flight;
  }

 private:
  LiveCounts* m_live;
};

// The Result of a URL not tried because its host was given up (host_skipped), or
// its name failed for an earlier URL (dns).
void fill_skipped(const Job& job, const HostVerdict& verdict, http::Result& result) {
  result.index = job.entry.index;
  result.url = job.entry.url;
  result.attempts = 0;
  result.curl_code = verdict.curl_code;
  result.error = http::FetchError{verdict.kind, verdict.message};
}

// Fills `result`, a Result{} when it comes in.
coro::Task<void> fetch_with_retries(Scheduler& scheduler, Unfinished& unfinished,
                                    http::Result& result) {
  const HostTable::Ref host = scheduler.hosts.hold(unfinished.job.entry.url);
  const auto first_start = Clock::now();
  for (int attempts = 1;; ++attempts) {
    unfinished.attempts = attempts;
    {  // one attempt: its place and slots are held for the fetch, given back before a retry's wait
      // libcurl 7.88 has no CURLINFO_QUEUE_TIME_T: the wait for slots is measured here.
      const auto queued_at = Clock::now();
      HostTable::Place place;
      coro::Permit slot;
      while (!slot) {
        place = scheduler.hosts.try_enter(host);
        if (!place.admitted()) place = co_await scheduler.hosts.enter(host);
        if (!place.admitted()) {
          // Its host was given up meanwhile: a URL tried before keeps its own failure.
          if (attempts == 1) fill_skipped(unfinished.job, *host.record().verdict(), result);
          co_return;
        }
        slot = co_await scheduler.slots.acquire(place.urgent());
        if (!place.still_fits()) {  // the host slowed down meanwhile: both go back
          slot.release();
          place = HostTable::Place{};
        }
      }
      if (attempts > 1) result = http::Result{};  // nothing of the failed attempt stays
      if (scheduler.rate) co_await scheduler.rate->wait_turn();
      const auto start = Clock::now();
      place.start();
      unfinished.transfer_start = start;
      InFlight in_flight(scheduler.live);
      co_await scheduler.fetch.fetch(unfinished.job, result, place);
      unfinished.transfer_start.reset();
      result.queued_ms = ms_between(queued_at, start);
      place.finish(result);
    }
    result.attempts = attempts;
    if (host.record().verdict()) co_return;  // no retry on a host given up
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - first_start);
    const auto wait = scheduler.retry.next_wait(result, attempts, elapsed);
    if (!wait) co_return;
    co_await uv::sleep(scheduler.loop, *wait);  // no slot is held while waiting
  }
}

// Keeps a job on the scheduler's list of unfinished ones while its frame lives.
class UnfinishedGuard {
 public:
  UnfinishedGuard(Scheduler& scheduler, const Job& job) : m_scheduler(scheduler), m_node(job) {
    m_scheduler.unfinished.push_back(m_node);
  }
  UnfinishedGuard(const UnfinishedGuard&) = delete;
  UnfinishedGuard& operator=(const UnfinishedGuard&) = delete;
  ~UnfinishedGuard() { finish(); }

  Unfinished& node() noexcept { return m_node; }
  void finish() noexcept {
    if (m_node.linked()) m_scheduler.unfinished.remove(m_node);
  }

 private:
  Scheduler& m_scheduler;
  Unfinished m_node;
};

coro::Task<void> process(Scheduler& scheduler, Job job, coro::Permit admission,
                         coro::Permit window) {
  UnfinishedGuard unfinished(scheduler, job);
  http::Result result;
  if (job.entry.problem) {
    result = invalid_entry_result(job.entry);
  } else {
    co_await fetch_with_retries(scheduler, unfinished.node(), result);  // not in ?: (task.hpp)
  }
  unfinished.finish();
  admission.release();  // the next URL can be read while this one is reported
  scheduler.emit(std::move(result), std::move(window));
}

}  // namespace

std::size_t Limits::look_ahead() const noexcept {
  return std::max<std::size_t>(1000, 4 * concurrency);
}

std::size_t Limits::order_window() const noexcept {
  return std::max<std::size_t>(1024, 4 * concurrency);
}

http::Result invalid_entry_result(const input::Entry& entry) {
  http::Result result;
  result.index = entry.index;
  result.url = entry.url;
  result.attempts = 0;   // never tried
  result.curl_code = 3;  // CURLE_URL_MALFORMAT, as curl would exit
  result.error =
      http::FetchError{http::ErrorKind::invalid_url, entry.problem.value_or("invalid URL")};
  return result;
}

coro::Task<void> schedule(uv::Loop& loop, JobSource& jobs, Fetch& fetch, const Limits& limits,
                          report::ResultSink& sink, LiveCounts* live, StopControl* control,
                          PassOutcome& outcome) {
  outcome.started = Clock::now();
  outcome.hosts = HostStats{};
  Scheduler scheduler(loop, fetch, limits, sink, live, control, outcome.hosts);
  coro::Semaphore admissions(limits.concurrency + limits.look_ahead());
  coro::Semaphore window(limits.in_order ? limits.order_window() : 1);
  {
    coro::Scope tasks;  // declared after `scheduler`: its frames go first
    while (!scheduler.cancelled) {
      coro::Permit window_slot;
      if (limits.in_order) window_slot = co_await window.acquire();
      coro::Permit admission = co_await admissions.acquire();
      std::optional<Job> job;
      try {
        job = co_await jobs.next();
      } catch (const std::exception& error) {
        outcome.input_error = error.what();  // keep what was read; finish what started
      }
      if (!job) break;
      if (live) ++live->read;
      tasks.spawn(
          process(scheduler, std::move(*job), std::move(admission), std::move(window_slot)));
    }
    if (live) live->input_complete = true;
    co_await tasks.join();
  }
  outcome.wall_ms = ms_between(outcome.started, Clock::now());
}

}  // namespace cofetch::run
