#pragma once
// execute: the passes of a plan, on one loop. The entries come from the inputs
// (arguments, files, stdin), through --shard and --resume, each parsed as a URL
// (UrlJobs), and go to the scheduler with a CurlFetch of the pass's own; every
// result flows down into the pass's sinks:
//
//   inputs -> [--shard] -> [--resume] -> UrlJobs -> schedule(CurlFetch) -> Verdicts -> FanOut
//
// --compare reads the list first (standard input cannot be read twice), runs it
// one at a time, then with -j. Ctrl-C, SIGTERM and a closed stdout stop the pass
// that runs; what finished has been written.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "report/output.hpp"
#include "report/summary.hpp"
#include "run/outputs.hpp"
#include "run/plan.hpp"
#include "run/run_options.hpp"
#include "run/scheduler.hpp"

namespace cofetch::run {

// What the passes left for the summary and the exit status.
struct Tally {
  std::vector<report::BatchStats> stats;  // per pass, in the plan's order
  std::vector<PassOutcome> outcomes;
  // --compare: URLs whose status or kind of failure differed between the passes.
  std::size_t differing = 0;
  std::size_t list_size = 0;   // --compare, --sweep: URLs of the list read first
  std::size_t levels_run = 0;  // --sweep: passes run before it stopped climbing
  std::size_t failures = 0;    // results of the reported pass that fail the run
  std::optional<std::string> input_error;
  std::vector<std::string> run_errors;  // the libcurl driver's own failures ("libcurl: ...")
  int signal = 0;                       // the stop signal received, if any
  bool output_closed = false;           // the reader of standard output went away
  std::optional<std::size_t> expected;  // the URLs of the run, when counted ahead
  std::size_t entries = 0;              // lines of the input that are entries (URLs or not)
  std::size_t skipped = 0;              // --resume: entries left out as done
  std::size_t repeats = 0;              // --unique: entries left out as seen before
  std::optional<report::ShardShare> shard;
  bool loop_closed = true;  // uv_loop_close found nothing left open
};

// Runs the plan's passes. Throws OpenError when an input cannot be opened.
Tally execute(const RunOptions& options, const Plan& plan, Outputs& outputs, report::Output& out);

}  // namespace cofetch::run
