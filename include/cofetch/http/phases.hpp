#pragma once
// Turning libcurl's cumulative timestamps into the length of each phase.

#include <cstdint>

#include "cofetch/http/result.hpp"

namespace cofetch::http {

// A transfer that failed part-way gives the rest of its time to the phase it was
// in when it stopped: a refused connect is all `connect`, a server that never
// answers is all `wait`. A reused connection reads 0 for dns and connect, which
// is what happened.
Phases phases_from(const CurlTimes& times) noexcept;

}  // namespace cofetch::http
