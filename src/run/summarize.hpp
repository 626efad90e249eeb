#pragma once
// `cofetch summarize FILE...`: the summary of results already written, by one
// run or many (shards, resumed runs), recomputed over their union.
//
// Each URL counts once: a record with the same index and URL as one read before
// is a duplicate and is left out, and so is a cancelled record (not final).
// Throughput runs over the span from the first request's start to the last
// response's end, across all files.

#include <string>
#include <vector>

#include "report/style.hpp"
#include "run/failure_policy.hpp"
#include "run/run_options.hpp"

namespace cofetch::run {

struct SummarizeOptions {
  std::vector<std::string> files;
  SummaryFormat summary = SummaryFormat::text;  // text or json, on standard output
  report::ColorMode color = report::ColorMode::automatic;
  FailurePolicy failure = FailurePolicy::errors_only();  // what makes the exit status 1
};

// Prints the summary; returns the exit status (k_exit_usage when a file cannot be read).
int summarize(const SummarizeOptions& options);

}  // namespace cofetch::run
