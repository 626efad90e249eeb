#pragma once
// How --help lays options out: names and value on the left, the description
// wrapped on the right with its default, and none of CLI11's "Excludes:" notes.
// The man page (src/docs/) uses the same pieces.

#include <CLI/CLI.hpp>
#include <string>

namespace cofetch::cli {

// False for a flag (--location), true for an option with a value (-j N).
inline bool takes_value(const CLI::Option& option) {
  return option.get_expected_max() != 0;
}

// "-j, --concurrency N", "--compare", "URL..." for the positional.
std::string option_synopsis(const CLI::Option& option);

// The description, with "(default: X)" when the option has a default worth saying.
std::string option_help(const CLI::Option& option);

class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_group(std::string group, bool is_positional,
                         std::vector<const CLI::Option*> options) const override;
  std::string make_positionals(const CLI::App* app) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_option(const CLI::Option* option, bool is_positional) const override;
  std::string make_subcommand(const CLI::App* command) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;

 private:
  std::string entry(const std::string& left, const std::string& text) const;
};

}  // namespace cofetch::cli
