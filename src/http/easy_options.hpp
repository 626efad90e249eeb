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

// Sets options on one easy handle and keeps the first that libcurl refused.
class EasyOptions {
 public:
  explicit EasyOptions(CURL* easy) noexcept : m_easy(easy) {}

  template <typename Value>
  void option(CURLoption option, Value value) noexcept {
    if (m_code != CURLE_OK) return;
    m_code = curl_easy_setopt(m_easy, option, value);
    if (m_code != CURLE_OK) m_refused = option;
  }

  std::optional<std::string> problem() const;

 private:
  CURL* m_easy;
  CURLcode m_code = CURLE_OK;
  CURLoption m_refused{};
};

// Credentials, cookies, proxy, client certificate, addresses and bandwidth
// (cofetch/http/access.hpp), in access_options.cpp.
void configure_access(EasyOptions& set, const FetchContext& context);

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
