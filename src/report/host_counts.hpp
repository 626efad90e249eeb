#pragma once
// What the hosts of a run did, as the scheduler counted it: the summary's "hosts"
// line and object. (Records do not hold it: a refusal that a retry overcame
// leaves no trace in them, so `cofetch summarize` cannot say it.)

#include <cstddef>

namespace cofetch::report {

struct HostCounts {
  std::size_t refusals = 0;    // 429 and 503 answers, every attempt counted
  std::size_t slowed = 0;      // hosts whose limit a refusal lowered, or that paused
  std::size_t given_up = 0;    // hosts given up after --host-errors connect failures
  std::size_t unresolved = 0;  // names that did not resolve, looked up once each

  bool any() const noexcept { return refusals + slowed + given_up + unresolved > 0; }
};

}  // namespace cofetch::report
