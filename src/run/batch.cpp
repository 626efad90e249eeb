#include "run/batch.hpp"

#include <chrono>

#include "coro/scope.hpp"
#include "coro/semaphore.hpp"
#include "http/multi.hpp"

namespace cofetch::run {

namespace {

coro::Task<void> fetch_entry(http::Multi& multi, const http::FetchContext& context,
                             input::Entry entry, coro::Permit permit,
                             const ResultHandler& on_result) {
  http::Result result;
  if (entry.problem) {
    result = invalid_entry_result(entry);
  } else {
    http::Request request(entry.index, std::move(entry.url));
    result = co_await http::fetch(multi, context, std::move(request));
  }
  permit.release();  // the next URL can start while this one is reported
  on_result(result);
}

}  // namespace

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
                                   const http::FetchContext& context, std::size_t concurrency,
                                   const ResultHandler& on_result) {
  BatchOutcome outcome;
  http::Multi multi(loop);
  coro::Semaphore slots(concurrency);
  const auto start = std::chrono::steady_clock::now();
  {
    coro::Scope fetches;  // declared after `multi`: its frames go first, removing their handles
    while (true) {
      coro::Permit slot = co_await slots.acquire();
      std::optional<input::Entry> entry;
      try {
        entry = co_await source.next();
      } catch (const std::exception& error) {
        outcome.input_error = error.what();  // keep what was read; finish what started
      }
      if (!entry) break;
      fetches.spawn(fetch_entry(multi, context, std::move(*entry), std::move(slot), on_result));
    }
    co_await fetches.join();
  }
  outcome.wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  co_return outcome;
}

}  // namespace cofetch::run
