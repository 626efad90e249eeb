#include "run/batch.hpp"

#include <algorithm>
#include <cassert>
#include <memory>
#include <random>

#include "cofetch/coro/intrusive_list.hpp"
#include "cofetch/coro/scope.hpp"
#include "cofetch/coro/semaphore.hpp"
#include "cofetch/http/host_key.hpp"
#include "cofetch/http/multi.hpp"
#include "cofetch/uv/sleep.hpp"
#include "run/host_slots.hpp"
#include "run/input_order.hpp"
#include "run/rate_limiter.hpp"
#include "save/file_name.hpp"

namespace cofetch::run {

namespace {

using Clock = std::chrono::steady_clock;

// libcurl's code for a transfer stopped from outside: what curl's exit code would say.
constexpr int k_curl_aborted = 42;  // CURLE_ABORTED_BY_CALLBACK

}  // namespace

// A URL read and not finished, known to the batch so a stop can report it.
struct Unfinished : coro::ListHook<Unfinished> {
  explicit Unfinished(const input::Entry& read) : entry(read) {}
  const input::Entry& entry;
  int attempts = 0;
  std::optional<Clock::time_point> transfer_start;  // of the attempt in libcurl, if any
};

// Everything the tasks of one batch share.
class Batch {
 public:
  Batch(uv::Loop& event_loop, const http::FetchContext& fetch_context, const BatchLimits& limits,
        const BatchHooks& batch_hooks)
      : loop(event_loop),
        multi(event_loop,
              limits.connection_cache > 0 ? limits.connection_cache : 2 * limits.concurrency + 16),
        context(fetch_context),
        fetcher(multi, fetch_context),
        slots(limits.concurrency),
        hosts(limits.per_host),
        retry(limits.retry, std::random_device{}()),
        hooks(batch_hooks) {
    if (limits.rate_per_second > 0) rate.emplace(event_loop, limits.rate_per_second);
    if (limits.in_order) order.emplace([this](http::Result& result) { hooks.on_result(result); });
    if (hooks.control) hooks.control->m_batch = this;
  }
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;
  ~Batch() {
    if (hooks.control && hooks.control->m_batch == this) hooks.control->m_batch = nullptr;
    assert(unfinished.empty() && "the tasks' frames, and their guards, go before the batch");
  }

  void emit(http::Result result, coro::Permit window) {
    if (cancelled) return;  // after a stop, everything was reported already
    if (order)
      order->push(std::move(result), std::move(window));
    else
      hooks.on_result(result);
  }

  void cancel(const std::string& reason) {
    if (cancelled) return;
    const auto now = Clock::now();
    while (Unfinished* left = unfinished.pop_front()) {
      http::Result result;
      result.index = left->entry.index;
      result.url = left->entry.url;
      result.attempts = left->attempts;
      result.curl_code = k_curl_aborted;
      result.error = http::FetchError{http::ErrorKind::cancelled, reason};
      if (left->transfer_start) {
        result.transfer_start = *left->transfer_start;
        result.ms.total =
            std::chrono::duration<double, std::milli>(now - *left->transfer_start).count();
        result.started_at = std::chrono::system_clock::now() -
                            std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                now - *left->transfer_start);
      }
      emit(std::move(result), coro::Permit{});
    }
    if (order) order->flush();
    cancelled = true;
  }

  uv::Loop& loop;
  http::Multi multi;
  const http::FetchContext& context;
  http::Fetcher fetcher;  // after `multi`: its idle handles go first
  coro::Semaphore slots;
  HostSlots hosts;
  std::optional<RateLimiter> rate;
  RetryPlanner retry;
  const BatchHooks& hooks;
  std::optional<InputOrder> order;
  coro::IntrusiveList<Unfinished> unfinished;
  bool cancelled = false;
};

void BatchControl::stop(const std::string& reason) {
  m_stopped = true;
  if (m_batch) m_batch->cancel(reason);
}

