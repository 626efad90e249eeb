#pragma once
// What a finished transfer's easy handle says about it, read into its Result:
// status, HTTP version, sizes, redirects, addresses, times, and for a failure its
// kind and message. Every value is one this transfer set (docs/CONFORMANCE.md says
// which ones libcurl 7.88 leaves over from an earlier transfer, and how they are
// avoided).

#include <curl/curl.h>

#include "cofetch/http/fetch.hpp"
#include "cofetch/http/result.hpp"
#include "transfer_state.hpp"

namespace cofetch::http::detail {

void collect(CURL* easy, CURLcode code, const char* error_buffer, TransferState& state,
             const FetchOptions& options, Result& result);

}  // namespace cofetch::http::detail
