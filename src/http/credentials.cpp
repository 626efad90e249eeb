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

std::string redact_credentials(std::string_view url) {
  const auto scheme_end = url.find("://");
  const std::size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  // The authority ends where the path, query or fragment begins; its last '@'
  // ends the user information (which may hold '@'s of its own).
  const auto end = std::min(url.find_first_of("/?#", start), url.size());
  const auto at = url.substr(start, end - start).rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  std::string redacted(url.substr(0, start));
  redacted += "***";
  redacted += url.substr(start + at);
  return redacted;
}

bool is_secret_header(std::string_view header) noexcept {
  std::string_view name = header.substr(0, header.find(':'));
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  for (std::string_view secret : {"Authorization", "Proxy-Authorization", "Cookie"}) {
    if (equals_ignoring_case(name, secret)) return true;
  }
  return false;
}

}  // namespace cofetch::http
