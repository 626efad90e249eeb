#include "cofetch/http/credentials.hpp"

#include <algorithm>
#include <cctype>

namespace cofetch::http {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

bool is_secret_header(std::string_view header) noexcept {
  std::string_view name = header.substr(0, header.find(':'));
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  for (std::string_view secret : {"Authorization", "Proxy-Authorization", "Cookie"}) {
    if (equals_ignoring_case(name, secret)) return true;
  }
  return false;
}

}  // namespace cofetch::http
