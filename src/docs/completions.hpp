#pragma once
// Shell completions for bash, zsh and fish, from the option definitions: option
// names with their descriptions, the values of fixed-list options, files and
// directories where an option takes one, and the `summarize` command.

#include <string>

namespace cofetch::docs {

std::string bash_completion();
std::string zsh_completion();
std::string fish_completion();

}  // namespace cofetch::docs
