#include "cli/config_file.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace cofetch::cli {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// A value in matching single or double quotes loses them, so that spaces at its
// ends or a leading # can be kept; nothing inside is unescaped.
std::string unquoted(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    return std::string(value.substr(1, value.size() - 2));
  }
  return std::string(value);
}

bool is_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

}  // namespace

std::optional<ConfigLocation> config_location(const std::optional<std::string>& option,
                                              bool no_config) {
  if (no_config) return std::nullopt;
  if (option) return ConfigLocation{*option, true};
  if (const char* named = std::getenv("COFETCH_CONFIG")) {
    if (*named == '\0') return std::nullopt;
    return ConfigLocation{named, true};
  }
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg == '/') {
    return ConfigLocation{std::string(xdg) + "/cofetch/config", false};
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return ConfigLocation{std::string(home) + "/.config/cofetch/config", false};
  }
  return std::nullopt;
}

std::optional<ConfigEntry> parse_config_line(std::string_view line) {
  line = trimmed(line);
  if (line.empty() || line.front() == '#') return std::nullopt;
  if (line.starts_with("--")) line.remove_prefix(2);  // "--concurrency 8" reads the same
  const auto key_end = std::find_if_not(line.begin(), line.end(), is_key_char);
  ConfigEntry entry;
  entry.key.assign(line.begin(), key_end);
  std::string_view rest = trimmed(line.substr(entry.key.size()));
  if (entry.key.empty()) {
    throw std::invalid_argument("expected an option's long name, as in \"concurrency = 64\"");
  }
  if (rest.starts_with('=')) {
    rest = trimmed(rest.substr(1));
  } else if (!rest.empty() && key_end != line.end() && !is_space(*key_end)) {
    throw std::invalid_argument("expected \"" + entry.key + " = VALUE\"");
  }
  if (!rest.empty()) entry.value = unquoted(rest);
  return entry;
}

std::optional<ConfigFile> read_config(const ConfigLocation& location) {
  std::error_code ignored;
  if (std::filesystem::is_directory(location.path, ignored)) {
    throw std::invalid_argument("the configuration file " + location.path + " is a directory");
  }
  std::ifstream file(location.path, std::ios::binary);
  if (!file) {
    const int error = errno;
    if (error == ENOENT && !location.required) return std::nullopt;
    throw std::invalid_argument("cannot read the configuration file " + location.path + ": " +
                                std::strerror(error));
  }
  ConfigFile config;
  config.path = location.path;
  std::string line;
  for (std::size_t number = 1; std::getline(file, line); ++number) {
    try {
      if (line.find('\0') != std::string::npos) throw std::invalid_argument("a NUL byte");
      if (auto entry = parse_config_line(line)) {
        entry->line = number;
        config.entries.push_back(std::move(*entry));
      }
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument(location.path + ":" + std::to_string(number) + ": " +
                                  error.what());
    }
  }
  if (file.bad())
    throw std::invalid_argument("cannot read the configuration file " + location.path);
  return config;
}

std::optional<bool> flag_value(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") return true;
  if (lower == "false" || lower == "no" || lower == "off" || lower == "0") return false;
  return std::nullopt;
}

}  // namespace cofetch::cli
