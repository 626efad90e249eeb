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

// True only when libcurl writes this http(s) URL back as it is: curl_url_get of
// its parse (CURLUPART_URL) gives the same text. Such a text can go beside its
// parsed handle as CURLOPT_URL, which libcurl then reports as the effective URL
// instead of building that string again for every transfer. Conservative: false
// means "not known to be", and costs only that rebuild.
bool in_libcurl_form(std::string_view url);

}  // namespace cofetch::http
