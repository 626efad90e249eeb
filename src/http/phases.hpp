#pragma once
// Turning libcurl's cumulative timestamps into the length of each phase.

#include <cstdint>

#include "http/result.hpp"

namespace cofetch::http {

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

// A transfer that failed part-way gives the rest of its time to the phase it was
// in when it stopped: a refused connect is all `connect`, a server that never
// answers is all `wait`. A reused connection reads 0 for dns and connect, which
// is what happened.
Phases phases_from(const CurlTimes& times) noexcept;

}  // namespace cofetch::http
