#include "run/execute.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <memory>
#include <system_error>

#include "cofetch/coro/scope.hpp"
#include "cofetch/http/cookie_jar.hpp"
#include "cofetch/url/credentials.hpp"
#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/run_blocking.hpp"
#include "cofetch/uv/sync_wait.hpp"
#include "input/byte_source.hpp"
#include "input/entry_count.hpp"
#include "input/shard.hpp"
#include "input/url_source.hpp"
#include "report/sweep.hpp"
#include "run/curl_fetch.hpp"
#include "run/pass_outcomes.hpp"
#include "run/progress.hpp"
#include "run/stop_signals.hpp"
#include "run/turn_flusher.hpp"
#include "store/record_key.hpp"
#include "store/resume.hpp"
#include "store/unique.hpp"

namespace cofetch::run {

namespace {

std::vector<std::unique_ptr<input::LineInput>> open_inputs(uv::Loop& loop,
                                                           const RunOptions& options) {
  std::vector<std::unique_ptr<input::LineInput>> inputs;
  if (!options.urls.empty()) inputs.push_back(input::argument_input(options.urls));
  for (const std::string& path : options.input_files) {
    if (path == "-") {
      inputs.push_back(
          input::stream_input(input::open_byte_source(loop, STDIN_FILENO, false), "stdin"));
      continue;
    }
    try {
      const int fd = input::open_for_reading(path);
      inputs.push_back(input::stream_input(input::open_byte_source(loop, fd, true), path));
    } catch (const std::system_error& error) {
      throw OpenError(error.what());
    }
  }
  return inputs;
}

std::string stop_reason(int signal) {
  return signal == SIGINT    ? "interrupted (SIGINT)"
         : signal == SIGTERM ? "terminated (SIGTERM)"
                             : "stopped";
}

// The entries of the run: the inputs in order, through --unique, --shard and --resume.
class Entries {
 public:
  Entries(uv::Loop& loop, const RunOptions& options, const store::DoneRecords* done)
      : m_urls(open_inputs(loop, options), options.fetch.show_credentials) {
    input::EntrySource* source = &m_urls;
    if (options.unique) source = &m_unique.emplace(*source);
    if (options.shard) source = &m_shard.emplace(*source, *options.shard);
    if (done) source = &m_resume.emplace(*source, *done);
    m_source = source;
  }
  input::EntrySource& source() noexcept { return *m_source; }

  void count_into(Tally& tally, const RunOptions& options) const {
    tally.entries = m_urls.count();
    if (m_resume) tally.skipped = m_resume->skipped();
    if (m_unique) tally.repeats = m_unique->repeats();
    if (m_shard)
      tally.shard = report::ShardShare{options.shard->name(), m_shard->kept(), m_shard->read()};
  }

