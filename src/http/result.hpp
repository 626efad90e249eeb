#pragma once
// Result: what one fetch produced. Plain data, free of libcurl and libuv types, so
// every sink can read it. A failure is data too: `error` says what kind and why.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cofetch::http {

enum class ErrorKind {
  invalid_url,         // not an http(s) URL, or one libcurl cannot parse
  dns,                 // the host name did not resolve
  connect,             // refused, unreachable
  timeout,             // --connect-timeout or --max-time ran out
  tls,                 // handshake or certificate verification failed
  too_many_redirects,  // more than --max-redirs
  protocol,            // the server's answer is not valid HTTP
  recv,                // reset or truncated while sending or receiving
  http,  // a status chosen to fail (--fail, --fail-on); set by the runner, not by fetch()
  other,
};

std::string_view to_string(ErrorKind kind) noexcept;

struct FetchError {
  ErrorKind kind = ErrorKind::other;
  std::string message;
};

// Each phase's own length in milliseconds, as HAR and httpstat report them (not
// curl's cumulative times). dns + connect + tls + wait + receive <= total; the
// rest of total is redirects and request sending.
struct Phases {
  double dns = 0;
  double connect = 0;
  double tls = 0;
  double wait = 0;     // request sent -> first byte of the response
  double receive = 0;  // first byte -> last byte
  double total = 0;
};

struct Result {
  std::size_t index = 0;  // 0-based position in the input
  std::string url;
  std::string final_url;      // after redirects; empty when nothing was fetched
  std::optional<int> status;  // absent when no HTTP response arrived
  std::string http_version;   // "1.0", "1.1", "2", "3"; empty without a response
  std::uint64_t bytes = 0;    // body bytes received
  long redirects = 0;
  std::string remote_ip;
  int attempts = 0;
  std::chrono::system_clock::time_point started_at{};  // of the last attempt
  Phases ms;                                           // of the last attempt
  std::optional<FetchError> error;
  // The server's Retry-After (seconds or HTTP-date), in seconds; not printed.
  std::optional<std::int64_t> retry_after_s;

  bool ok() const noexcept { return !error.has_value(); }
};

}  // namespace cofetch::http
