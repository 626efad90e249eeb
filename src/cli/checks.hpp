#pragma once
// Checks shared by the option definitions: CLI11 validators whose messages are
// cofetch's own (CLI11's descriptions are left out; the help text says it).

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <string_view>

namespace cofetch::cli {

// `validator` without CLI11's description in --help.
CLI::Validator described(CLI::Validator validator);

// A check made by one of the value parsers (cli/values.hpp and friends): the
// value is accepted when `parse` does not throw. CLI11 puts the option's name in
// front of the message, so the parser's own mention of it is left out.
CLI::Validator parsed_by(std::string_view option, std::function<void(const std::string&)> parse);

// A file this process can read.
CLI::Validator readable_file();

// A directory this process can read.
CLI::Validator readable_directory();

}  // namespace cofetch::cli
