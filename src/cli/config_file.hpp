#pragma once
// The configuration file: usual options, one per line, with the long options'
// names as keys.
//
//   # ~/.config/cofetch/config
//   concurrency = 64
//   header = Authorization: Bearer abc123
//   location
//
// Reading it is kept apart from applying it (cli/parse.cpp), which needs the
// option definitions.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cofetch::cli {

struct ConfigEntry {
  std::string key;                   // a long option without its dashes
  std::optional<std::string> value;  // absent for a flag standing alone
  std::size_t line = 0;              // 1-based
};

struct ConfigFile {
  std::string path;
  std::vector<ConfigEntry> entries;
};

// Which file to read, and whether it must exist (it was named, not the default).
struct ConfigLocation {
  std::string path;
  bool required = false;
};

// --config FILE, else $COFETCH_CONFIG (set but empty: no file), else
// $XDG_CONFIG_HOME/cofetch/config, else $HOME/.config/cofetch/config.
// Nothing with --no-config, or when there is no home to look in.
std::optional<ConfigLocation> config_location(const std::optional<std::string>& option,
                                              bool no_config);

// One line: nothing for a blank line or a comment. Throws std::invalid_argument
// (without the place) when the line is not "key", "key = value" or "key value".
std::optional<ConfigEntry> parse_config_line(std::string_view line);

// The file's entries; nothing when an optional file does not exist. Throws
// std::invalid_argument naming PATH:LINE for a bad line, or PATH for a file that
// cannot be read.
std::optional<ConfigFile> read_config(const ConfigLocation& location);

// "true", "yes", "on", "1" -> true; "false", "no", "off", "0" -> false.
std::optional<bool> flag_value(std::string_view text);

}  // namespace cofetch::cli
