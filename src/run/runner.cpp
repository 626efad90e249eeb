#include "run/runner.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>
#include <csignal>
#include <cstring>
#include <system_error>

#include "input/byte_source.hpp"
#include "input/url_source.hpp"
#include "report/output.hpp"
#include "report/sink.hpp"
#include "report/summary.hpp"
#include "run/batch.hpp"
#include "run/turn_flusher.hpp"
#include "uv/loop.hpp"
#include "uv/sync_wait.hpp"

namespace cofetch::run {

namespace {

// Each transfer needs a descriptor; the default soft limit (often 1024) would cap -j.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

std::vector<std::unique_ptr<input::LineInput>> open_inputs(uv::Loop& loop,
                                                           const RunOptions& options) {
  std::vector<std::unique_ptr<input::LineInput>> inputs;
  if (!options.urls.empty()) inputs.push_back(input::argument_input(options.urls));
  for (const std::string& path : options.input_files) {
    if (path == "-") {
      inputs.push_back(
          input::stream_input(input::open_byte_source(loop, STDIN_FILENO, false), "stdin"));
    } else {
      const int fd = input::open_for_reading(path);
      inputs.push_back(input::stream_input(input::open_byte_source(loop, fd, true), path));
    }
  }
  return inputs;
}

// What the run saw, for the summary and the exit status.
struct Tally {
  report::BatchStats stats;
  BatchOutcome outcome;
  std::optional<report::Comparison> comparison;
  std::size_t failures = 0;  // by the failure policy
};

void note(const char* text) {
  // Progress notes are for a person watching; scripts reading stderr get only the summary.
  if (isatty(STDERR_FILENO)) fmt::print(stderr, "cofetch: {}\n", text);
}

coro::Task<Tally> fetch_once(uv::Loop& loop, input::EntrySource& source,
                             const http::FetchContext& context, const RunOptions& options,
                             report::ResultSink& sink) {
  Tally tally;
  ResultHandler handle = [&](http::Result& result) {
    options.failure.apply(result);
    if (options.failure.fails(result)) ++tally.failures;
    tally.stats.add(result);
    sink.write(result);
  };
  tally.outcome = co_await run_batch(loop, source, context, options.limits, handle);
  co_return tally;
}

coro::Task<Tally> compare(uv::Loop& loop, input::UrlSource& source,
                          const http::FetchContext& context, const RunOptions& options,
                          report::ResultSink& sink) {
  // Both passes need the same list, and standard input cannot be read twice.
  std::vector<input::Entry> entries;
  std::optional<std::string> input_error;
  try {
    while (auto entry = co_await source.next()) entries.push_back(std::move(*entry));
  } catch (const std::exception& error) {
    input_error = error.what();
  }
  input::EntryList list(std::move(entries));

  note("compare: fetching the list one URL at a time");
  BatchLimits one_at_a_time = options.limits;
  one_at_a_time.concurrency = 1;
  ResultHandler ignore = [](http::Result&) {};
  const BatchOutcome sequential = co_await run_batch(loop, list, context, one_at_a_time, ignore);

  note("compare: fetching the list concurrently");
  list.replay();
  Tally tally = co_await fetch_once(loop, list, context, options, sink);
  tally.comparison = report::Comparison{sequential.wall_ms, tally.outcome.wall_ms};
  if (input_error) tally.outcome.input_error = input_error;
  co_return tally;
}

int exit_status(const Tally& tally, const report::Output& out) {
  if (tally.outcome.input_error || out.error()) return k_exit_failure;
  return tally.failures > 0 ? k_exit_failure : k_exit_ok;
}

}  // namespace

int run(const RunOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout shows up as EPIPE in Output instead
  raise_descriptor_limit();

  report::Output out(STDOUT_FILENO);
  report::Output err(STDERR_FILENO);
  uv::Loop loop;
  Tally tally;
  {
    std::vector<std::unique_ptr<input::LineInput>> inputs;
    try {
      inputs = open_inputs(loop, options);
    } catch (const std::system_error& error) {
      err.write(fmt::format("cofetch: {}\n", error.what()));
      return k_exit_usage;
    }
    input::UrlSource source(std::move(inputs));
    const http::FetchContext context(options.fetch);
    std::unique_ptr<report::ResultSink> sink = options.quiet ? report::null_sink()
                                               : options.format == ResultFormat::text
                                                   ? report::text_sink(out)
                                                   : report::json_lines_sink(out);
    TurnFlusher flusher(loop, out);
    tally = options.compare
                ? uv::sync_wait(loop, compare(loop, source, context, options, *sink))
                : uv::sync_wait(loop, fetch_once(loop, source, context, options, *sink));
  }
  out.flush();
  if (loop.close() != 0) err.write("cofetch: warning: the event loop did not close cleanly\n");

  if (tally.outcome.input_error)
    err.write(fmt::format("cofetch: {}\n", *tally.outcome.input_error));
  if (auto code = out.error())
    err.write(fmt::format("cofetch: writing results: {}\n", std::strerror(*code)));

  const report::RunSummary summary{&tally.stats, tally.outcome.wall_ms, options.limits.concurrency,
                                   tally.comparison};
  if (options.summary == SummaryFormat::text) err.write(report::summary_text(summary));
  if (options.summary == SummaryFormat::json) err.write(report::summary_json(summary));
  err.flush();
  return exit_status(tally, out);
}

}  // namespace cofetch::run
