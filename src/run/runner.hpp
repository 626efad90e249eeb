#pragma once
// The whole run: open the inputs, fetch (once, or twice for --compare), print the
// results and the summary, and return the exit status.

#include "run/run_options.hpp"

namespace cofetch::run {

int run(const RunOptions& options);

}  // namespace cofetch::run
