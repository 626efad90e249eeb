#pragma once
// RunOptions: everything a run needs, as plain data. The CLI fills it in; the
// runner knows nothing of how.

#include <cstddef>
#include <string>
#include <vector>

#include "http/fetch.hpp"
#include "run/batch.hpp"
#include "run/failure_policy.hpp"

namespace cofetch::run {

enum class ResultFormat { text, json_lines };
enum class SummaryFormat { text, json, none };

struct RunOptions {
  std::vector<std::string> urls;         // given as arguments
  std::vector<std::string> input_files;  // -i; "-" is standard input
  BatchLimits limits;                    // -j, --per-host, --rate, --retry...
  bool compare = false;                  // run the list one at a time, then with limits.concurrency
  http::FetchOptions fetch;
  FailurePolicy failure = FailurePolicy::errors_only();
  ResultFormat format = ResultFormat::text;
  SummaryFormat summary = SummaryFormat::text;
  bool quiet = false;  // no per-URL lines
};

// Exit statuses, as documented in --help and the README.
inline constexpr int k_exit_ok = 0;       // nothing failed (by default: every URL got a response)
inline constexpr int k_exit_failure = 1;  // something failed, by the failure policy
inline constexpr int k_exit_usage = 2;    // bad options or unreadable input

}  // namespace cofetch::run
