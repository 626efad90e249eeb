#include "cofetch/http/url.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <new>

namespace cofetch::http {

namespace {

ParsedUrl parse(const std::string& text) {
  ParsedUrl url(curl_url(), &curl_url_cleanup);
  if (!url) throw std::bad_alloc();
  // CURLU_NON_SUPPORT_SCHEME is not needed: both schemes are built into libcurl.
  if (curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return nullptr;
  return url;
}

constexpr const char* k_spaces =
    "spaces are not allowed in a URL (a space in a path or query is %20)";

}  // namespace

UrlCheck parse_url(const std::string& text, std::string_view shown) {
  if (text.find('\0') != std::string::npos) return {nullptr, "contains a NUL byte"};
  // One pass (find_first_of would call memchr once per character).
  const bool has_space =
      std::any_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string::npos) {
    if (has_space) return {nullptr, k_spaces};
    // A scheme is suggested only where it would make a URL.
    if (parse("http://" + text)) {
      return {nullptr, "no scheme; did you mean http://" + std::string(shown) + " ?"};
    }
    return {nullptr, "not a URL: no scheme (http:// or https://) and no host"};
  }
  std::string scheme = text.substr(0, scheme_end);
  const bool scheme_like = std::all_of(scheme.begin(), scheme.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '+' || c == '-' || c == '.';
  });
  if (!scheme_like) return {nullptr, "no valid scheme before \"://\""};
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme != "http" && scheme != "https") {
    return {nullptr, "unsupported scheme \"" + scheme + "\" (only http and https are fetched)"};
  }
  ParsedUrl url(curl_url(), &curl_url_cleanup);
  if (!url) throw std::bad_alloc();
  if (CURLUcode rc = curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0); rc != CURLUE_OK) {
    if (has_space) return {nullptr, k_spaces};
    return {nullptr, std::string("not a valid URL: ") + curl_url_strerror(rc)};
  }
  return {std::move(url), std::nullopt};
}

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A dotted quad as libcurl writes it back: four numbers 0-255, no leading zeros.
bool canonical_ipv4(std::string_view host) {
  int parts = 0;
  while (true) {
    std::size_t length = 0;
    int value = 0;
    while (length < host.size() && is_digit(host[length])) {
      if (length == 3) return false;  // more than three digits: stop before the value overflows
      value = value * 10 + (host[length++] - '0');
    }
    if (length == 0 || value > 255 || (length > 1 && host[0] == '0')) return false;
    ++parts;
    host.remove_prefix(length);
    if (host.empty()) return parts == 4;
    if (host[0] != '.') return false;
    host.remove_prefix(1);
  }
}

// Lower-case letters, digits, dots and dashes, in labels that are not empty; a
// name that could be a number in some form (127.1, 0x7f.1) only as a dotted quad,
// since libcurl rewrites the other forms.
bool plain_host(std::string_view host) {
  if (host.empty() || host.front() == '.' || host.back() == '.' || host.find("..") != host.npos)
    return false;
  bool number_like = is_digit(host.front());
  for (char c : host) {
    const bool letter = c >= 'a' && c <= 'z';
    if (!letter && !is_digit(c) && c != '.' && c != '-') return false;
    if (letter && !(c >= 'a' && c <= 'f') && c != 'x') number_like = false;
  }
  return !number_like || canonical_ipv4(host);
}

bool plain_port(std::string_view port) {
  if (port.empty() || port.size() > 5 || port.front() == '0') return false;
  long value = 0;
  for (char c : port) {
    if (!is_digit(c)) return false;
    value = value * 10 + (c - '0');
  }
  return value <= 65535;
}

// RFC 3986's unreserved and sub-delimiter characters, ':', '@', '/', '?' and '%':
// a table, as every character of every URL's path is looked up.
constexpr std::array<bool, 256> k_plain_path_characters = [] {
  std::array<bool, 256> plain{};
  for (int c = 'a'; c <= 'z'; ++c) plain[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) plain[c] = true;
  for (int c = '0'; c <= '9'; ++c) plain[c] = true;
  for (const char c : std::string_view("-._~!$&'()*+,;=:@/?%"))
    plain[static_cast<unsigned char>(c)] = true;
  return plain;
}();

bool plain_path_character(char c) {
  return k_plain_path_characters[static_cast<unsigned char>(c)];
}

}  // namespace

bool in_libcurl_form(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("http://"))
    rest = url.substr(7);
  else if (url.starts_with("https://"))
    rest = url.substr(8);
  else
    return false;
  const std::size_t path = rest.find('/');
  if (path == std::string_view::npos) return false;  // libcurl adds the "/"
  const std::string_view authority = rest.substr(0, path);
  const std::size_t colon = authority.find(':');
  if (!plain_host(authority.substr(0, colon))) return false;  // also: no user info, no [v6]
  if (colon != std::string_view::npos && !plain_port(authority.substr(colon + 1))) return false;
  const std::string_view target = rest.substr(path);
  // Dot segments are removed, '#' starts a fragment, an empty query may go.
  if (target.find("/.") != target.npos || target.find("%2e") != target.npos ||
      target.find("%2E") != target.npos || target.back() == '?')
    return false;
  for (char c : target) {
    if (!plain_path_character(c)) return false;
  }
  return true;
}

}  // namespace cofetch::http
