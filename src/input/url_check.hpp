#pragma once
// UrlCheck: is this line a URL cofetch will fetch? Parsed with libcurl's URL API
// (curl_url). The parsed handle goes on to the transfer (CURLOPT_CURLU), so what
// was checked is exactly what is fetched, and libcurl parses each URL only once.

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cofetch::input {

// A URL as libcurl parsed it, shared by an entry and every attempt to fetch it.
using ParsedUrl = std::shared_ptr<CURLU>;

class UrlCheck {
 public:
  struct Outcome {
    ParsedUrl url;                       // set when the line is an http(s) URL
    std::optional<std::string> problem;  // why not, otherwise
  };

  // `shown` is how messages quote the line (without its credentials, say).
  Outcome check(const std::string& text, std::string_view shown) const;
  Outcome check(const std::string& text) const { return check(text, text); }

  // Why `text` is not an http or https URL, or nothing when it is one.
  std::optional<std::string> problem(const std::string& text) const { return check(text).problem; }
};

}  // namespace cofetch::input
