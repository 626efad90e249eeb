#pragma once
// The command line: CLI11 definitions turned into plain RunOptions.

#include <optional>

#include "run/run_options.hpp"
#include "run/summarize.hpp"

namespace cofetch::cli {

struct Parsed {
  std::optional<run::RunOptions> options;          // fetch: the usual command
  std::optional<run::SummarizeOptions> summarize;  // `cofetch summarize FILE...`
  int exit_status = 0;  // neither: exit now (after --help, --version or a usage error)
};

// Prints help, version or a one-line usage error itself. `stdin_is_terminal`
// decides whether standard input is read when no URL is given.
Parsed parse(int argc, const char* const* argv, bool stdin_is_terminal);

}  // namespace cofetch::cli
