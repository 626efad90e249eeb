#pragma once
// Request headers that carry secrets. (Credentials in URLs: url/credentials.hpp.)

#include <string>
#include <string_view>

namespace cofetch::http {

// Request headers whose values are secrets: Authorization, Proxy-Authorization,
// Cookie (any case). `header` is "Name: value" or just the name.
bool is_secret_header(std::string_view header) noexcept;

// The Authorization value of HTTP Basic for `user` and `password`: "Basic " and
// base64 of "user:password" (RFC 7617).
std::string basic_authorization(std::string_view user, std::string_view password);

}  // namespace cofetch::http
