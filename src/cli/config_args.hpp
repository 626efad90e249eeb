#pragma once
// Applying a configuration file: its entries become arguments placed in front of
// the command line's, minus those the command line overrides.

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "cli/config_file.hpp"

namespace cofetch::cli {

struct ConfigArgs {
  std::vector<std::string> args;  // "--key=value" and "--flag"
  std::size_t headers = 0;        // how many of them are --header
  std::size_t resolves = 0;       // ... and --resolve
};

// `command_line` is the app that parsed the command line alone. An entry is left
// out when the command line gives its option, or one excluded with it, except
// for --header and --resolve, which add up (see merge_overridden). Throws
// std::invalid_argument naming PATH:LINE for an unknown key or a bad value.
ConfigArgs config_args(const ConfigFile& file, const CLI::App& command_line);

// `list` holds `from_config` entries of the file, then the command line's; an
// entry of the file goes when the command line has one with the same key
// (a header's name, a --resolve's HOST:PORT).
void merge_overridden(std::vector<std::string>& list, std::size_t from_config,
                      std::string (*key)(const std::string&));

std::string header_name(const std::string& header);    // lowercase, before the ':'
std::string resolve_target(const std::string& entry);  // HOST:PORT, lowercase

}  // namespace cofetch::cli
