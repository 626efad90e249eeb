#include "cofetch/http/url.hpp"

#include <algorithm>
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
  const bool has_space = text.find_first_of(" \t") != std::string::npos;
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

}  // namespace cofetch::http
