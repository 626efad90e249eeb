#pragma once
// One URL on a time axis: when its transfer started, how long it queued for a slot
// before, and its phases. What the terminal waterfall (--waterfall) and the HTML
// report's waterfalls keep of a result.

#include <chrono>
#include <cstddef>
#include <string>

#include "cofetch/http/result.hpp"

namespace cofetch::report {

struct TimelineRow {
  std::size_t index = 0;
  std::string url;
  std::chrono::steady_clock::time_point start{};
  double queued = 0;
  http::Phases ms;
  int status = 0;       // 0 when no response came
  std::string failure;  // error kind, if it failed

  static TimelineRow of(const http::Result& result) {
    TimelineRow row;
    row.index = result.index;
    row.url = result.url;
    row.start = result.transfer_start;
    row.queued = result.queued_ms;
    row.ms = result.ms;
    row.status = result.status.value_or(0);
    if (result.error) row.failure = std::string(http::to_string(result.error->kind));
    return row;
  }
};

}  // namespace cofetch::report
