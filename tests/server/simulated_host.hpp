#pragma once
// Hosts of a simulated internet, named for what they do. The first label of the
// Host header is read as dash-separated parts; these shape every answer to that
// host (others are ignored, so "h17-rtt120-limit2-ra1.sim.test" is host 17):
//
//   rtt<MS>       every answer starts MS milliseconds after its request, and the
//                 first request on a connection waits MS more (the round trip of
//                 opening it: latency lives in the server, loopback has none)
//   limit<N>      with N of this host's requests in flight, the next is refused
//   refuse<CODE>  the refusal's status (default 429)
//   ra<SEC>       the refusal says "Retry-After: SEC"
//
// A host whose name holds none of them is an ordinary host of the test server.
// Names reach the server's address through the client's --resolve (or /etc/hosts).

#include <cstdint>
#include <string>
#include <string_view>

namespace cofetch::test {

struct SimulatedHost {
  std::string name;  // the Host header without its port, in lower case; empty if not simulated
  std::uint64_t rtt_ms = 0;
  std::uint64_t limit = 0;  // 0: never refuses
  int refuse_status = 429;
  std::int64_t retry_after_s = -1;  // -1: no Retry-After

  bool simulated() const noexcept { return !name.empty(); }
};

// The behaviour `host_header` names; not simulated for a null or plain name.
SimulatedHost simulated_host(const std::string* host_header);

}  // namespace cofetch::test
