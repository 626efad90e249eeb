#include "run/runner.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>
#include <csignal>
#include <cstring>
#include <optional>
#include <system_error>

#include "cofetch/http/credentials.hpp"
#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/sync_wait.hpp"
#include "cofetch/version.hpp"
#include "input/byte_source.hpp"
#include "input/url_source.hpp"
#include "report/har.hpp"
#include "report/output.hpp"
#include "report/sink.hpp"
#include "report/summary.hpp"
#include "report/waterfall.hpp"
#include "run/descriptor_budget.hpp"
#include "run/passes.hpp"
#include "run/progress.hpp"
#include "run/stop_signals.hpp"
#include "run/turn_flusher.hpp"
#include "store/results_file.hpp"
#include "store/resume.hpp"

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
    } else {
      const int fd = input::open_for_reading(path);
      inputs.push_back(input::stream_input(input::open_byte_source(loop, fd, true), path));
    }
  }
  return inputs;
}

std::unique_ptr<report::ResultSink> make_sink(const RunOptions& options, report::Output& out) {
  if (options.quiet || !options.results_path.empty()) return report::null_sink();
  if (options.write_out) return report::write_out_sink(out, *options.write_out);
  switch (options.format) {
    case ResultFormat::json_lines: return report::json_lines_sink(out, !options.output_dir.empty());
    case ResultFormat::csv: return report::csv_sink(out, !options.output_dir.empty());
    case ResultFormat::text: break;
  }
  const report::Style style{report::wants_color(options.color, STDOUT_FILENO),
                            report::terminal_takes_utf8()};
  return report::text_sink(out, report::TextOptions{style, options.timing});
}

// What every request of the run sends, for the HAR log.
report::HarRequest har_request(const http::FetchOptions& fetch) {
  report::HarRequest request;
  request.method = !fetch.method.empty() ? fetch.method : fetch.body ? "POST" : "GET";
  for (const std::string& line : fetch.headers) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) {  // "Name;": sent empty
      request.headers.emplace_back(line.substr(0, line.size() - 1), "");
      continue;
    }
    const auto value = line.find_first_not_of(' ', colon + 1);
    if (value == std::string::npos) continue;  // "Name:": not sent at all
    // HAR files get shared: secrets are masked as browsers' sanitised exports do.
    const bool masked = !fetch.show_credentials && http::is_secret_header(line);
    request.headers.emplace_back(line.substr(0, colon), masked ? "***" : line.substr(value));
  }
  if (!fetch.user_agent.empty()) request.headers.emplace_back("User-Agent", fetch.user_agent);
  request.body_size = fetch.body ? fetch.body->size() : 0;
  return request;
}

bool shows_progress(ProgressMode mode) {
  if (mode != ProgressMode::automatic) return mode == ProgressMode::always;
  return isatty(STDERR_FILENO) == 1;
}

// A pass that was stopped never measured its wall time: it lasted until now.
double wall_ms(const BatchOutcome& outcome) {
  if (outcome.wall_ms > 0 || outcome.started == std::chrono::steady_clock::time_point{})
    return outcome.wall_ms;
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                   outcome.started)
      .count();
}

// -o FILE: opened (and repaired) before anything is fetched; with --resume, what
// it holds already. Notes go to `err`.
void open_results(const RunOptions& options, report::Output& err,
                  std::optional<store::ResultsFile>& results,
                  std::optional<store::DoneRecords>& done) {
  results.emplace(options.results_path);
  if (results->torn_bytes() > 0) {
    err.write(fmt::format(
        "cofetch: {}: cut off an incomplete last line ({} bytes), left by an interrupted run\n",
        options.results_path, results->torn_bytes()));
  }
  if (!options.resume) {
    if (results->size_at_open() > 0) {
      err.write(fmt::format(
          "cofetch: appending to {}, which holds results already (--resume skips their URLs)\n",
          options.results_path));
    }
    return;
  }
  done = store::DoneRecords::load(options.results_path);
  if (done->bad_lines > 0) {
    err.write(fmt::format("cofetch: {}: {} line{} not a cofetch record, ignored (first: line {})\n",
                          options.results_path, done->bad_lines,
                          done->bad_lines == 1 ? " is" : "s are", done->first_bad_line));
  }
}

