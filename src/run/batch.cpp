#include "run/batch.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>

#include "coro/scope.hpp"
#include "coro/semaphore.hpp"
#include "http/host_key.hpp"
#include "http/multi.hpp"
#include "run/host_slots.hpp"
#include "run/rate_limiter.hpp"
#include "uv/sleep.hpp"

namespace cofetch::run {

namespace {

using Clock = std::chrono::steady_clock;

// Everything the tasks of one batch share.
struct Batch {
  Batch(uv::Loop& event_loop, const http::FetchContext& fetch_context, const BatchLimits& limits,
        const ResultHandler& handler)
      : loop(event_loop),
        multi(event_loop),
        context(fetch_context),
        slots(limits.concurrency),
        hosts(limits.per_host),
        retry(limits.retry, std::random_device{}()),
        on_result(handler) {
    if (limits.rate_per_second > 0) rate.emplace(event_loop, limits.rate_per_second);
  }

  uv::Loop& loop;
  http::Multi multi;
  const http::FetchContext& context;
  coro::Semaphore slots;
  HostSlots hosts;
  std::optional<RateLimiter> rate;
  RetryPlanner retry;
  const ResultHandler& on_result;
};

coro::Task<http::Result> attempt(Batch& batch, const input::Entry& entry, const std::string& host) {
  HostSlots::Permit host_slot = co_await batch.hosts.acquire(host);
  coro::Permit slot = co_await batch.slots.acquire();
  if (batch.rate) co_await batch.rate->wait_turn();
  http::Request request(entry.index, entry.url);
  co_return co_await http::fetch(batch.multi, batch.context, std::move(request));
}

coro::Task<http::Result> fetch_with_retries(Batch& batch, const input::Entry& entry) {
  const std::string host = batch.hosts.limited() ? http::host_key(entry.url) : std::string();
  const auto first_start = Clock::now();
  for (int attempts = 1;; ++attempts) {
    http::Result result = co_await attempt(batch, entry, host);
    result.attempts = attempts;
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - first_start);
    const auto wait = batch.retry.next_wait(result, attempts, elapsed);
    if (!wait) co_return result;
    co_await uv::sleep(batch.loop, *wait);  // no slot is held while waiting
  }
}

coro::Task<void> process(Batch& batch, input::Entry entry, coro::Permit admission) {
  http::Result result;
  if (entry.problem) {
    result = invalid_entry_result(entry);
  } else {
    result = co_await fetch_with_retries(batch, entry);  // not in ?: (see coro/task.hpp)
  }
  admission.release();  // the next URL can be read while this one is reported
  batch.on_result(result);
}

}  // namespace

std::size_t BatchLimits::look_ahead() const noexcept {
  return per_host > 0 ? std::max<std::size_t>(1000, 4 * concurrency) : concurrency;
}

http::Result invalid_entry_result(const input::Entry& entry) {
  http::Result result;
  result.index = entry.index;
  result.url = entry.url;
  result.attempts = 0;  // never tried
  result.error =
      http::FetchError{http::ErrorKind::invalid_url, entry.problem.value_or("invalid URL")};
  return result;
}

coro::Task<BatchOutcome> run_batch(uv::Loop& loop, input::EntrySource& source,
                                   const http::FetchContext& context, const BatchLimits& limits,
                                   const ResultHandler& on_result) {
  BatchOutcome outcome;
  Batch batch(loop, context, limits, on_result);
  coro::Semaphore admissions(limits.concurrency + limits.look_ahead());
  const auto start = Clock::now();
  {
    coro::Scope tasks;  // declared after `batch`: its frames go first, removing their handles
    while (true) {
      coro::Permit admission = co_await admissions.acquire();
      std::optional<input::Entry> entry;
      try {
        entry = co_await source.next();
      } catch (const std::exception& error) {
        outcome.input_error = error.what();  // keep what was read; finish what started
      }
      if (!entry) break;
      tasks.spawn(process(batch, std::move(*entry), std::move(admission)));
    }
    co_await tasks.join();
  }
  outcome.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  co_return outcome;
}

}  // namespace cofetch::run
