#pragma once
// Which ErrorKind a libcurl result code belongs to.

#include <curl/curl.h>

#include <optional>
#include <string_view>

#include "cofetch/http/result.hpp"

namespace cofetch::http {

// What the transfer got to before it failed: the same code can mean different things.
struct FailureContext {
  bool request_sent = false;  // the request went out on a connection
  bool got_status = false;    // a status line was understood
};

ErrorKind classify(CURLcode code, FailureContext context = {}) noexcept;

// The kind that to_string() names `name`, if any.
std::optional<ErrorKind> error_kind_named(std::string_view name) noexcept;

}  // namespace cofetch::http