std::string stop_reason(int signal) {
  return signal == SIGINT    ? "interrupted (SIGINT)"
         : signal == SIGTERM ? "terminated (SIGTERM)"
                             : "stopped";
}

}  // namespace

int run(const RunOptions& given) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout shows up as EPIPE in Output instead
  // A file larger than RLIMIT_FSIZE fails with EFBIG (that URL's error) rather
  // than killing the run.
  std::signal(SIGXFSZ, SIG_IGN);

  report::Output out(STDOUT_FILENO);
  report::Output err(STDERR_FILENO);
  RunOptions options = given;
  // Each transfer needs descriptors; the default soft limit (often 1024) would cap -j.
  const DescriptorBudget budget =
      descriptor_budget(options.limits.concurrency, !options.output_dir.empty(),
                        raise_descriptor_limit(), open_descriptors());
  if (budget.warning) err.write(fmt::format("cofetch: {}\n", *budget.warning));
  options.limits.concurrency = budget.concurrency;
  options.limits.connection_cache = budget.connection_cache;
  const report::Style err_style{report::wants_color(options.color, STDERR_FILENO),
                                report::terminal_takes_utf8()};

  // Created before anything is fetched, so a path that cannot be written is a usage error.
  std::optional<report::HarFile> har;
  try {
    if (!options.har_path.empty())
      har.emplace(options.har_path, har_request(options.fetch), k_version);
  } catch (const std::system_error& error) {
    err.write(fmt::format("cofetch: --har: {}\n", error.what()));
    return k_exit_usage;
  }
  std::shared_ptr<const save::BodyDirectory> bodies;
  try {
    if (!options.output_dir.empty())
      bodies = std::make_shared<save::BodyDirectory>(options.output_dir);
  } catch (const std::system_error& error) {
    err.write(fmt::format("cofetch: -O: {}\n", error.what()));
    return k_exit_usage;
  }
  std::optional<report::Waterfall> waterfall;
  if (options.waterfall_rows) waterfall.emplace(*options.waterfall_rows);
  std::optional<store::ResultsFile> results;
  std::optional<store::DoneRecords> done;
  try {
    if (!options.results_path.empty()) open_results(options, err, results, done);
  } catch (const std::system_error& error) {
    err.write(fmt::format("cofetch: -o: {}\n", error.what()));
    return k_exit_usage;
  }
  std::optional<std::string> results_error;
  std::size_t skipped = 0;
  std::optional<report::ShardShare> shard_share;

  Tally tally;
  std::size_t failures = 0;
  int signal_received = 0;
  bool output_closed = false;
  uv::Loop loop;
  {
    std::vector<std::unique_ptr<input::LineInput>> inputs;
    try {
      inputs = open_inputs(loop, options);
    } catch (const std::system_error& error) {
      err.write(fmt::format("cofetch: {}\n", error.what()));
      return k_exit_usage;
    }
    input::UrlSource urls(std::move(inputs), options.fetch.show_credentials);
    std::optional<input::ShardFilter> shard;
    if (options.shard) shard.emplace(urls, *options.shard);
    input::EntrySource* source = &urls;
    if (shard) source = &*shard;
    std::optional<store::ResumeFilter> resume;
    if (done) resume.emplace(*source, *done);
    if (resume) source = &*resume;
    const http::FetchContext context(options.fetch);
    const std::unique_ptr<report::ResultSink> sink = make_sink(options, out);

    LiveCounts live;
    std::optional<Progress> progress;
    if (shows_progress(options.progress))
      progress.emplace(loop, STDERR_FILENO, live, err_style.unicode);
    const bool stdout_is_terminal = isatty(STDOUT_FILENO) == 1;
    BatchControl control;

    TurnFlusher flusher(
        loop, out,
        [&] {
          if (progress && stdout_is_terminal) progress->erase();
        },
        [&] {
          output_closed = true;
          control.stop("standard output closed");
        });
    StopSignals signals(loop, [&](int signal) {
      signal_received = signal;
      if (progress) progress->erase();
      control.stop(stop_reason(signal));
    });

    PassHooks hooks;
    hooks.live = &live;
    hooks.control = &control;
    hooks.bodies = bodies;
    hooks.on_phase = [&](const std::string& label) {
      if (progress) progress->begin(label);
    };
    hooks.on_result = [&](http::Result& result) {
      options.failure.apply(result);
      if (options.failure.fails(result)) ++failures;
      tally.stats.add(result);
      sink->write(result);
      if (results && !results_error) {
        try {
          results->append(result, !options.output_dir.empty());
        } catch (const std::system_error& error) {
          results_error = error.what();  // nothing more is fetched that could not be kept
          control.stop("results cannot be written");
        }
      }
      if (har) har->add(result);
      if (waterfall) waterfall->add(result);
      if (progress) progress->count(result);
    };
    hooks.on_sequential_result = [&](http::Result& result) {
      options.failure.apply(result);
      tally.sequential_stats->add(result);
      if (progress) progress->count(result);
    };
    coro::Task<void> job = options.compare
                               ? compare(loop, *source, context, options.limits, hooks, tally)
                               : fetch_once(loop, *source, context, options.limits, hooks, tally);
    uv::run_until(loop, std::move(job), control.stopped_flag());
    flusher.flush();
    if (progress) progress->stop();
    if (resume) skipped = resume->skipped();
    if (shard)
      shard_share = report::ShardShare{options.shard->name(), shard->kept(), shard->read()};
  }
  if (results) {
    try {
      results->close();
    } catch (const std::system_error& error) {
      if (!results_error) results_error = error.what();
    }
  }
  out.flush();
  if (loop.close() != 0) err.write("cofetch: warning: the event loop did not close cleanly\n");

  if (har) {
    try {
      har->finish();
    } catch (const std::system_error& error) {
      err.write(fmt::format("cofetch: --har: {}\n", error.what()));
      ++failures;
    }
  }
  // A reader that went away (| head) ends the run quietly, as SIGPIPE would have.
  if (output_closed && !out.error()) return exit_status_for_signal(SIGPIPE);

  if (tally.input_error) err.write(fmt::format("cofetch: {}\n", *tally.input_error));
  if (results_error) err.write(fmt::format("cofetch: -o: {}\n", *results_error));
  if (auto code = out.error())
    err.write(fmt::format("cofetch: writing results: {}\n", std::strerror(*code)));
  if (waterfall) {
    err.write(waterfall->draw(tally.outcome.started, err_style,
                              report::terminal_width(STDERR_FILENO, 100)));
  }

  report::RunSummary summary;
  summary.stats = &tally.stats;
  summary.wall_ms = wall_ms(tally.outcome);
  summary.concurrency = options.limits.concurrency;
  summary.style = err_style;
  summary.shard = shard_share;
  if (options.resume) {
    summary.skipped = skipped;
    summary.resumed_from = options.results_path;
  }
  if (tally.sequential_stats) {
    summary.comparison = report::Comparison{wall_ms(*tally.sequential_outcome),
                                            wall_ms(tally.outcome), &*tally.sequential_stats};
  }
  if (options.summary == SummaryFormat::text) err.write(report::summary_text(summary));
  if (options.summary == SummaryFormat::json) err.write(report::summary_json(summary));
  err.flush();

  if (signal_received) return exit_status_for_signal(signal_received);
  if (tally.input_error || out.error() || results_error) return k_exit_failure;
  return failures > 0 ? k_exit_failure : k_exit_ok;
}

}  // namespace cofetch::run
