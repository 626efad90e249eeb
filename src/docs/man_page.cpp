#include "docs/man_page.hpp"

#include <cctype>

#include "cli/definitions.hpp"
#include "cli/help_text.hpp"
#include "cofetch/version.hpp"
#include "docs/option_model.hpp"

namespace cofetch::docs {

namespace {

// Text safe inside a roff line: backslashes and minus signs escaped, and a line
// that would start with a control character made literal.
std::string roff(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

std::string bold(std::string_view text) {
  return "\\fB" + roff(text) + "\\fR";
}

std::string italic(std::string_view text) {
  return "\\fI" + roff(text) + "\\fR";
}

std::string option_term(const OptionDoc& option) {
  std::string term;
  for (const std::string& name : option.short_names) term += bold("-" + name) + ", ";
  for (const std::string& name : option.long_names) term += bold("--" + name) + ", ";
  term.resize(term.size() - 2);
  if (!option.value_name.empty()) term += " " + italic(option.value_name);
  return term;
}

std::string options_section(const CommandDoc& command, bool with_groups) {
  std::string out;
  std::string group;
  for (const OptionDoc& option : command.options) {
    if (with_groups && option.group != group) {
      group = option.group;
      out += ".SS " + roff(group) + "\n";
    }
    out += ".TP\n" + option_term(option) + "\n" + roff(option.help) + "\n";
  }
  return out;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string help_section(const cli::HelpSection& section) {
  using Kind = cli::HelpItem::Kind;
  std::string out = ".SH " + upper(section.title) + "\n";
  bool in_block = false;  // examples without text are set as one indented block
  for (const cli::HelpItem& item : section.items) {
    const bool block_line = item.kind == Kind::example && item.text.empty();
    if (in_block && !block_line) out += ".fi\n.RE\n";
    if (!in_block && block_line) out += ".PP\n.RS\n.nf\n";
    in_block = block_line;
    switch (item.kind) {
      case Kind::paragraph: out += ".PP\n" + roff(item.text) + "\n"; break;
      case Kind::entry: out += ".TP\n" + bold(item.term) + "\n" + roff(item.text) + "\n"; break;
      case Kind::example:
        if (block_line) {
          out += roff(item.term) + "\n";
        } else {
          out += ".TP\n" + bold(item.term) + "\n" + roff(item.text) + "\n";
        }
        break;
    }
  }
  if (in_block) out += ".fi\n.RE\n";
  return out;
}

}  // namespace

std::string man_page() {
  const std::vector<CommandDoc> documented = commands();
  const CommandDoc& main_command = documented.at(0);
  const CommandDoc& summarize = documented.at(1);

  std::string out;
  out += ".\\\" cofetch(1), generated from the option definitions by cofetch-docs: do not edit.\n";
  out += ".TH COFETCH 1 \"\" \"cofetch " + std::string(k_version) + "\" \"User Commands\"\n";
  out += ".SH NAME\ncofetch \\- " + roff(cli::k_summary_line) + "\n";
  out += ".SH SYNOPSIS\n";
  out += bold("cofetch") + " [" + italic("OPTIONS") + "] [" + italic("URL") + "...]\n.br\n";
  out += bold("cofetch summarize") + " [" + italic("OPTIONS") + "] " + italic("FILE") + "...\n";
  out += ".SH DESCRIPTION\n" + roff(main_command.description) + "\n";
  out += ".SH OPTIONS\n" + options_section(main_command, true);
  out += ".SH COMMANDS\n.SS \"cofetch summarize\"\n" + roff(summarize.description) + "\n";
  out += options_section(summarize, false);
  for (const cli::HelpSection& section : cli::help_sections()) out += help_section(section);
  out +=
      ".SH ENVIRONMENT\n"
      ".TP\n" +
      bold("COFETCH_CONFIG") +
      "\n"
      "The configuration file to read instead of the usual one; empty: none.\n"
      ".TP\n" +
      bold("XDG_CONFIG_HOME") +
      "\n"
      "Where the usual configuration file is looked for (" +
      italic("cofetch/config") +
      " in it); ~/.config without it.\n"
      ".TP\n" +
      bold("NO_COLOR") +
      "\n"
      "Set: no colour with " +
      bold("--color auto") +
      ".\n"
      ".TP\n" +
      bold("http_proxy") + ", " + bold("https_proxy") + ", " + bold("all_proxy") + ", " +
      bold("no_proxy") +
      "\n"
      "Proxies, as libcurl reads them.\n"
      ".SH FILES\n"
      ".TP\n" +
      italic("~/.config/cofetch/config") +
      "\n"
      "The usual options (see " +
      bold("CONFIGURATION FILE") +
      ").\n"
      ".SH SEE ALSO\n" +
      bold("curl") + "(1), " + bold("wget2") + "(1), " + bold("aria2c") + "(1)\n";
  return out;
}

}  // namespace cofetch::docs
