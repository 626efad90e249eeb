#pragma once
// parse_url: is this text a URL cofetch will fetch? Parsed with libcurl's URL API
// (curl_url); the parsed handle goes to the transfer (CURLOPT_CURLU), so what was
// checked is exactly what is fetched, and libcurl parses each URL only once, also
// when it is tried again.

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cofetch::http {

// A URL as libcurl parsed it, shared by every attempt to fetch it.
using ParsedUrl = std::shared_ptr<CURLU>;

struct UrlCheck {
  ParsedUrl url;                       // set when the text is an http(s) URL
  std::optional<std::string> problem;  // why not, otherwise
};

// `shown` is how messages quote the text (without its credentials, say).
UrlCheck parse_url(const std::string& text, std::string_view shown);
inline UrlCheck parse_url(const std::string& text) {
  return parse_url(text, text);
}

}  // namespace cofetch::http
