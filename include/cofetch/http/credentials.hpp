#pragma once
// Request headers that carry secrets. (Credentials in URLs: url/credentials.hpp.)

#include <string_view>

namespace cofetch::http {

// Request headers whose values are secrets: Authorization, Proxy-Authorization,
// Cookie (any case). `header` is "Name: value" or just the name.
bool is_secret_header(std::string_view header) noexcept;

}  // namespace cofetch::http
