#include "store/results_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>
#include <utility>
#include <vector>

#include "report/record_writer.hpp"

namespace cofetch::store {

namespace {

[[noreturn]] void fail(int code, const std::string& what) {
  throw std::system_error(code, std::generic_category(), what);
}

// The length of the file up to and including its last line ending.
off_t end_of_last_line(int fd, off_t size, const std::string& path) {
  std::vector<char> block(64 * 1024);
  off_t end = size;
  while (end > 0) {
    const off_t start =
        end > static_cast<off_t>(block.size()) ? end - static_cast<off_t>(block.size()) : 0;
    const ssize_t count = ::pread(fd, block.data(), static_cast<std::size_t>(end - start), start);
    if (count < 0) {
      if (errno == EINTR) continue;
      fail(errno, path);
    }
    for (ssize_t i = count; i > 0; --i) {
      if (block[static_cast<std::size_t>(i - 1)] == '\n') return start + i;
    }
    end = start;
  }
  return 0;
}

// A new file's name is durable only once its directory is synced too.
void sync_directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  const std::string directory = slash == std::string::npos ? "."
                                : slash == 0               ? "/"
                                                           : path.substr(0, slash);
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the records themselves are synced regardless
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

ResultsFile::ResultsFile(std::string path) : m_path(std::move(path)) {
  m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (m_fd < 0) fail(errno, m_path);
  try {
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) fail(errno, m_path + " is being written by another run");
      fail(errno, m_path);
    }
    struct stat info {};
    if (::fstat(m_fd, &info) != 0) fail(errno, m_path);
    const off_t size = info.st_size;
    const off_t complete = end_of_last_line(m_fd, size, m_path);
    if (complete < size) {
      if (::ftruncate(m_fd, complete) != 0) fail(errno, m_path);
      m_torn_bytes = static_cast<std::size_t>(size - complete);
    }
    m_size_at_open = static_cast<std::size_t>(complete);
    m_size = m_size_at_open;
    if (size == 0) sync_directory_of(m_path);
  } catch (...) {
    ::close(m_fd);
    throw;
  }
  m_syncer = std::thread([this] { sync_every_second(); });
}

ResultsFile::~ResultsFile() {
  try {
    close();
  } catch (const std::system_error&) {
    // Reported by an explicit close(); a destructor has nobody to tell.
  }
}

void ResultsFile::append(const http::Result& result, const report::RecordShape& shape) {
  if (result.error && result.error->kind == http::ErrorKind::cancelled) return;
  if (m_fd < 0) fail(EBADF, m_path);
  if (const int error = m_sync_error.load()) fail(error, m_path);
  m_line.clear();
  report::append_record(m_line, result, shape);
  m_line += '\n';
  std::size_t written = 0;
  while (written < m_line.size()) {
    const ssize_t count = ::write(m_fd, m_line.data() + written, m_line.size() - written);
    if (count < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      // A full disk or a size limit may have let part of the record in: cut it,
      // so the file still ends with a whole record (else the next open would).
      if (written > 0) {
        [[maybe_unused]] const int cut = ::ftruncate(m_fd, static_cast<off_t>(m_size));
      }
      fail(error, m_path);
    }
    written += static_cast<std::size_t>(count);
  }
  m_size += written;
  m_dirty.store(true, std::memory_order_release);
}

void ResultsFile::close() {
  if (m_fd < 0) return;
  stop_sync_thread();
  const int fd = std::exchange(m_fd, -1);
  int error = m_sync_error.load();
  if (::fdatasync(fd) != 0 && error == 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) fail(error, m_path);
}

void ResultsFile::sync_every_second() {
  std::unique_lock lock(m_mutex);
  while (!m_stopping) {
    m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_stopping; });
    if (m_dirty.exchange(false, std::memory_order_acq_rel) && ::fdatasync(m_fd) != 0) {
      int expected = 0;
      m_sync_error.compare_exchange_strong(expected, errno);
    }
  }
}

void ResultsFile::stop_sync_thread() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_one();
  if (m_syncer.joinable()) m_syncer.join();
}

}  // namespace cofetch::store
