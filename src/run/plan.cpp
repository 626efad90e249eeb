#include "run/plan.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>

#include "run/descriptor_budget.hpp"

namespace cofetch::run {

namespace {

StdoutFormat stdout_format(const RunOptions& options) {
  if (options.quiet || !options.results_path.empty()) return StdoutFormat::none;
  if (options.write_out) return StdoutFormat::write_out;
  switch (options.format) {
    case ResultFormat::json_lines: return StdoutFormat::json_lines;
    case ResultFormat::csv: return StdoutFormat::csv;
    case ResultFormat::text: break;
  }
  return StdoutFormat::text;
}

bool shows_progress(ProgressMode mode, bool stderr_is_terminal) {
  if (mode != ProgressMode::automatic) return mode == ProgressMode::always;
  return stderr_is_terminal;
}

}  // namespace

Environment Environment::of_this_process(const RunOptions& options) {
  Environment environment;
  environment.stdout_is_terminal = isatty(STDOUT_FILENO) == 1;
  environment.stderr_is_terminal = isatty(STDERR_FILENO) == 1;
  environment.stdout_color = report::wants_color(options.color, STDOUT_FILENO);
  environment.stderr_color = report::wants_color(options.color, STDERR_FILENO);
  environment.unicode = report::terminal_takes_utf8();
  environment.descriptor_limit = raise_descriptor_limit();
  environment.descriptors_open = open_descriptors();
  return environment;
}

Plan make_plan(const RunOptions& options, const Environment& environment) {
  Plan plan;
  plan.saves_bodies = !options.output_dir.empty();
  // Each transfer needs descriptors; the default soft limit (often 1024) would cap -j.
  const std::size_t most =
      options.sweep ? *std::max_element(options.sweep->levels.begin(), options.sweep->levels.end())
                    : options.limits.concurrency;
  const DescriptorBudget budget = descriptor_budget(
      most, plan.saves_bodies, environment.descriptor_limit, environment.descriptors_open);
  plan.warning = budget.warning;
  plan.descriptors = budget.peak;
  Limits limits = options.limits;
  limits.concurrency = budget.concurrency;
  limits.connection_cache = budget.connection_cache;

  if (options.sweep) {
    plan.whole_list_first = true;  // every level fetches the same list
    for (std::size_t level : options.sweep->levels) {
      Limits at = limits;
      at.concurrency = std::min(level, budget.concurrency);
      // Reported: each level's results reach the outputs a sweep allows (--report).
      plan.passes.push_back(PassPlan{fmt::format("-j {}", at.concurrency), at, true});
    }
  } else if (options.compare) {
    plan.whole_list_first = true;  // standard input cannot be read twice
    Limits one_at_a_time = limits;
    one_at_a_time.concurrency = 1;
    one_at_a_time.in_order = false;
    plan.passes.push_back(PassPlan{"one at a time", one_at_a_time, false});
    plan.passes.push_back(PassPlan{fmt::format("-j {}", limits.concurrency), limits, true});
  } else {
    plan.passes.push_back(PassPlan{"", limits, true});
  }
  plan.stdout_format = options.sweep ? StdoutFormat::none : stdout_format(options);
  plan.progress = shows_progress(options.progress, environment.stderr_is_terminal);
  plan.progress_shares_terminal = plan.progress && environment.stdout_is_terminal;
  plan.out_style = report::Style{environment.stdout_color, environment.unicode};
  plan.err_style = report::Style{environment.stderr_color, environment.unicode};
  return plan;
}

}  // namespace cofetch::run
