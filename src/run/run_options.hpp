#pragma once
// RunOptions: everything a run needs, as plain data. The CLI fills it in; the
// runner knows nothing of how.

#include <cstddef>
#include <string>
#include <vector>

#include "http/fetch.hpp"

namespace cofetch::run {

enum class ResultFormat { text, json_lines };
enum class SummaryFormat { text, json, none };

struct RunOptions {
  std::vector<std::string> urls;         // given as arguments
  std::vector<std::string> input_files;  // -i; "-" is standard input
  std::size_t concurrency = 50;
  bool compare = false;  // run the list one at a time, then with `concurrency`
  http::FetchOptions fetch;
  ResultFormat format = ResultFormat::text;
  SummaryFormat summary = SummaryFormat::text;
  bool quiet = false;  // no per-URL lines
};

// Exit statuses, as documented in --help and the README.
inline constexpr int k_exit_ok = 0;       // every URL got an HTTP response (any status)
inline constexpr int k_exit_failure = 1;  // some URL failed: transport error or invalid line
inline constexpr int k_exit_usage = 2;    // bad options or unreadable input

}  // namespace cofetch::run
