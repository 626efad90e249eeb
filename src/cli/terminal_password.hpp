#pragma once
// Asking for a password on the terminal, as curl does for -u USER: the prompt and
// the answer go through /dev/tty (standard input may carry the URL list), and
// what is typed is not echoed.

#include <optional>
#include <string>

namespace cofetch::cli {

// The line typed after `prompt`, or nothing when there is no terminal.
std::optional<std::string> read_password_from_terminal(const std::string& prompt);

}  // namespace cofetch::cli
