#pragma once
// --resume: the URLs a results file already holds a final record for, and an
// EntrySource that leaves them out.
//
// A URL counts as done when the file has a record with its index and its URL
// (record_key.hpp); a cancelled record is not final. Memory is one fingerprint per
// record (FingerprintSet), not the records themselves.

#include <cstddef>
#include <optional>
#include <string>

#include "cofetch/coro/task.hpp"
#include "input/url_source.hpp"
#include "store/fingerprint_set.hpp"

namespace cofetch::store {

struct DoneRecords {
  FingerprintSet keys;
  std::size_t records = 0;    // final records read
  std::size_t bad_lines = 0;  // complete lines that were not records
  std::size_t first_bad_line = 0;

  // Reads `path`; a missing file holds nothing. Throws std::system_error when
  // it exists and cannot be read.
  static DoneRecords load(const std::string& path);
};

class ResumeFilter final : public input::EntrySource {
 public:
  ResumeFilter(input::EntrySource& inner, const DoneRecords& done) : m_inner(inner), m_done(done) {}

  coro::Task<std::optional<input::Entry>> next() override;

  // Entries left out because they were done.
  std::size_t skipped() const noexcept { return m_skipped; }

 private:
  input::EntrySource& m_inner;
  const DoneRecords& m_done;
  std::size_t m_skipped = 0;
};

}  // namespace cofetch::store
