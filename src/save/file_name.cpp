#include "save/file_name.hpp"

#include <cctype>

namespace cofetch::save {

namespace {

constexpr std::size_t k_max_length = 200;  // NAME_MAX is 255: room for "-N" and more
constexpr std::size_t k_max_extension = 10;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decoded first, so that %2e%2e and %2f are judged as what they stand for.
std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool safe(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

}  // namespace

std::string file_name_for(std::string_view url) {
  const auto scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find('#'));
  const std::string decoded = percent_decode(rest);

  // Every unsafe byte (':', '/', '?', '=', '&', spaces, controls, UTF-8) becomes
  // '_'; runs of '_' fold into one, and so do runs of dots (no "..").
  std::string name;
  for (char c : decoded) {
    const char kept = safe(c) ? c : '_';
    if (!name.empty() && (kept == '_' || kept == '.') && name.back() == kept) continue;
    name += kept;
  }
  // Nothing hidden, nothing that reads as an option, no trailing separators.
  const auto first = name.find_first_not_of("._-");
  const auto last = name.find_last_not_of("._-");
  name = first == std::string::npos ? std::string() : name.substr(first, last - first + 1);
  if (name.empty()) name = "index";

  if (name.size() > k_max_length) {
    // Keep the extension: the end is what tells a .json from a .html.
    const auto dot = name.rfind('.');
    const std::string extension = dot != std::string::npos && name.size() - dot <= k_max_extension
                                      ? name.substr(dot)
                                      : std::string();
    name = name.substr(0, k_max_length - extension.size()) + extension;
  }
  return name;
}

std::string numbered(const std::string& name, unsigned n) {
  const auto dot = name.rfind('.');
  const bool has_extension =
      dot != std::string::npos && dot > 0 && name.size() - dot <= k_max_extension;
  if (!has_extension) return name + "-" + std::to_string(n);
  return name.substr(0, dot) + "-" + std::to_string(n) + name.substr(dot);
}

}  // namespace cofetch::save
