#include "run/runner.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <optional>
#include <system_error>

#include "report/json_text.hpp"
#include "report/style.hpp"
#include "report/summary.hpp"
#include "report/sweep.hpp"
#include "run/descriptor_budget.hpp"
#include "run/execute.hpp"
#include "run/outputs.hpp"
#include "run/plan.hpp"
#include "run/stop_signals.hpp"

namespace cofetch::run {

namespace {

void say(report::Output& err, std::string_view line) {
  err.write(fmt::format("cofetch: {}\n", line));
}

// The summary of pass `reported`: by default the last, the one printed.
report::RunSummary summary_of(const RunOptions& options, const Plan& plan, const Tally& tally,
                              std::optional<std::size_t> pass = std::nullopt) {
  const std::size_t reported = pass.value_or(plan.passes.size() - 1);
  report::RunSummary summary;
  summary.stats = &tally.stats[reported];
  summary.wall_ms = tally.outcomes[reported].wall_ms_so_far();
  summary.concurrency = plan.passes[reported].limits.concurrency;
  summary.style = plan.err_style;
  summary.shard = tally.shard;
  summary.expected = tally.expected;
  summary.hosts = tally.outcomes[reported].hosts;
  summary.proxy = http::proxy_in_use(options.fetch.proxy, options.fetch.show_credentials);
  if (options.unique) summary.repeats = tally.repeats;
  summary.asked_if_changed = !options.if_changed.empty();
  if (options.resume) {
    summary.skipped = tally.skipped;
    summary.resumed_from = options.results_path;
  }
  if (options.compare) {
    summary.comparison = report::Comparison{tally.outcomes[0].wall_ms_so_far(), summary.wall_ms,
                                            &tally.stats[0], tally.differing};
  }
  return summary;
}

report::Sweep sweep_of(const RunOptions& options, const Plan& plan, const Tally& tally) {
  report::Sweep sweep;
  for (std::size_t pass = 0; pass < tally.levels_run; ++pass) {
    sweep.levels.push_back(report::SweepLevel{plan.passes[pass].limits.concurrency,
                                              tally.outcomes[pass].wall_ms_so_far(),
                                              &tally.stats[pass]});
  }
  for (std::size_t pass = tally.levels_run; pass < plan.passes.size(); ++pass)
    sweep.skipped.push_back(plan.passes[pass].limits.concurrency);
  sweep.max_trouble_rate = options.sweep->max_error_rate;
  sweep.list_size = tally.list_size;
  if (options.sweep->sample && *options.sweep->sample < tally.list_size)
    sweep.sample = options.sweep->sample;
  sweep.warm = options.sweep->warm;
  return sweep;
}

// --sweep: the table and the recommendation (stderr), as data with --summary json,
// and one JSON line per level and the recommendation on stdout with --json.
void report_sweep(const RunOptions& options, const Plan& plan, const Tally& tally,
                  report::Output& out, report::Output& err) {
  const report::Sweep sweep = sweep_of(options, plan, tally);
  const nlohmann::ordered_json data = report::sweep_json(sweep);
  if (options.format == ResultFormat::json_lines) {
    for (const auto& level : data["levels"]) out.write(report::dump_line(level) + "\n");
    nlohmann::ordered_json recommendation = data;
    recommendation.erase("levels");
    out.write(report::dump_line(recommendation) + "\n");
  }
  if (options.summary == SummaryFormat::text) err.write(report::sweep_text(sweep, plan.err_style));
  if (options.summary == SummaryFormat::json) {
    nlohmann::ordered_json summary;
    summary["count"] = tally.stats.empty() ? 0 : tally.stats.front().count();
    summary["sweep"] = data;
    err.write(report::dump_line(summary) + "\n");
  }
}

// --report: the page, from what it kept and the run's figures; nothing, or the error.
std::optional<std::string> write_report(report::HtmlReport& page, const RunOptions& options,
                                        const Plan& plan, const Tally& tally) {
  report::HtmlReport::Run run;
  std::optional<report::RunSummary> summary;
  std::size_t pass = plan.passes.size() - 1;
  if (options.sweep) {
    // The URLs of the recommended level, else of the last level run.
    const report::Sweep sweep = sweep_of(options, plan, tally);
    run.sweep = report::sweep_json(sweep);
    const auto made = report::recommend(sweep);
    pass = tally.levels_run > 0 ? tally.levels_run - 1 : 0;
    for (std::size_t level = 0; level < tally.levels_run; ++level) {
      if (made && made->level == plan.passes[level].limits.concurrency) pass = level;
    }
    run.pass_label = fmt::format("{} ({})", plan.passes[pass].label,
                                 made && made->level == plan.passes[pass].limits.concurrency
                                     ? "the recommended level"
                                     : "the last level run");
  }
  summary = summary_of(options, plan, tally, pass);
  run.summary = &*summary;
  run.pass = pass;
  run.started = tally.outcomes[pass].started;
  try {
    page.finish(run);
  } catch (const std::system_error& error) {
    return std::string("--report: ") + error.what();
  }
  return std::nullopt;
}

// What is left to say on standard error, and the exit status.
int finish(const RunOptions& options, const Plan& plan, const Tally& tally,
           const std::vector<std::string>& output_errors, const report::Waterfall* waterfall,
           report::Output& out, report::Output& err) {
  if (!tally.loop_closed) say(err, "warning: the event loop did not close cleanly");
  for (const std::string& error : output_errors) {
    if (error.starts_with("--har")) say(err, error);
  }
  // A reader that went away (| head) ends the run quietly, as SIGPIPE would have.
  if (tally.output_closed && !out.error()) return exit_status_for_signal(SIGPIPE);

  if (tally.input_error) say(err, *tally.input_error);
  for (const std::string& error : tally.run_errors) say(err, error);
  if (tally.entries == 0 && !tally.input_error && !tally.signal) {
    // As curl does without a URL: a usage error, not an empty success.
    say(err, "no URLs in the input (give them as arguments, with -i FILE, or on standard input)");
    return k_exit_usage;
  }
  for (const std::string& error : output_errors) {
    if (!error.starts_with("--har")) say(err, error);
  }
  if (auto code = out.error()) say(err, fmt::format("writing results: {}", std::strerror(*code)));
  if (options.sweep) {
    report_sweep(options, plan, tally, out, err);
    out.flush();
    err.flush();
    // Failures at high levels are what a sweep looks for, not a failed run.
    if (tally.signal) return exit_status_for_signal(tally.signal);
    return tally.input_error || !tally.run_errors.empty() ? k_exit_failure : k_exit_ok;
  }
  if (waterfall) {
    err.write(waterfall->draw(tally.outcomes.back().started, plan.err_style,
                              report::terminal_width(STDERR_FILENO, 100)));
  }
  const report::RunSummary summary = summary_of(options, plan, tally);
  if (options.summary == SummaryFormat::text) err.write(report::summary_text(summary));
  if (options.summary == SummaryFormat::json) err.write(report::summary_json(summary));
  err.flush();

  if (tally.signal) return exit_status_for_signal(tally.signal);
  if (tally.input_error || out.error() || !output_errors.empty() || !tally.run_errors.empty())
    return k_exit_failure;
  return tally.failures > 0 ? k_exit_failure : k_exit_ok;
}

}  // namespace

int run(const RunOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout shows up as EPIPE in Output instead
  // A file larger than RLIMIT_FSIZE fails with EFBIG (that URL's error) rather
  // than killing the run.
  std::signal(SIGXFSZ, SIG_IGN);
  report::Output out(STDOUT_FILENO);
  report::Output err(STDERR_FILENO);

  // 1. Plan: what the run will do, from the options alone.
  const Plan plan = make_plan(options, Environment::of_this_process(options));
  if (plan.warning) say(err, *plan.warning);
  // Before any thread starts (outputs, input reads, name resolution).
  reserve_descriptor_table(plan.descriptors);

  // 2. Open every output before anything is fetched: a path that cannot be
  // written is a usage error.
  std::optional<Outputs> outputs;
  std::vector<std::string> notes;
  try {
    outputs.emplace(options, plan, out, notes);
  } catch (const OpenError& error) {
    say(err, error.what());
    return k_exit_usage;
  }
  for (const std::string& note : notes) say(err, note);

  // 3. Execute the passes.
  Tally tally;
  try {
    tally = execute(options, plan, *outputs, out);
  } catch (const OpenError& error) {
    say(err, error.what());
    return k_exit_usage;
  }
  std::vector<std::string> output_errors = outputs->close();
  if (report::HtmlReport* page = outputs->html_report()) {
    if (auto problem = write_report(*page, options, plan, tally)) output_errors.push_back(*problem);
  }

  // 4. Finish: messages, the waterfall, the summary, the exit status.
  return finish(options, plan, tally, output_errors, outputs->waterfall(), out, err);
}

}  // namespace cofetch::run
