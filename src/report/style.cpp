#include "report/style.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace cofetch::report {

namespace {

std::string_view sgr(Color color) {
  switch (color) {
    case Color::green: return "\x1b[32m";
    case Color::cyan: return "\x1b[36m";
    case Color::yellow: return "\x1b[33m";
    case Color::red: return "\x1b[31m";
    case Color::magenta: return "\x1b[35m";
    case Color::blue: return "\x1b[34m";
    case Color::dim: return "\x1b[2m";
    case Color::bold: return "\x1b[1m";
  }
  return "";
}

bool contains_utf8(const char* value) {
  if (!value) return false;
  std::string text(value);
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text.find("utf-8") != std::string::npos || text.find("utf8") != std::string::npos;
}

}  // namespace

std::string Style::paint(std::string_view text, Color shade) const {
  std::string out;
  paint_to(out, text, shade);
  return out;
}

void Style::paint_to(std::string& out, std::string_view text, Color shade) const {
  if (!color) {
    out.append(text);
    return;
  }
  out.append(sgr(shade));
  out.append(text);
  out.append("\x1b[0m");
}

bool wants_color(ColorMode mode, int fd) {
  if (mode != ColorMode::automatic) return mode == ColorMode::always;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(fd) == 1;
}

bool terminal_takes_utf8() {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (value && *value) return contains_utf8(value);
  }
  return false;
}

int terminal_width(int fd, int fallback) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    const int value = std::atoi(columns);
    if (value > 0) return value;
  }
  return fallback;
}

}  // namespace cofetch::report
