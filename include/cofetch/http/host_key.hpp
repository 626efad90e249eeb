#pragma once
// host_key: what --per-host counts by. "https://Example.com/a" -> "https://example.com:443".

#include <curl/curl.h>

#include <string>

namespace cofetch::http {

// Scheme, lower-case host and port (the scheme's default when absent). A URL
// libcurl cannot parse is its own key.
std::string host_key(const std::string& url);
// The same, of a URL libcurl has parsed already.
std::string host_key(CURLU* url);

}  // namespace cofetch::http
