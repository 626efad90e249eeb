#include "cofetch/url/credentials.hpp"

#include <algorithm>

#include "cofetch/url/parts.hpp"

namespace cofetch::url {

std::string redact_credentials(std::string_view text) {
  const auto scheme_end = text.find("://");
  const std::size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  // The authority ends where the path, query or fragment begins; its last '@'
  // ends the user information (which may hold '@'s of its own).
  const auto end = authority_end(text, start);
  const auto at = text.substr(start, end - start).rfind('@');
  if (at == std::string_view::npos) return std::string(text);
  std::string redacted(text.substr(0, start));
  redacted += "***";
  redacted += text.substr(start + at);
  return redacted;
}

}  // namespace cofetch::url
