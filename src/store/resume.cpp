#include "store/resume.hpp"

#include <sys/stat.h>

#include <cerrno>

#include "store/record_key.hpp"
#include "store/record_reader.hpp"

namespace cofetch::store {

DoneRecords DoneRecords::load(const std::string& path) {
  DoneRecords done;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 && errno == ENOENT) return done;
  RecordReader reader(path);
  while (auto record = reader.next()) {
    if (record->error && record->error->kind == http::ErrorKind::cancelled) continue;
    done.keys.insert(record_key(record->index, record->url));
    ++done.records;
  }
  done.bad_lines = reader.bad_lines();
  done.first_bad_line = reader.first_bad_line();
  return done;
}

coro::Task<std::optional<input::Entry>> ResumeFilter::next() {
  while (true) {
    std::optional<input::Entry> entry = co_await m_inner.next();
    if (!entry) co_return std::nullopt;
    if (!m_done.keys.contains(record_key(entry->index, as_recorded(entry->url)))) co_return entry;
    ++m_skipped;
  }
}

}  // namespace cofetch::store
