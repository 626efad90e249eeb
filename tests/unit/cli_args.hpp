#pragma once
// Parses a command line the way main() does, for the CLI and configuration tests.

#include <vector>

#include "cli/parse.hpp"

namespace cofetch::test {

inline cli::Parsed parse_args(std::vector<const char*> args, bool stdin_is_terminal = true) {
  args.insert(args.begin(), "cofetch");
  return cli::parse(static_cast<int>(args.size()), args.data(), stdin_is_terminal);
}

}  // namespace cofetch::test
