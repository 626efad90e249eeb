#pragma once
// Progress: one line on stderr, redrawn at most ten times a second while a run
// goes on: done / total (the total once the input is fully read), requests per
// second, transfers in flight, errors, elapsed time and an estimate of what is
// left. It is cut to the terminal's width so it never wraps, and erased before
// anything else is written to the terminal, so it never mixes with result lines.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "cofetch/http/result.hpp"
#include "cofetch/uv/handle.hpp"
#include "cofetch/uv/loop.hpp"
#include "report/result_sink.hpp"
#include "run/scheduler.hpp"

namespace cofetch::run {

class Progress final : public report::ResultSink {
 public:
  Progress(uv::Loop& loop, int fd, const LiveCounts& live, bool unicode);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress() { stop(); }

  // Starts counting a new pass (--compare runs two), named `label`.
  void begin(std::string label);
  // The number of URLs of the run, once known (counted ahead: input/entry_count.hpp).
  void set_total(std::size_t total) noexcept { m_total = total; }
  void count(const http::Result& result);
  void write(const http::Result& result) override { count(result); }

  // Clears the line until the next redraw (before other output reaches the terminal).
  void erase();
  // Clears the line for good.
  void stop();

  // The line as drawn now, `width` columns at most.
  std::string line(int width) const;

 private:
  void draw();

  int m_fd;
  const LiveCounts& m_live;
  bool m_unicode;
  uv::Handle<uv_timer_t> m_timer;
  std::string m_label;
  std::chrono::steady_clock::time_point m_started;
  std::optional<std::size_t> m_total;
  std::size_t m_done = 0;
  std::size_t m_failed = 0;
  bool m_drawn = false;
};

}  // namespace cofetch::run
