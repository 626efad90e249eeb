#pragma once
// cofetch(1) in roff (man macros), from the option definitions and the prose of
// --help (cli/help_text.hpp).

#include <string>

namespace cofetch::docs {

std::string man_page();

}  // namespace cofetch::docs
