#include "cofetch/http/host_key.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace cofetch::http {

namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const noexcept { curl_url_cleanup(url); }
};

std::string part(CURLU* url, CURLUPart which, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(url, which, &value, flags) != CURLUE_OK || !value) return {};
  std::string text(value);
  curl_free(value);
  return text;
}

}  // namespace

std::string host_key(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return url;
  return host_key(parsed.get());
}

std::string host_key(CURLU* url) {
  std::string host = part(url, CURLUPART_HOST);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return part(url, CURLUPART_SCHEME) + "://" + host + ":" +
         part(url, CURLUPART_PORT, CURLU_DEFAULT_PORT);
}

}  // namespace cofetch::http
