#pragma once
// The passes of a run: once over the list, or twice for --compare (one at a
// time, then concurrently). They write into a Tally the runner owns, so a run
// stopped half-way (Ctrl-C) still has everything that finished.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "cofetch/coro/task.hpp"
#include "cofetch/http/fetch.hpp"
#include "cofetch/uv/loop.hpp"
#include "input/url_source.hpp"
#include "report/summary.hpp"
#include "run/batch.hpp"

namespace cofetch::run {

struct Tally {
  report::BatchStats stats;                            // of the pass whose results are printed
  BatchOutcome outcome;                                // of that pass
  std::optional<report::BatchStats> sequential_stats;  // --compare: the one-at-a-time pass
  std::optional<BatchOutcome> sequential_outcome;
  std::optional<std::string> input_error;
};

// Where a pass reports: `on_result` for every result of the printed pass,
// `on_phase` when a pass begins (for the progress line).
struct PassHooks {
  std::function<void(http::Result&)> on_result;
  std::function<void(http::Result&)> on_sequential_result;  // --compare's first pass
  std::function<void(const std::string& label)> on_phase;
  LiveCounts* live = nullptr;
  BatchControl* control = nullptr;
  std::shared_ptr<const save::BodyDirectory> bodies;
};

coro::Task<void> fetch_once(uv::Loop& loop, input::EntrySource& source,
                            const http::FetchContext& context, const BatchLimits& limits,
                            const PassHooks& hooks, Tally& tally);

// Reads the whole list first (standard input cannot be read twice), then runs it
// one at a time and with `limits`, each pass on fresh connections.
coro::Task<void> compare(uv::Loop& loop, input::EntrySource& source,
                         const http::FetchContext& context, const BatchLimits& limits,
                         const PassHooks& hooks, Tally& tally);

}  // namespace cofetch::run