namespace {

// Counts a transfer as in flight for the progress line while it runs.
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

coro::Task<http::Result> attempt(Batch& batch, Unfinished& unfinished, const std::string& host) {
  // libcurl 7.88 has no CURLINFO_QUEUE_TIME_T: the wait for slots is measured here.
  const auto queued_at = Clock::now();
  HostSlots::Permit host_slot = co_await batch.hosts.acquire(host);
  coro::Permit slot = co_await batch.slots.acquire();
  if (batch.rate) co_await batch.rate->wait_turn();
  const auto start = Clock::now();
  unfinished.transfer_start = start;
  InFlight in_flight(batch.hooks.live);
  std::optional<save::BodyFile> body;
  if (batch.hooks.bodies) {
    body.emplace(batch.loop, batch.hooks.bodies, save::file_name_for(unfinished.entry.url));
  }
  http::Request request(unfinished.entry.index, unfinished.entry.url, unfinished.entry.parsed);
  http::Result result = co_await batch.fetcher.fetch(std::move(request), body ? &*body : nullptr);
  unfinished.transfer_start.reset();
  if (body) {
    try {
      result.file = co_await body->finish(result.ok());  // a failed attempt leaves no file
    } catch (const std::system_error& error) {
      if (result.ok()) result.error = http::FetchError{http::ErrorKind::other, error.what()};
    }
  }
  result.queued_ms = std::chrono::duration<double, std::milli>(start - queued_at).count();
  co_return result;
}

coro::Task<http::Result> fetch_with_retries(Batch& batch, Unfinished& unfinished) {
  std::string host;
  if (batch.hosts.limited()) {
    const input::Entry& entry = unfinished.entry;
    host = entry.parsed ? http::host_key(entry.parsed.get()) : http::host_key(entry.url);
  }
  const auto first_start = Clock::now();
  for (int attempts = 1;; ++attempts) {
    unfinished.attempts = attempts;
    http::Result result = co_await attempt(batch, unfinished, host);
    result.attempts = attempts;
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - first_start);
    const auto wait = batch.retry.next_wait(result, attempts, elapsed);
    if (!wait) co_return result;
    co_await uv::sleep(batch.loop, *wait);  // no slot is held while waiting
  }
}

// Keeps an entry on the batch's list of unfinished ones while its frame lives.
class UnfinishedGuard {
 public:
  UnfinishedGuard(Batch& batch, const input::Entry& entry) : m_batch(batch), m_node(entry) {
    m_batch.unfinished.push_back(m_node);
  }
  UnfinishedGuard(const UnfinishedGuard&) = delete;
  UnfinishedGuard& operator=(const UnfinishedGuard&) = delete;
  ~UnfinishedGuard() { finish(); }

  Unfinished& node() noexcept { return m_node; }
  void finish() noexcept {
    if (m_node.linked()) m_batch.unfinished.remove(m_node);
  }

 private:
  Batch& m_batch;
  Unfinished m_node;
};

coro::Task<void> process(Batch& batch, input::Entry entry, coro::Permit admission,
                         coro::Permit window) {
  UnfinishedGuard unfinished(batch, entry);
  http::Result result;
  if (entry.problem) {
    result = invalid_entry_result(entry);
  } else {
    result =
        co_await fetch_with_retries(batch, unfinished.node());  // not in ?: (see coro/task.hpp)
  }
  unfinished.finish();
  admission.release();  // the next URL can be read while this one is reported
  batch.emit(std::move(result), std::move(window));
}

}  // namespace

std::size_t BatchLimits::look_ahead() const noexcept {
  return per_host > 0 ? std::max<std::size_t>(1000, 4 * concurrency) : concurrency;
}

std::size_t BatchLimits::order_window() const noexcept {
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

coro::Task<void> run_batch(uv::Loop& loop, input::EntrySource& source,
                           const http::FetchContext& context, const BatchLimits& limits,
                           const BatchHooks& hooks, BatchOutcome& outcome) {
  outcome.started = Clock::now();
  Batch batch(loop, context, limits, hooks);
  coro::Semaphore admissions(limits.concurrency + limits.look_ahead());
  coro::Semaphore window(limits.in_order ? limits.order_window() : 1);
  {
    coro::Scope tasks;  // declared after `batch`: its frames go first, removing their handles
    while (!batch.cancelled) {
      coro::Permit window_slot;
      if (limits.in_order) window_slot = co_await window.acquire();
      coro::Permit admission = co_await admissions.acquire();
      std::optional<input::Entry> entry;
      try {
        entry = co_await source.next();
      } catch (const std::exception& error) {
        outcome.input_error = error.what();  // keep what was read; finish what started
      }
      if (!entry) break;
      if (hooks.live) ++hooks.live->read;
      tasks.spawn(process(batch, std::move(*entry), std::move(admission), std::move(window_slot)));
    }
    if (hooks.live) hooks.live->input_complete = true;
    co_await tasks.join();
  }
  outcome.wall_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - outcome.started).count();
}

}  // namespace cofetch::run
