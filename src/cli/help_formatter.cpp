#include "cli/help_formatter.hpp"

#include "cli/help_text.hpp"

namespace cofetch::cli {

namespace {

constexpr std::size_t k_width = 80;
constexpr std::size_t k_column = 32;  // where descriptions start

}  // namespace

std::string option_synopsis(const CLI::Option& option) {
  if (option.get_positional()) return option.get_type_name() + "...";
  std::string names;
  for (const std::string& name : option.get_snames()) names += "-" + name + ", ";
  for (const std::string& name : option.get_lnames()) names += "--" + name + ", ";
  names.resize(names.size() - 2);
  if (takes_value(option)) names += " " + option.get_type_name();
  return names;
}

std::string option_help(const CLI::Option& option) {
  std::string text = option.get_description();
  const std::string& fallback = option.get_default_str();
  if (!fallback.empty() && takes_value(option)) text += " (default: " + fallback + ")";
  return text;
}

std::string HelpFormatter::entry(const std::string& left, const std::string& text) const {
  const std::string indent(k_column, ' ');
  const std::string lead = "  " + left;
  std::string body = wrap(text, k_width, indent);
  if (lead.size() + 2 <= k_column) return lead + body.substr(lead.size()) + '\n';
  return lead + '\n' + body + '\n';
}

std::string HelpFormatter::make_group(std::string group, bool is_positional,
                                      std::vector<const CLI::Option*> options) const {
  std::string out = group + ":\n";
  for (const CLI::Option* option : options) out += make_option(option, is_positional);
  return out;
}

std::string HelpFormatter::make_positionals(const CLI::App* app) const {
  const std::string positionals = CLI::Formatter::make_positionals(app);
  return positionals.empty() ? positionals : "\n" + positionals + "\n";
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  return wrap(app->get_description(), k_width, "") + "\n";
}

std::string HelpFormatter::make_option(const CLI::Option* option, bool /*is_positional*/) const {
  return entry(option_synopsis(*option), option_help(*option));
}

std::string HelpFormatter::make_subcommand(const CLI::App* command) const {
  return entry(command->get_name(), command->get_description());
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string name) const {
  if (app->get_parent() != nullptr) return "\nUsage: " + name + " [OPTIONS] FILE...\n";
  return "\nUsage: cofetch [OPTIONS] [URL...]\n"
         "       cofetch summarize [OPTIONS] FILE...\n";
}

}  // namespace cofetch::cli
