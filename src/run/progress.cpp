#include "run/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

#include "report/format.hpp"
#include "report/style.hpp"

namespace cofetch::run {

namespace {

constexpr std::uint64_t k_redraw_ms = 100;  // at most ten times a second

void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written <= 0) return;  // a progress line is not worth a retry loop
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

std::string clock_time(double seconds) {
  if (seconds < 60) return fmt::format("{:.1f} s", seconds);
  const auto whole = static_cast<long>(seconds);
  return fmt::format("{}:{:02}", whole / 60, whole % 60);
}

}  // namespace

Progress::Progress(uv::Loop& loop, int fd, const LiveCounts& live, bool unicode)
    : m_fd(fd),
      m_live(live),
      m_unicode(unicode),
      m_timer(uv::Handle<uv_timer_t>::make(uv_timer_init, loop.get())),
      m_started(std::chrono::steady_clock::now()) {
  m_timer->data = this;
  const auto redraw = [](uv_timer_t* timer) {
    if (auto* self = static_cast<Progress*>(timer->data)) self->draw();
  };
  if (int rc = uv_timer_start(m_timer.get(), redraw, k_redraw_ms, k_redraw_ms); rc < 0) {
    uv::throw_uv_error("uv_timer_start", rc);
  }
  uv_unref(reinterpret_cast<uv_handle_t*>(m_timer.get()));  // no reason to keep the loop alive
}

void Progress::begin(std::string label) {
  m_label = std::move(label);
  m_started = std::chrono::steady_clock::now();
  m_done = m_failed = 0;
}

void Progress::count(const http::Result& result) {
  ++m_done;
  if (result.error) ++m_failed;
}

std::string Progress::line(int width) const {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
  const double rate = elapsed > 0 ? static_cast<double>(m_done) / elapsed : 0;
  std::string text;
  if (!m_label.empty()) text.append(m_label).append("  ");
  if (m_total || m_live.input_complete) {
    const std::size_t total = std::max(m_total.value_or(m_live.read), m_done);
    constexpr std::size_t k_bar = 20;
    const std::size_t filled = total ? k_bar * m_done / total : k_bar;
    const std::string_view full = m_unicode ? "█" : "#";
    const std::string_view empty = m_unicode ? "░" : ".";
    std::string bar;
    for (std::size_t i = 0; i < k_bar; ++i) bar.append(i < filled ? full : empty);
    text += fmt::format(
        "{}/{} {:.0f}% {}", m_done, total,
        total ? 100.0 * static_cast<double>(m_done) / static_cast<double>(total) : 100.0, bar);
  } else {
    text += fmt::format("{}/? done", m_done);
  }
  text += fmt::format("  {:.1f} req/s  {} in flight  {} error{}  {}", rate, m_live.in_flight,
                      m_failed, m_failed == 1 ? "" : "s", clock_time(elapsed));
  const std::size_t expected = m_total.value_or(m_live.input_complete ? m_live.read : 0);
  if (rate > 0 && expected > m_done) {
    text += "  ETA " + clock_time(static_cast<double>(expected - m_done) / rate);
  }
  // Cut to the width (counting a multi-byte block as one column) so it never wraps.
  std::string cut;
  int columns = 0;
  for (std::size_t i = 0; i < text.size() && columns < width; ++i) {
    cut += text[i];
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++columns;
  }
  while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0xC0) cut.pop_back();
  return cut;
}

void Progress::draw() {
  const int width = report::terminal_width(m_fd, 80) - 1;
  write_all(m_fd, fmt::format("\r{}\x1b[K", line(width)));
  m_drawn = true;
}

void Progress::erase() {
  if (!m_drawn) return;
  write_all(m_fd, "\r\x1b[K");
  m_drawn = false;
}

void Progress::stop() {
  if (m_timer) m_timer.close();
  erase();
}

}  // namespace cofetch::run
