#pragma once
// cofetch's options as the documentation generators see them: read from the
// CLI11 definitions (cli/definitions.hpp), so that the man page and the shell
// completions can never describe an option that --help does not.

#include <string>
#include <vector>

namespace cofetch::docs {

enum class ValueKind {
  none,    // a flag
  file,    // a path to a file
  dir,     // a path to a directory
  choice,  // one of `choices`
  other,   // anything else (a number, a header, a template...)
};

struct OptionDoc {
  std::vector<std::string> short_names;  // "j"
  std::vector<std::string> long_names;   // "concurrency"
  std::string synopsis;                  // "-j, --concurrency N"
  std::string value_name;                // "N"; empty for a flag
  std::string help;                      // the description, with its default
  std::string group;
  ValueKind value = ValueKind::none;
  std::vector<std::string> choices;
  bool repeatable = false;
  std::vector<std::string> excludes;  // long names of options it cannot go with
};

struct CommandDoc {
  std::string name;         // "cofetch" or "summarize"
  std::string description;  // the paragraph --help starts with
  std::vector<OptionDoc> options;
  std::string positional_name;  // "URL", "FILE"
  std::string positional_help;
  ValueKind positional = ValueKind::other;
};

// The main command and then `summarize`.
std::vector<CommandDoc> commands();

// The first clause of `help`: what a completion menu has room for.
std::string short_help(const std::string& help);

}  // namespace cofetch::docs