 private:
  input::UrlSource m_urls;
  std::optional<store::UniqueFilter> m_unique;
  std::optional<input::ShardFilter> m_shard;
  std::optional<store::ResumeFilter> m_resume;
  input::EntrySource* m_source = nullptr;
};

// What the passes share while they run.
struct Running {
  std::vector<PassOutcomes>* compared;  // --compare: each pass's outcomes; else null
  uv::Loop& loop;
  const RunOptions& options;
  const Plan& plan;
  Outputs& outputs;
  const http::FetchContext& context;
  http::CookieJar* cookies;  // -b FILE, -c: the store carried from pass to pass; else null
  Progress* progress;
  LiveCounts& live;
  StopControl& control;
  Tally& tally;
};

std::size_t connection_cache(const Limits& limits) {
  return limits.connection_cache > 0 ? limits.connection_cache : 2 * limits.concurrency + 16;
}

// Takes the pass's cookies into the jar when the pass ends, also when a stop
// (Ctrl-C) destroys it midway: what the servers set so far goes into -c's file.
struct CookiesTaken {
  http::CookieJar* jar;
  const http::Multi& multi;
  Tally& tally;
  ~CookiesTaken() {
    if (!jar) return;
    try {
      if (auto problem = jar->take(multi)) tally.run_errors.push_back(*problem);
    } catch (const std::bad_alloc&) {  // the jar keeps what it had
    }
  }
};

// One pass: on a fetch of its own (fresh connections), or on `kept`, which the
// passes share (--sweep-warm).
coro::Task<void> run_pass(Running& run, std::size_t number, JobSource& jobs,
                          CurlFetch* kept = nullptr) {
  const PassPlan& pass = run.plan.passes[number];
  if (run.progress) run.progress->begin(pass.label);
  run.live = LiveCounts{};
  report::FanOut sinks;
  sinks.add(run.tally.stats[number]);
  if (run.progress) sinks.add(*run.progress);
  if (run.compared) sinks.add((*run.compared)[number]);
  if (pass.reported) run.outputs.connect(sinks, run.control, number);
  Verdicts verdicts(run.options.failure, sinks);
  std::optional<CurlFetch> own;
  if (!kept) {
    own.emplace(run.loop, run.context, connection_cache(pass.limits),
                pass.reported ? run.outputs.bodies() : nullptr);
  }
  CurlFetch& fetch = kept ? *kept : *own;
  fetch.ask_if_changed(run.outputs.validators());
  if (run.cookies) {
    if (auto problem = run.cookies->fill(fetch.multi())) run.tally.run_errors.push_back(*problem);
  }
  const CookiesTaken taken{run.cookies, fetch.multi(), run.tally};
  co_await schedule(run.loop, jobs, fetch, pass.limits, verdicts, &run.live, &run.control,
                    run.tally.outcomes[number]);
  if (pass.reported) run.tally.failures = verdicts.failures();
  if (const auto& failure = fetch.multi().failure())
    run.tally.run_errors.push_back("libcurl: " + *failure);
}

// --sweep: each level in turn, on fresh connections (or on the same ones with
// --sweep-warm), until a level's failures pass --sweep-max-errors.
coro::Task<void> run_sweep(Running& run, input::EntryList& list) {
  const SweepOptions& sweep = *run.options.sweep;
  std::optional<CurlFetch> kept;
  if (sweep.warm)
    kept.emplace(run.loop, run.context, connection_cache(run.plan.passes.back().limits), nullptr);
  for (std::size_t pass = 0; pass < run.plan.passes.size(); ++pass) {
    list.replay();
    UrlJobs jobs(list);
    co_await run_pass(run, pass, jobs, kept ? &*kept : nullptr);
    run.tally.levels_run = pass + 1;
    const report::SweepLevel level{pass, run.tally.outcomes[pass].wall_ms, &run.tally.stats[pass]};
    if (level.trouble_rate() > sweep.max_error_rate) break;  // be kind to the server
  }
}

coro::Task<void> run_passes(Running& run, input::EntrySource& entries) {
  if (!run.plan.whole_list_first) {
    UrlJobs jobs(entries);
    co_await run_pass(run, 0, jobs);
    run.tally.input_error = run.tally.outcomes[0].input_error;
    co_return;
  }
  std::vector<input::Entry> all;
  try {
    while (auto entry = co_await entries.next()) all.push_back(std::move(*entry));
  } catch (const std::exception& error) {
    run.tally.input_error = error.what();
  }
  run.tally.list_size = all.size();
  if (run.options.sweep && run.options.sweep->sample && all.size() > *run.options.sweep->sample)
    all.resize(*run.options.sweep->sample);
  input::EntryList list(std::move(all));
  if (run.options.sweep) {
    co_await run_sweep(run, list);
    co_return;
  }
  std::vector<PassOutcomes> compared(run.plan.passes.size());
  run.compared = &compared;
  for (std::size_t pass = 0; pass < run.plan.passes.size(); ++pass) {
    list.replay();
    UrlJobs jobs(list);
    co_await run_pass(run, pass, jobs);
  }
  run.tally.differing = compared.front().differing_from(compared.back());
  run.compared = nullptr;
}

// The run's total for the progress line, counted on the thread pool while the
// first URLs are fetched: known for a list in files or `< file`; a pipe stays "?".
coro::Task<void> count_total(Running& run, const store::DoneRecords* done,
                             std::shared_ptr<std::atomic<bool>> stop) {
  // --unique counts each URL once, as the run will: a set of its own, on that thread.
  auto seen = run.options.unique ? std::make_shared<store::FingerprintSet>() : nullptr;
  input::EntryFilter keep = [shard = run.options.shard, done, seen,
                             show = run.options.fetch.show_credentials](std::size_t index,
                                                                        std::string_view text) {
    if (shard && input::shard_of(text, shard->count) != shard->number) return false;
    if (seen && !seen->insert(input::fnv1a64(text))) return false;
    if (!done) return true;
    const std::string shown = show ? std::string(text) : url::redact_credentials(text);
    return !done->keys.contains(store::record_key(index, store::as_recorded(shown)));
  };
  auto count = [urls = run.options.urls, paths = run.options.input_files, keep = std::move(keep),
                stop] { return input::count_entries(urls, paths, keep, *stop); };
  const std::optional<std::size_t> total = co_await uv::run_blocking(run.loop, std::move(count));
  if (!total) co_return;
  run.tally.expected = total;
  if (run.progress) run.progress->set_total(*total);
}

// The passes, and beside them the count of the total for the progress line.
coro::Task<void> run_all(Running& run, input::EntrySource& entries,
                         const store::DoneRecords* done) {
  auto stop_counting = std::make_shared<std::atomic<bool>>(false);
  coro::Scope beside;  // a count still running when the passes end is abandoned
  if (run.progress && !run.plan.whole_list_first)
    beside.spawn(count_total(run, done, stop_counting));
  co_await run_passes(run, entries);
  stop_counting->store(true);
}

}  // namespace

Tally execute(const RunOptions& options, const Plan& plan, Outputs& outputs, report::Output& out) {
  Tally tally;
  tally.stats.resize(plan.passes.size());
  tally.outcomes.resize(plan.passes.size());
  uv::Loop loop;
  {
    Entries entries(loop, options, outputs.done());
    const http::FetchContext context(options.fetch);
    // An option this libcurl refuses stops the run before anything is fetched.
    if (auto problem = context.check()) throw OpenError(*problem);
    std::optional<http::CookieJar> cookies;
    if (options.fetch.cookies.store()) cookies.emplace(options.fetch.cookies);
    LiveCounts live;
    std::optional<Progress> progress;
    if (plan.progress) progress.emplace(loop, STDERR_FILENO, live, plan.err_style.unicode);
    StopControl control;
    TurnFlusher flusher(
        loop, out,
        [&] {
          if (progress && plan.progress_shares_terminal) progress->erase();
        },
        [&] {
          tally.output_closed = true;
          control.stop("standard output closed");
        });
    StopSignals signals(loop, [&](int signal) {
      tally.signal = signal;
      if (progress) progress->erase();
      control.stop(stop_reason(signal));
    });
    Running run{nullptr,
                loop,
                options,
                plan,
                outputs,
                context,
                cookies ? &*cookies : nullptr,
                progress ? &*progress : nullptr,
                live,
                control,
                tally};
    uv::run_until(loop, run_all(run, entries.source(), outputs.done()), control.stopped_flag());
    // Also after Ctrl-C: what the servers set so far is kept.
    if (cookies) {
      if (auto problem = cookies->write()) tally.run_errors.push_back(*problem);
    }
    flusher.flush();
    if (progress) progress->stop();
    entries.count_into(tally, options);
  }
  out.flush();
  tally.loop_closed = loop.close() == 0;
  return tally;
}

}  // namespace cofetch::run
