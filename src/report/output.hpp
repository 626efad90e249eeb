#pragma once
// Output: a buffered writer on a file descriptor (stdout, stderr).
//
// Results are appended to a buffer and written in batches: the runner flushes
// once per loop turn, so a burst of completions costs one write(2), and a slow
// reader still sees each line within one turn of the loop. A reader that goes
// away (EPIPE) closes the output quietly; later writes are dropped.

#include <optional>
#include <string>
#include <string_view>

namespace cofetch::report {

class Output {
 public:
  explicit Output(int fd) noexcept : m_fd(fd) {}
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() { flush(); }

  void write(std::string_view text);
  // Writes everything buffered. Blocks while the reader is slower than us.
  void flush() noexcept;
  // Drops what is buffered and everything written from now on.
  void discard() noexcept {
    m_buffer.clear();
    m_closed = true;
  }

  bool has_pending() const noexcept { return !m_buffer.empty(); }
  // The reader went away (EPIPE) or writing failed.
  bool closed() const noexcept { return m_closed; }
  // The errno of a failure other than EPIPE, if any.
  std::optional<int> error() const noexcept { return m_error; }
  int fd() const noexcept { return m_fd; }

 private:
  static constexpr std::size_t k_flush_threshold = 64 * 1024;

  int m_fd;
  std::string m_buffer;
  bool m_closed = false;
  std::optional<int> m_error;
};

}  // namespace cofetch::report
