#include "cofetch/url/parts.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace cofetch::url {

namespace {

bool scheme_character(char c) noexcept {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

}  // namespace

std::optional<Parts> split(std::string_view text) noexcept {
  const auto separator = text.find("://");
  if (separator == std::string_view::npos || separator == 0) return std::nullopt;
  Parts parts;
  parts.scheme = text.substr(0, separator);
  if (!std::all_of(parts.scheme.begin(), parts.scheme.end(), scheme_character)) return std::nullopt;
  const std::size_t start = separator + 3;
  const std::size_t end = authority_end(text, start);
  parts.authority = text.substr(start, end - start);
  parts.rest = text.substr(end);
  // The user information ends at the authority's last '@' (it may hold more).
  std::string_view host_port = parts.authority;
  if (const auto at = host_port.rfind('@'); at != std::string_view::npos)
    host_port.remove_prefix(at + 1);
  if (host_port.starts_with('[')) {  // an IPv6 literal: its colons are not the port's
    const auto close = host_port.find(']');
    const std::size_t host_end = close == std::string_view::npos ? host_port.size() : close + 1;
    parts.host = host_port.substr(0, host_end);
    if (host_end < host_port.size() && host_port[host_end] == ':')
      parts.port = host_port.substr(host_end + 1);
  } else {
    const auto colon = host_port.rfind(':');
    parts.host = host_port.substr(0, colon);
    if (colon != std::string_view::npos) parts.port = host_port.substr(colon + 1);
  }
  return parts;
}

std::string origin(std::string_view text) {
  std::string out;
  origin_into(text, out);
  return out;
}

bool origin_into(std::string_view text, std::string& out) {
  out.clear();
  const auto parts = split(text);
  if (!parts || parts->host.empty()) return false;
  auto append_lower = [&out](std::string_view part) {
    for (char c : part) out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  append_lower(parts->scheme);
  const bool http = out == "http";
  const bool https = out == "https";
  if (!http && !https) {
    out.clear();
    return false;
  }
  unsigned port = http ? 80 : 443;
  if (!parts->port.empty()) {
    const char* first = parts->port.data();
    const char* last = first + parts->port.size();
    auto [end, error] = std::from_chars(first, last, port);
    if (error != std::errc{} || end != last || port > 65535) {
      out.clear();
      return false;
    }
  }
  out += "://";
  append_lower(parts->host);
  out += ':';
  char digits[8];
  const auto written = std::to_chars(digits, digits + sizeof digits, port);
  out.append(digits, written.ptr);
  return true;
}

std::string_view written_origin(std::string_view text) noexcept {
  const auto separator = text.find("://");
  if (separator == std::string_view::npos) return {};
  return text.substr(0, authority_end(text, separator + 3));
}

std::size_t authority_end(std::string_view text, std::size_t start) noexcept {
  if (start >= text.size()) return text.size();
  const auto end = std::find_if(text.begin() + static_cast<std::ptrdiff_t>(start), text.end(),
                                [](char c) { return c == '/' || c == '?' || c == '#'; });
  return static_cast<std::size_t>(end - text.begin());
}

}  // namespace cofetch::url
