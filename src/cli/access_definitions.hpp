#pragma once
// The options of --help's "Access" group (logins, cookies, proxies, certificates)
// and "Network" group (addresses, ports, bandwidth): curl's names and meanings.

#include <CLI/CLI.hpp>

#include "cli/definitions.hpp"

namespace cofetch::cli {

void define_access(CLI::App& app, run::RunOptions& options, Raw& raw);
void define_network(CLI::App& app, run::RunOptions& options, Raw& raw);

}  // namespace cofetch::cli
