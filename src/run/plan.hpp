#pragma once
// Plan: what a run will do, decided from the options and a few facts about the
// process (terminals, colour, the open-file limit) before anything is opened or
// fetched. Pure, so the shape of every run is unit-tested (tests/unit/test_plan.cpp).
//
// A run is plan -> open the outputs -> execute the passes -> finish (runner.cpp).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "report/style.hpp"
#include "run/run_options.hpp"
#include "run/scheduler.hpp"

namespace cofetch::run {

// The facts about this process a plan depends on.
struct Environment {
  bool stdout_is_terminal = false;
  bool stderr_is_terminal = false;
  bool stdout_color = false;  // --color and NO_COLOR applied to standard output
  bool stderr_color = false;
  bool unicode = false;                 // the terminal takes UTF-8
  std::size_t descriptor_limit = 1024;  // RLIMIT_NOFILE, raised as far as allowed
  std::size_t descriptors_open = 3;

  // Reads them (and raises the open-file limit).
  static Environment of_this_process(const RunOptions& options);
};

enum class StdoutFormat { none, text, json_lines, csv, write_out };

struct PassPlan {
  std::string label;  // for the progress line: "" for a lone pass
  Limits limits;
  // The pass whose results every output receives; --compare's one-at-a-time pass
  // only counts its own statistics (and saves no bodies). Every level of --sweep
  // is reported, to the only output it allows (--report).
  bool reported = true;
};

struct Plan {
  std::vector<PassPlan> passes;   // one, --compare's two, or --sweep's levels
  bool whole_list_first = false;  // --compare reads the list into memory first
  StdoutFormat stdout_format = StdoutFormat::text;
  bool saves_bodies = false;  // -O: records gain "file"
  bool progress = false;
  // Results and progress share a terminal: the progress line steps aside first.
  bool progress_shares_terminal = false;
  report::Style out_style;
  report::Style err_style;
  std::optional<std::string> warning;  // -j lowered to fit the open-file limit
  std::size_t descriptors = 0;         // the most descriptors the run holds at once
};

Plan make_plan(const RunOptions& options, const Environment& environment);

}  // namespace cofetch::run
