#include "input/url_check.hpp"

#include <algorithm>
#include <cctype>
#include <new>

namespace cofetch::input {

UrlCheck::UrlCheck() : m_url(curl_url()) {
  if (!m_url) throw std::bad_alloc();
}

UrlCheck::~UrlCheck() {
  curl_url_cleanup(m_url);
}

std::optional<std::string> UrlCheck::problem(const std::string& text) {
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string::npos) {
    return "no scheme; did you mean http://" + text + " ?";
  }
  std::string scheme = text.substr(0, scheme_end);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme != "http" && scheme != "https") {
    return "unsupported scheme \"" + scheme + "\" (only http and https are fetched)";
  }
  // CURLU_NON_SUPPORT_SCHEME is not needed: both schemes are built into libcurl.
  if (CURLUcode rc = curl_url_set(m_url, CURLUPART_URL, text.c_str(), 0); rc != CURLUE_OK) {
    return std::string("not a valid URL: ") + curl_url_strerror(rc);
  }
  return std::nullopt;
}

}  // namespace cofetch::input
