#include "cli/config_args.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "cli/definitions.hpp"
#include "cli/help_formatter.hpp"

namespace cofetch::cli {

namespace {

// Options that only make sense on the command line.
constexpr std::array<std::string_view, 4> k_command_line_only{"help", "version", "config",
                                                              "no-config"};

std::string lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

[[noreturn]] void fail_at(const ConfigFile& file, const ConfigEntry& entry,
                          const std::string& problem) {
  throw std::invalid_argument(file.path + ":" + std::to_string(entry.line) + ": " + problem);
}

// The argument an entry stands for, or nothing for a flag set to false.
std::optional<std::string> argument_of(const ConfigFile& file, const ConfigEntry& entry,
                                       const CLI::Option& option) {
  const std::string name = "--" + entry.key;
  if (!takes_value(option)) {
    if (!entry.value) return name;
    const auto on = flag_value(*entry.value);
    if (!on) fail_at(file, entry, entry.key + " is a flag: write it alone, or = true or = false");
    return *on ? std::optional(name) : std::nullopt;
  }
  if (!entry.value) fail_at(file, entry, entry.key + " needs a value: " + entry.key + " = VALUE");
  return name + "=" + *entry.value;
}

// Checks one argument on its own, so that a bad value is reported with its line.
void check_alone(const ConfigFile& file, const ConfigEntry& entry, const std::string& argument) {
  Definitions scratch;
  const auto app = define_app(scratch);
  const std::array<const char*, 2> argv{"cofetch", argument.c_str()};
  try {
    app->parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& error) {
    fail_at(file, entry, error.what());
  }
}

bool given(const CLI::Option* option) {
  return option != nullptr && option->count() > 0;
}

// The command line has this option, or one that cannot go with it.
bool overridden(const CLI::App& command_line, const std::string& key) {
  if (key == "header" || key == "resolve") return false;  // these add up
  const CLI::Option* option = command_line.get_option_no_throw("--" + key);
  if (given(option)) return true;
  if (key == "input" && given(command_line.get_option_no_throw("urls"))) return true;
  const auto excluded = option->get_excludes();
  return std::any_of(excluded.begin(), excluded.end(),
                     [](const CLI::Option* other) { return given(other); });
}

}  // namespace

ConfigArgs config_args(const ConfigFile& file, const CLI::App& command_line) {
  ConfigArgs result;
  for (const ConfigEntry& entry : file.entries) {
    const CLI::Option* option = command_line.get_option_no_throw("--" + entry.key);
    const bool command_line_only = std::find(k_command_line_only.begin(), k_command_line_only.end(),
                                             entry.key) != k_command_line_only.end();
    if (option == nullptr || option->get_positional() || command_line_only) {
      fail_at(file, entry,
              "unknown key \"" + entry.key +
                  "\" (keys are cofetch's long options without the dashes, see cofetch --help)");
    }
    const auto argument = argument_of(file, entry, *option);
    if (!argument) continue;
    check_alone(file, entry, *argument);
    if (overridden(command_line, entry.key)) continue;
    if (entry.key == "header") ++result.headers;
    if (entry.key == "resolve") ++result.resolves;
    result.args.push_back(*argument);
  }
  return result;
}

void merge_overridden(std::vector<std::string>& list, std::size_t from_config,
                      std::string (*key)(const std::string&)) {
  from_config = std::min(from_config, list.size());
  std::vector<std::string> command_line_keys;
  for (std::size_t i = from_config; i < list.size(); ++i) command_line_keys.push_back(key(list[i]));
  std::vector<std::string> merged;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const bool replaced =
        i < from_config && std::find(command_line_keys.begin(), command_line_keys.end(),
                                     key(list[i])) != command_line_keys.end();
    if (!replaced) merged.push_back(std::move(list[i]));
  }
  list = std::move(merged);
}

std::string header_name(const std::string& header) {
  const auto colon = header.find_first_of(":;");  // "Name: value", "Name:", "Name;"
  std::string_view name(header.data(), colon == std::string::npos ? header.size() : colon);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  return lowercase(name);
}

std::string resolve_target(const std::string& entry) {
  const auto first = entry.find(':');
  const auto second = first == std::string::npos ? first : entry.find(':', first + 1);
  return lowercase(std::string_view(entry).substr(0, second));
}

}  // namespace cofetch::cli
