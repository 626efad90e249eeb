#pragma once
// UrlCheck: is this line a URL cofetch will fetch? Parsed with libcurl's URL API
// (curl_url), so it agrees with what libcurl would do with it.

#include <curl/curl.h>

#include <optional>
#include <string>
#include <string_view>

namespace cofetch::input {

class UrlCheck {
 public:
  UrlCheck();
  UrlCheck(const UrlCheck&) = delete;
  UrlCheck& operator=(const UrlCheck&) = delete;
  ~UrlCheck();

  // Why `text` is not an http or https URL, or nothing when it is one.
  std::optional<std::string> problem(const std::string& text);

 private:
  CURLU* m_url;  // reused for every line
};

}  // namespace cofetch::input
