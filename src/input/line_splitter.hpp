#pragma once
// LineSplitter: bytes in, lines out, with bounded memory. Accepts LF and CRLF
// endings and a UTF-8 byte order mark. A line longer than the limit is not kept
// whole: it comes out marked too long, holding only its beginning.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cofetch::input {

struct Line {
  std::string text;  // without the line ending
  bool too_long = false;
};

class LineSplitter {
 public:
  static constexpr std::size_t k_default_max_length = 64 * 1024;

  explicit LineSplitter(std::size_t max_length = k_default_max_length) noexcept
      : m_max_length(max_length) {}

  void feed(std::string_view bytes);

  // The next complete line, if one is buffered.
  std::optional<Line> next();

  // At the end of the input: the last line if it had no line ending.
  std::optional<Line> finish();

 private:
  Line too_long_line();
  // False while the buffer is still too short to tell whether it starts with a mark.
  bool skip_byte_order_mark(bool at_end);

  std::size_t m_max_length;
  std::string m_buffer;
  std::size_t m_start = 0;    // first byte of the current line
  std::size_t m_scanned = 0;  // bytes already searched for '\n'
  bool m_discarding = false;  // inside an over-long line, skipping to its end
  bool m_at_beginning = true;
  std::string m_long_prefix;
};

}  // namespace cofetch::input
