#include "cofetch/http/phases.hpp"

#include <algorithm>

namespace cofetch::http {

namespace {

double ms(std::int64_t microseconds) noexcept {
  return static_cast<double>(microseconds) / 1000.0;
}

double span(std::int64_t from, std::int64_t to) noexcept {
  return ms(std::max<std::int64_t>(0, to - from));
}

}  // namespace

Phases phases_from(const CurlTimes& t) noexcept {
  Phases p;
  p.total = ms(t.total);
  const std::int64_t connected =
      std::max(t.namelookup, t.connect);  // a reused connection reads connect 0

  p.dns = ms(t.namelookup);
  if (t.connect > 0) p.connect = span(t.namelookup, t.connect);
  if (t.appconnect > 0) p.tls = span(connected, t.appconnect);

  // The rest of the time goes to the phase the transfer was in when it ended.
  if (t.starttransfer > 0) {
    p.wait = span(t.pretransfer, t.starttransfer);
    p.receive = span(t.starttransfer, t.total);
  } else if (t.pretransfer > 0) {
    p.wait = span(t.pretransfer, t.total);  // the request went out; no answer came
  } else if (t.appconnect > 0) {
    p.wait = span(t.appconnect, t.total);
  } else if (t.connect > 0) {
    if (t.secure)
      p.tls = span(t.connect, t.total);  // the handshake never finished
    else
      p.wait = span(t.connect, t.total);
  } else if (t.namelookup > 0) {
    p.connect = span(t.namelookup, t.total);  // resolved, never connected
  } else {
    p.dns = p.total;  // never resolved
  }
  return p;
}

}  // namespace cofetch::http
