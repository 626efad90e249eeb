#pragma once
// Setting up libcurl easy handles: the options every transfer of a batch shares,
// set once per handle, and the few that differ from one transfer to the next.
// Every curl_easy_setopt is checked: an option this libcurl refuses is a clear
// error naming it, never a silent default.

#include <curl/curl.h>

#include <optional>
#include <string>

#include "cofetch/http/fetch.hpp"
#include "transfer_state.hpp"

namespace cofetch::http::detail {

// Sets the options of `easy` that every transfer shares; the error buffer and the
// state are the handle's own. Nothing, or what libcurl refused ("libcurl refused
// CURLOPT_HTTP_VERSION: ...").
std::optional<std::string> configure_handle(CURL* easy, const FetchContext& context,
                                            char* error_buffer, TransferState* state);

// What differs from one transfer to the next on a reused handle.
std::optional<std::string> configure_transfer(CURL* easy, const Request& request, bool multiplexing,
                                              bool fresh);

// Whether transfers should wait for a host's first connection rather than open
// their own (CURLOPT_PIPEWAIT): only where that connection may turn out to
// multiplex. Over TLS, ALPN settles it right after the handshake. Over plain http
// without prior knowledge libcurl learns it only from the first response, so
// waiting would run every HTTP/1.1 transfer to a host one after another.
bool may_multiplex(const std::string& url, HttpVersion version);

}  // namespace cofetch::http::detail
