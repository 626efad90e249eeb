#include "input/line_splitter.hpp"

namespace cofetch::input {

namespace {

constexpr std::string_view k_byte_order_mark = "\xEF\xBB\xBF";
constexpr std::size_t k_prefix_kept = 80;  // enough to recognise the line in a message

std::string strip_carriage_return(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return std::string(line);
}

}  // namespace

void LineSplitter::feed(std::string_view bytes) {
  if (m_start > 0) {
    m_buffer.erase(0, m_start);
    m_scanned -= m_start;
    m_start = 0;
  }
  m_buffer.append(bytes);
}

bool LineSplitter::skip_byte_order_mark(bool at_end) {
  if (!m_at_beginning) return true;
  const std::string_view head(m_buffer);
  if (head.starts_with(k_byte_order_mark)) {
    m_buffer.erase(0, k_byte_order_mark.size());
  } else if (k_byte_order_mark.starts_with(head) && !at_end) {
    return false;  // could still become a mark: wait for more bytes
  }
  m_at_beginning = false;
  return true;
}

Line LineSplitter::too_long_line() {
  m_discarding = false;
  return Line{std::move(m_long_prefix), true};
}

std::optional<Line> LineSplitter::next() {
  if (!skip_byte_order_mark(/*at_end=*/false)) return std::nullopt;
  const auto end = m_buffer.find('\n', m_scanned);
  if (end == std::string::npos) {
    m_scanned = m_buffer.size();
    if (m_discarding) {
      m_buffer.clear();
      m_start = m_scanned = 0;
    } else if (m_buffer.size() - m_start > m_max_length) {
      m_discarding = true;
      m_long_prefix = m_buffer.substr(m_start, k_prefix_kept);
      m_buffer.clear();
      m_start = m_scanned = 0;
    }
    return std::nullopt;
  }
  const std::string_view line = std::string_view(m_buffer).substr(m_start, end - m_start);
  m_start = m_scanned = end + 1;
  if (m_discarding) return too_long_line();
  if (line.size() > m_max_length) return Line{std::string(line.substr(0, k_prefix_kept)), true};
  return Line{strip_carriage_return(line), false};
}

std::optional<Line> LineSplitter::finish() {
  skip_byte_order_mark(/*at_end=*/true);
  if (m_discarding) return too_long_line();
  if (m_start >= m_buffer.size()) return std::nullopt;
  const std::string_view rest = std::string_view(m_buffer).substr(m_start);
  m_start = m_scanned = m_buffer.size();
  if (rest.size() > m_max_length) return Line{std::string(rest.substr(0, k_prefix_kept)), true};
  return Line{strip_carriage_return(rest), false};
}

}  // namespace cofetch::input
