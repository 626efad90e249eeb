#pragma once
// Which ErrorKind a libcurl result code belongs to.

#include <curl/curl.h>

#include "http/result.hpp"

namespace cofetch::http {

ErrorKind classify(CURLcode code) noexcept;

}  // namespace cofetch::http
