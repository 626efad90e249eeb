#include "run/passes.hpp"

#include <fmt/format.h>

namespace cofetch::run {

coro::Task<void> fetch_once(uv::Loop& loop, input::EntrySource& source,
                            const http::FetchContext& context, const BatchLimits& limits,
                            const PassHooks& hooks, Tally& tally) {
  if (hooks.on_phase) hooks.on_phase("");
  if (hooks.live) *hooks.live = LiveCounts{};
  BatchHooks batch{hooks.on_result, hooks.live, hooks.control, hooks.bodies};
  co_await run_batch(loop, source, context, limits, batch, tally.outcome);
  tally.input_error = tally.outcome.input_error;
}

coro::Task<void> compare(uv::Loop& loop, input::EntrySource& source,
                         const http::FetchContext& context, const BatchLimits& limits,
                         const PassHooks& hooks, Tally& tally) {
  std::vector<input::Entry> entries;
  try {
    while (auto entry = co_await source.next()) entries.push_back(std::move(*entry));
  } catch (const std::exception& error) {
    tally.input_error = error.what();
  }
  input::EntryList list(std::move(entries));

  if (hooks.on_phase) hooks.on_phase("one at a time");
  if (hooks.live) *hooks.live = LiveCounts{};
  tally.sequential_stats.emplace();
  tally.sequential_outcome.emplace();
  BatchLimits one_at_a_time = limits;
  one_at_a_time.concurrency = 1;
  one_at_a_time.in_order = false;
  BatchHooks sequential{hooks.on_sequential_result, hooks.live, hooks.control,
                        nullptr};  // saves nothing
  co_await run_batch(loop, list, context, one_at_a_time, sequential, *tally.sequential_outcome);

  if (hooks.on_phase) hooks.on_phase(fmt::format("-j {}", limits.concurrency));
  if (hooks.live) *hooks.live = LiveCounts{};
  list.replay();
  BatchHooks concurrent{hooks.on_result, hooks.live, hooks.control, hooks.bodies};
  co_await run_batch(loop, list, context, limits, concurrent, tally.outcome);
}

}  // namespace cofetch::run
