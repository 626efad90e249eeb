#include "docs/completions.hpp"

#include <fmt/format.h>

#include <vector>

#include "docs/option_model.hpp"

namespace cofetch::docs {

namespace {

constexpr const char* k_generated = "generated from cofetch's option definitions: do not edit";

std::string joined(const std::vector<std::string>& words, std::string_view separator = " ") {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += separator;
    out += word;
  }
  return out;
}

std::vector<std::string> spellings(const OptionDoc& option) {
  std::vector<std::string> names;
  for (const std::string& name : option.short_names) names.push_back("-" + name);
  for (const std::string& name : option.long_names) names.push_back("--" + name);
  return names;
}

std::vector<std::string> all_spellings(const CommandDoc& command) {
  std::vector<std::string> names;
  for (const OptionDoc& option : command.options) {
    for (std::string& name : spellings(option)) names.push_back(std::move(name));
  }
  return names;
}

// --- bash ---------------------------------------------------------------------

// The `case "$prev"` arms: what follows an option that takes a value.
std::string bash_value_cases(const CommandDoc& command, const std::string& indent) {
  std::string out;
  for (const OptionDoc& option : command.options) {
    if (option.value == ValueKind::none) continue;
    out += indent + joined(spellings(option), "|") + ")\n";
    switch (option.value) {
      case ValueKind::file:
        out +=
            indent + "  compopt -o filenames; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
        break;
      case ValueKind::dir:
        out +=
            indent + "  compopt -o filenames; COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n";
        break;
      case ValueKind::choice:
        out += indent + "  COMPREPLY=($(compgen -W \"" + joined(option.choices) +
               "\" -- \"$cur\")); return ;;\n";
        break;
      default: out += indent + "  return ;;\n"; break;  // a value of the user's own
    }
  }
  return out;
}

// --- zsh ----------------------------------------------------------------------

// Text inside a single-quoted _arguments spec: a [description] or a message.
std::string zsh_escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == '[' || c == ']' || c == ':' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string zsh_action(const OptionDoc& option) {
  const std::string message = fmt::format(":{}", zsh_escaped(option.value_name));
  switch (option.value) {
    case ValueKind::file: return message + ":_files";
    case ValueKind::dir: return message + ":_files -/";
    case ValueKind::choice: return message + ":(" + joined(option.choices) + ")";
    case ValueKind::other: return message + ": ";
    case ValueKind::none: break;
  }
  return "";
}

// One _arguments spec per spelling, each excluding the option's other spellings
// (unless it repeats) and the options it cannot go with.
std::string zsh_specs(const CommandDoc& command) {
  std::string out;
  for (const OptionDoc& option : command.options) {
    std::vector<std::string> exclusions;
    if (!option.repeatable) exclusions = spellings(option);
    for (const std::string& other : option.excludes) exclusions.push_back("--" + other);
    std::string excluded;
    if (!exclusions.empty()) excluded = fmt::format("({})", joined(exclusions));
    const std::string repeat = option.repeatable ? "*" : "";
    for (const std::string& name : spellings(option)) {
      std::string form = name;
      if (option.value != ValueKind::none) form += name.starts_with("--") ? "=" : "+";
      out += fmt::format("    '{}{}{}[{}]{}' \\\n", excluded, repeat, form,
                         zsh_escaped(short_help(option.help)), zsh_action(option));
    }
  }
  return out;
}

// --- fish ---------------------------------------------------------------------

std::string fish_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string fish_lines(const CommandDoc& command, const std::string& condition) {
  std::string out;
  for (const OptionDoc& option : command.options) {
    std::string line = "complete -c cofetch -n " + fish_quoted(condition);
    for (const std::string& name : option.short_names) line += " -s " + name;
    for (const std::string& name : option.long_names) line += " -l " + name;
    switch (option.value) {
      case ValueKind::file: line += " -r -F"; break;
      case ValueKind::dir: line += " -x -a '(__fish_complete_directories)'"; break;
      case ValueKind::choice: line += " -x -a " + fish_quoted(joined(option.choices)); break;
      case ValueKind::other: line += " -x"; break;
      case ValueKind::none: break;
    }
    out += line + " -d " + fish_quoted(short_help(option.help)) + "\n";
  }
  return out;
}

}  // namespace

std::string bash_completion() {
  const std::vector<CommandDoc> documented = commands();
  const CommandDoc& main_command = documented.at(0);
  const CommandDoc& summarize = documented.at(1);
  return fmt::format(
      R"bash(# bash completion for cofetch; {generated}.
# Installed in share/bash-completion/completions/, or: source this file.

_cofetch() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  local word in_summarize=
  for word in "${{COMP_WORDS[@]:1:COMP_CWORD-1}}"; do
    [[ $word == summarize ]] && in_summarize=1
  done
  COMPREPLY=()
  if [[ -n $in_summarize ]]; then
    case $prev in
{summarize_values}    esac
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "{summarize_options}" -- "$cur"))
    else
      compopt -o filenames; COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return
  fi
  case $prev in
{main_values}  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "{main_options}" -- "$cur"))
  elif ((COMP_CWORD == 1)); then
    COMPREPLY=($(compgen -W "summarize" -- "$cur"))
  fi
}}
complete -F _cofetch cofetch
)bash",
      fmt::arg("generated", k_generated),
      fmt::arg("summarize_values", bash_value_cases(summarize, "      ")),
      fmt::arg("summarize_options", joined(all_spellings(summarize))),
      fmt::arg("main_values", bash_value_cases(main_command, "    ")),
      fmt::arg("main_options", joined(all_spellings(main_command))));
}

std::string zsh_completion() {
  const std::vector<CommandDoc> documented = commands();
  return fmt::format(
      R"zsh(#compdef cofetch
# zsh completion for cofetch; {generated}.
# Installed as _cofetch in a directory of $fpath.

_cofetch() {{
  if (( CURRENT > 2 )) && [[ ${{words[2]}} == summarize ]]; then
    shift words; (( CURRENT-- ))
    _arguments -s -S \
{summarize_specs}    '*:{summarize_positional}:_files'
    return
  fi
  _arguments -s -S \
{main_specs}    '1:URL or command:{{_alternative "commands:command:(summarize)" "urls:URL:_urls"}}' \
    '*:URL:_urls'
}}

_cofetch "$@"
)zsh",
      fmt::arg("generated", k_generated), fmt::arg("summarize_specs", zsh_specs(documented.at(1))),
      fmt::arg("summarize_positional", documented.at(1).positional_name),
      fmt::arg("main_specs", zsh_specs(documented.at(0))));
}

std::string fish_completion() {
  const std::vector<CommandDoc> documented = commands();
  std::string out = fmt::format(
      "# fish completion for cofetch; {}.\n"
      "# Installed in share/fish/vendor_completions.d/, or: source this file.\n\n"
      "complete -c cofetch -f\n"
      "complete -c cofetch -n __fish_use_subcommand -a summarize -d {}\n",
      k_generated, fish_quoted(short_help(documented.at(1).description)));
  out += fish_lines(documented.at(0), "not __fish_seen_subcommand_from summarize");
  out += "complete -c cofetch -n '__fish_seen_subcommand_from summarize' -F\n";
  out += fish_lines(documented.at(1), "__fish_seen_subcommand_from summarize");
  return out;
}

}  // namespace cofetch::docs
