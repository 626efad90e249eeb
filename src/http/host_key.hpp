#pragma once
// host_key: what --per-host counts by. "https://Example.com/a" -> "https://example.com:443".

#include <string>

namespace cofetch::http {

// Scheme, lower-case host and port (the scheme's default when absent). A URL
// libcurl cannot parse is its own key.
std::string host_key(const std::string& url);

}  // namespace cofetch::http
