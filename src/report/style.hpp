#pragma once
// Style: how text for people is drawn. Colour is ANSI SGR, used only when the
// output is a terminal (or --color always); bars use Unicode blocks only when the
// terminal takes UTF-8.

#include <string>
#include <string_view>

namespace cofetch::report {

enum class Color { green, cyan, yellow, red, magenta, blue, dim, bold };
enum class ColorMode { automatic, always, never };

struct Style {
  bool color = false;
  bool unicode = false;

  std::string paint(std::string_view text, Color shade) const;
  // Appends `text` to `out`, in colour if the style has it.
  void paint_to(std::string& out, std::string_view text, Color shade) const;
};

// --color auto: colour when `fd` is a terminal and NO_COLOR is unset or empty
// (no-color.org); always and never say so whatever the environment.
bool wants_color(ColorMode mode, int fd);

// LC_ALL, LC_CTYPE or LANG (the first that is set) names UTF-8.
bool terminal_takes_utf8();

// Columns of the terminal on `fd`, else $COLUMNS, else `fallback`.
int terminal_width(int fd, int fallback);

}  // namespace cofetch::report
