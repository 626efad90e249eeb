#pragma once
// ResultsFile: -o FILE, results appended as JSON Lines, durable as they complete.
//
// Each record goes to the file in one write(2) the moment its URL finishes, so a
// run killed at any moment (even by SIGKILL) loses only the transfers in flight.
// A thread of its own calls fdatasync(2) at most a second after anything was
// written, without stalling the event loop, and once more when the file closes,
// so the records also survive the machine going down, a second's worth aside.
//
// Opening the file cuts off an incomplete last line (a write cut short by a
// crash), so the records appended next start on a line of their own. An
// exclusive flock(2) keeps two runs from appending to the same file.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <span>
#include <string>
#include <thread>

#include "cofetch/http/result.hpp"
#include "report/record_writer.hpp"

namespace cofetch::store {

class ResultsFile {
 public:
  // Throws std::system_error when the file cannot be opened, locked or repaired.
  explicit ResultsFile(std::string path);
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;
  // Syncs and closes; errors at that point are only reported by close().
  ~ResultsFile();

  // Writes the record of `result` (with "file" when `with_file`). A cancelled
  // result is not final and is not written: --resume fetches it again. Throws
  // std::system_error when writing or an earlier sync failed.
  void append(const http::Result& result, const report::RecordShape& shape);
  void append(const http::Result& result, bool with_file) {
    append(result, report::RecordShape::of_file(with_file));
  }

  // Syncs, stops the sync thread and closes. Throws std::system_error on failure.
  void close();

  const std::string& path() const noexcept { return m_path; }
  // What opening found: bytes already there (after the repair), bytes of an
  // incomplete last line that were cut off.
  std::size_t size_at_open() const noexcept { return m_size_at_open; }
  std::size_t torn_bytes() const noexcept { return m_torn_bytes; }

 private:
  void sync_every_second();
  void stop_sync_thread();

  std::string m_path;
  int m_fd = -1;
  std::size_t m_size_at_open = 0;
  std::size_t m_torn_bytes = 0;
  std::size_t m_size = 0;  // bytes of whole records in the file
  std::string m_line;      // reused for every record

  std::atomic<bool> m_dirty{false};
  std::atomic<int> m_sync_error{0};
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  std::thread m_syncer;
};

}  // namespace cofetch::store
