#include "report/output.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace cofetch::report {

void Output::write(std::string_view text) {
  if (m_closed) return;
  m_buffer.append(text);
  if (m_buffer.size() >= k_flush_threshold) flush();
}

void Output::flush() noexcept {
  std::size_t written = 0;
  while (written < m_buffer.size() && !m_closed) {
    const ssize_t count = ::write(m_fd, m_buffer.data() + written, m_buffer.size() - written);
    if (count >= 0) {
      written += static_cast<std::size_t>(count);
    } else if (errno == EINTR) {
      continue;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      // Someone made the descriptor non-blocking (a shared terminal or pipe): wait.
      pollfd ready{m_fd, POLLOUT, 0};
      ::poll(&ready, 1, -1);
    } else {
      if (errno != EPIPE) m_error = errno;
      m_closed = true;
    }
  }
  m_buffer.clear();
}

}  // namespace cofetch::report
