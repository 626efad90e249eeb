#pragma once
// The command line: CLI11 definitions turned into plain RunOptions.

#include <optional>

#include "run/run_options.hpp"

namespace cofetch::cli {

struct Parsed {
  std::optional<run::RunOptions> options;  // absent: exit now with `exit_status`
  int exit_status = 0;                     // after --help, --version or a usage error
};

// Prints help, version or a one-line usage error itself. `stdin_is_terminal`
// decides whether standard input is read when no URL is given.
Parsed parse(int argc, const char* const* argv, bool stdin_is_terminal);

}  // namespace cofetch::cli
