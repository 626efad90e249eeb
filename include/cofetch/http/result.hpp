#pragma once
// Result: what one fetch produced. Plain data, free of libcurl and libuv types, so
// every sink can read it. A failure is data too: `error` says what kind and why.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
  too_large,           // beyond --max-filesize, or response headers beyond the limits
  http,       // a status chosen to fail (--fail, --fail-on); set by the runner, not by fetch()
  cancelled,  // stopped by Ctrl-C (SIGINT) or SIGTERM before it finished
  // not tried: its host failed to connect --host-errors times in a row and never
  // connected; set by the scheduler, not by fetch()
  host_skipped,
  // the body did not match --match or --match-regex, and --fail-on nomatch makes
  // that a failure; set by the runner, not by fetch()
  nomatch,
  other,
};

std::string_view to_string(ErrorKind kind) noexcept;

struct FetchError {
  ErrorKind kind = ErrorKind::other;
  std::string message;
};

// CURLINFO_*_TIME_T values in microseconds. Each point is counted from the start
// of its request, and when redirects are followed libcurl adds the points of every
// request together; `total` runs from the start of the whole chain. A point the
// transfer never reached reads 0 (libcurl records a reached point as at least 1).
struct CurlTimes {
  std::int64_t namelookup = 0;
  std::int64_t connect = 0;
  std::int64_t appconnect = 0;  // TLS done; 0 for plain http
  std::int64_t pretransfer = 0;
  std::int64_t starttransfer = 0;
  std::int64_t total = 0;
  std::int64_t redirect = 0;  // all redirect steps before the final request
  bool secure = false;        // https: a TLS handshake belongs between connect and the request
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
  int remote_port = 0;       // 0 when no connection was made
  std::string scheme;        // of the last request, as libcurl names it ("HTTP", "HTTPS")
  std::string method;        // of the last request ("GET"; a 303 turns POST into GET)
  std::string redirect_url;  // where a 3xx that was not followed points, if it said
  int attempts = 0;
  std::chrono::system_clock::time_point started_at{};  // of the last attempt
  Phases ms;                                           // of the last attempt
  std::optional<FetchError> error;
  int curl_code = 0;         // libcurl's result code (curl's exit code), 0 when fine
  std::string content_type;  // of the response, if it said
  CurlTimes curl_us;         // libcurl's own time points of the last attempt
  double queued_ms = 0;      // waiting for slots and --rate before the last attempt
  std::chrono::steady_clock::time_point transfer_start{};  // the last attempt went to libcurl
  std::optional<std::string> file;                         // where the body was saved (-O)
  // The server's Retry-After (seconds or HTTP-date), in seconds; not printed.
  std::optional<std::int64_t> retry_after_s;
  // Headers of the last response (after redirects), names as the server wrote
  // them, in its order; only those FetchOptions::keep_headers asks for.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string etag;                   // the response's ETag, as sent; empty without one
  std::string last_modified;          // its Last-Modified, as sent; empty without one
  bool unchanged = false;             // a 304 to a conditional request (--if-changed)
  std::optional<std::string> sha256;  // --hash: of the body as received (hex)
  std::optional<bool> match;          // --match, --match-regex: whether the body matched

  bool ok() const noexcept { return !error.has_value(); }
};

// Whether two header names are the same name: ASCII, compared without case.
inline bool same_header_name(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace cofetch::http
