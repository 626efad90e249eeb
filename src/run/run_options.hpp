#pragma once
// RunOptions: everything a run needs, as plain data. The CLI fills it in; the
// runner knows nothing of how.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cofetch/http/fetch.hpp"
#include "input/shard.hpp"
#include "report/style.hpp"
#include "report/write_out.hpp"
#include "run/failure_policy.hpp"
#include "run/scheduler.hpp"

namespace cofetch::run {

enum class ResultFormat { text, json_lines, csv };
enum class SummaryFormat { text, json, none };
enum class ProgressMode { automatic, always, never };  // automatic: when stderr is a terminal

// --sweep: the list at several levels of -j, and the level to use.
struct SweepOptions {
  std::vector<std::size_t> levels;    // in the order given; "auto": powers of two up to -j
  bool warm = false;                  // --sweep-warm: keep connections from level to level
  std::optional<std::size_t> sample;  // --sweep-sample N: the first N URLs only
  double max_error_rate = 0.05;       // --sweep-max-errors: stop climbing past this
};

struct RunOptions {
  std::vector<std::string> urls;         // given as arguments
  std::vector<std::string> input_files;  // -i; "-" is standard input
  std::optional<input::Shard> shard;     // --shard K/N: only this share of the input
  Limits limits;                         // -j, --per-host, --rate, --retry...
  bool compare = false;                  // run the list one at a time, then with limits.concurrency
  std::optional<SweepOptions> sweep;     // --sweep: the list once per level
  http::FetchOptions fetch;
  FailurePolicy failure = FailurePolicy::errors_only();
  ResultFormat format = ResultFormat::text;
  std::optional<report::WriteOut> write_out;  // -w: replaces the format
  report::ColorMode color = report::ColorMode::automatic;
  bool timing = false;  // -v: phases on every text line
  SummaryFormat summary = SummaryFormat::text;
  bool quiet = false;  // no per-URL lines
  ProgressMode progress = ProgressMode::automatic;
  std::string har_path;                       // --har: write a HAR 1.2 log there
  std::string output_dir;                     // -O: save each body in a file there
  std::optional<std::size_t> waterfall_rows;  // --waterfall: draw this many rows after the run
  std::string results_path;                   // -o: append JSON Lines records there, not stdout
  std::string if_changed;   // --if-changed: an earlier run's results, asked about again
  bool unique = false;      // --unique: each URL of the input once
  bool resume = false;      // --resume: skip the URLs results_path holds
  std::string report_path;  // --report: a self-contained HTML report there
};

// Exit statuses, as documented in --help and the README.
inline constexpr int k_exit_ok = 0;       // nothing failed (by default: every URL got a response)
inline constexpr int k_exit_failure = 1;  // something failed, by the failure policy
inline constexpr int k_exit_usage = 2;    // bad options or unreadable input
// Stopped by a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM); 141 when
// the reader of standard output went away, as if SIGPIPE had ended the run.

}  // namespace cofetch::run
