#pragma once
// What the test server answers to each path, as a plan the connection carries
// out. Stateful routes (/flaky, /retry-after) count requests per target, so a test
// gets fresh state by adding a unique query string (/flaky/2?k=test-name).
//
//   /                      200, a short text
//   /delay/MS              200 after MS milliseconds
//   /status/CODE           that status code
//   /bytes/N               200 with an N-byte body
//   /redirect/N            302 to /redirect/N-1; /redirect/0 answers 200
//   /redirect-loop         302 to itself, forever
//   /echo-header/NAME      200 with request header NAME's value as the body; 404 without it
//   /echo-method           200 with the request method as the body
//   /echo-body             200 with the request body as the body
//   /any/...               200 "any\n" whatever follows (hostile names for -O)
//   /flaky/N               503 for the first N requests (per target), then 200
//   /retry-after/SEC       503 with "Retry-After: SEC" the first time (per target), then 200
//   /retry-after-date/SEC  429 with Retry-After as an HTTP-date SEC seconds ahead, then 200
//   /drip/N/MS             200 with an N-byte body sent one byte every MS milliseconds
//   /hang                  reads the request and never answers
//   /reset                 promises a large body, sends part of it, then resets the connection
//   /truncated             promises 1000 bytes, sends 500, then closes the connection
//   /malformed             answers with a status line that is not HTTP
//   /stream/N              200 with an N-byte body, streamed as the client reads (any size)
//   /endless               200 with a chunked body that never ends
//   /big-header/N          200 with one header line of N bytes
//   /many-headers/N        200 with N header lines
//   /hostile               302 whose Location and Content-Type hold terminal escape sequences
//   /stats                 JSON: {"in_flight", "peak", "requests", "connections"} (connections
//                          accepted) over every connection
//   /stats/reset           sets peak, requests and connections back to the current state
//
// Requests may use absolute-form targets (http://host/path), as sent to a proxy.

#include <cstdint>
#include <string>
#include <unordered_map>

#include "http_message.hpp"

namespace cofetch::test {

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
  std::uint64_t stream_bytes = 0;  // kind stream: body length, or k_endless
  bool chunked = false;            // kind stream: send the body in chunked encoding
};

class Routes {
 public:
  Reply answer(const Request& request);

  // Requests being answered right now, across connections (delays, drips, hangs).
  void request_finished() noexcept { --m_in_flight; }
  void connection_accepted() noexcept { ++m_connections; }

 private:
  Reply counted(Reply reply);

  std::unordered_map<std::string, std::uint64_t> m_seen;  // requests per target
  std::uint64_t m_in_flight = 0;
  std::uint64_t m_peak = 0;
  std::uint64_t m_requests = 0;
  std::uint64_t m_connections = 0;
};

}  // namespace cofetch::test
