#include "docs/option_model.hpp"

#include <memory>

#include "cli/definitions.hpp"
#include "cli/help_formatter.hpp"

namespace cofetch::docs {

namespace {

ValueKind value_kind(const CLI::Option& option, const std::vector<std::string>& choices) {
  if (!cli::takes_value(option)) return ValueKind::none;
  if (!choices.empty()) return ValueKind::choice;
  const std::string& type = option.get_type_name();
  if (type == "FILE") return ValueKind::file;
  if (type == "DIR") return ValueKind::dir;
  return ValueKind::other;
}

OptionDoc describe(const CLI::Option& option, const std::string& command) {
  OptionDoc doc;
  doc.short_names = option.get_snames();
  doc.long_names = option.get_lnames();
  doc.synopsis = cli::option_synopsis(option);
  doc.help = cli::option_help(option);
  doc.group = option.get_group();
  if (cli::takes_value(option)) doc.value_name = option.get_type_name();
  const std::string prefix = command == "cofetch" ? "" : command + " ";
  for (const std::string_view choice : cli::choices_of(prefix + "--" + doc.long_names.front())) {
    doc.choices.emplace_back(choice);
  }
  doc.value = value_kind(option, doc.choices);
  // A vector option takes any number of values; a flag may be counted.
  doc.repeatable = option.get_expected_max() > 1 && doc.value != ValueKind::none;
  for (const CLI::Option* other : option.get_excludes()) {
    if (!other->get_lnames().empty()) doc.excludes.push_back(other->get_lnames().front());
  }
  return doc;
}

CommandDoc describe(const CLI::App& app, std::string name) {
  CommandDoc command;
  command.name = std::move(name);
  command.description = app.get_description();
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_positional()) {
      command.positional_name = option->get_type_name();
      command.positional_help = option->get_description();
      command.positional = command.positional_name == "FILE" ? ValueKind::file : ValueKind::other;
    } else if (!option->get_lnames().empty()) {
      command.options.push_back(describe(*option, command.name));
    }
  }
  return command;
}

}  // namespace

std::vector<CommandDoc> commands() {
  cli::Definitions definitions;
  const auto app = define_app(definitions);
  return {describe(*app, "cofetch"), describe(*definitions.summarize, "summarize")};
}

std::string short_help(const std::string& help) {
  std::size_t end = help.size();
  for (const char* stop : {"; ", " (", ": ", ", e.g."}) end = std::min(end, help.find(stop));
  return help.substr(0, end);
}

}  // namespace cofetch::docs
