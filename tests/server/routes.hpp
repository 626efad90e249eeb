#pragma once
// What the test server answers to each path, as a plan the connection carries
// out. Stateful routes (/flaky, /retry-after) count requests per target, so a test
// gets fresh state by adding a unique query string (/flaky/2?k=test-name).
//
// The routes, one line each, are k_routes_help below (also what
// `cofetch-test-server --help` prints).
//
// Requests may use absolute-form targets (http://host/path), as sent to a proxy.
// A host named for a behaviour (simulated_host.hpp: round trips, refusals above a
// limit) shapes every answer to it, whatever the route.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "http_message.hpp"
#include "simulated_host.hpp"

namespace cofetch::test {

inline constexpr const char* k_routes_help =
    "  /                      200, a short text\n"
    "  /delay/MS              200 after MS milliseconds\n"
    "  /status/CODE           that status code\n"
    "  /bytes/N               200 with an N-byte body\n"
    "  /redirect/N            302 to /redirect/N-1; /redirect/0 answers 200\n"
    "  /redirect-loop         302 to itself, forever\n"
    "  /echo-header/NAME      200 with request header NAME's value as the body; 404 without it\n"
    "  /echo-method           200 with the request method as the body\n"
    "  /echo-body             200 with the request body as the body\n"
    "  /any/...               200 \"any\\n\" whatever follows (hostile names for -O)\n"
    "  /flaky/N               503 for the first N requests (per target), then 200\n"
    "  /retry-after/SEC       503 with \"Retry-After: SEC\" the first time (per target), then 200\n"
    "  /retry-after-date/SEC  429 with Retry-After as an HTTP-date SEC seconds ahead, then 200\n"
    "  /drip/N/MS             200 with an N-byte body sent one byte every MS milliseconds\n"
    "  /busy/N/MS             200 after MS milliseconds, or 503 at once with N requests in flight\n"
    "  /hang                  reads the request and never answers\n"
    "  /reset                 promises a large body, sends part of it, then resets the connection\n"
    "  /truncated             promises 1000 bytes, sends 500, then closes the connection\n"
    "  /malformed             answers with a status line that is not HTTP\n"
    "  /stream/N              200 with an N-byte body, streamed as the client reads (any size)\n"
    "  /endless               200 with a chunked body that never ends\n"
    "  /big-header/N          200 with one header line of N bytes\n"
    "  /many-headers/N        200 with N header lines\n"
    "  /hostile               302 whose Location and Content-Type hold terminal escape sequences\n"
    "  /echo/...              200, JSON of what was received: method, target, path, headers,\n"
    "                         body; ?after=MS: answers after MS milliseconds\n"
    "  /peer                  200 with the client's address and port (\"[::1]:PORT\" over IPv6)\n"
    "  /set-cookie?c=COOKIE   200 with \"Set-Cookie: COOKIE\" for each c (percent-decoded) and\n"
    "                         the body of /echo/; &to=LOC makes it a 302 to LOC; &after=MS\n"
    "  /moved/CODE?to=LOC     status CODE (300-399) with \"Location: LOC\" (percent-decoded);\n"
    "                         without `to`, Location: /echo/moved\n"
    "                         (&after=MS: answers after MS milliseconds)\n"
    "  /chunked/N             200 with an N-byte body in chunked encoding\n"
    "  /torture/SEED/ID       an outcome drawn from SEED/ID (about 5% each: reset mid-body,\n"
    "                         truncated, slow drip, a chain of 3 redirects, 404, 503 with\n"
    "                         Retry-After: 1 the first time); otherwise 200 with 0-3999 bytes\n"
    "  /stats                 JSON: {\"in_flight\", \"peak\", \"requests\", \"connections\"} "
    "(connections\n"
    "                         accepted) over every connection\n"
    "  /stats/reset           sets peak, requests and connections back to the current state\n";

struct Reply {
  enum class Kind {
    send,         // send `bytes`
    delayed,      // send `bytes` after `interval_ms`
    never,        // send nothing, ever
    reset_after,  // send `bytes`, then reset the connection
    close_after,  // send `bytes`, then close the connection
    drip,         // send `bytes`, then `drip` one byte every `interval_ms`
    stream,       // send `bytes`, then `stream_bytes` of body as fast as the client reads
  };
  static constexpr std::uint64_t k_endless = ~std::uint64_t{0};
  Kind kind = Kind::send;
  std::string bytes;
  std::string drip;
  std::uint64_t interval_ms = 0;
  bool keep_alive = true;
  bool counted = false;            // part of the in-flight gauge until the connection finishes it
  std::string host{};              // a simulated host whose in-flight gauge counts it too
  std::uint64_t stream_bytes = 0;  // kind stream: body length, or k_endless
  bool chunked = false;            // kind stream: send the body in chunked encoding
  bool last_chunk_sent = false;    // kind stream, chunked: the closing empty chunk went out
};

class Routes {
 public:
  Reply answer(const Request& request);

  // With a log, every answer appends one JSON line to it: target, method, status,
  // the body bytes sent, how (send, reset, truncated, drip, stream, never), the
  // Location, and when and where the request arrived: "t" (milliseconds since the
  // server started), "host" (the Host header), "conn" (the connection's number),
  // "first" (the connection was opened for it) and "host_in_flight" (a simulated
  // host's requests in flight with this one, 0 when refused or not simulated).
  // The tests compare what a client reports with it.
  void log_to(std::FILE* log) noexcept { m_log = log; }

  // Requests being answered right now, across connections (delays, drips, hangs).
  void request_finished(const std::string& host) noexcept;
  void connection_accepted() noexcept { ++m_connections; }

 private:
  Reply counted(Reply reply);
  Reply route(const Request& request);
  Reply torture(const Request& request, std::uint64_t seen) const;
  void log(const Request& request, const Reply& reply, std::uint64_t host_level);

  std::FILE* m_log = nullptr;
  std::unordered_map<std::string, std::uint64_t> m_seen;  // requests per target
  std::uint64_t m_in_flight = 0;
  std::uint64_t m_peak = 0;
  std::uint64_t m_requests = 0;
  std::uint64_t m_connections = 0;
  std::unordered_map<std::string, std::uint64_t> m_host_in_flight;  // simulated hosts
  std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

}  // namespace cofetch::test
