#pragma once
// Which ErrorKind a libcurl result code belongs to.

#include <curl/curl.h>

#include "http/result.hpp"

namespace cofetch::http {

// What the transfer got to before it failed: the same code can mean different things.
struct FailureContext {
  bool request_sent = false;  // the request went out on a connection
  bool got_status = false;    // a status line was understood
};

ErrorKind classify(CURLcode code, FailureContext context = {}) noexcept;

}  // namespace cofetch::http
