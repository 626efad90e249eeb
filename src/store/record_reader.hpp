#pragma once
// RecordReader: the records of a JSON Lines results file (--json, -o), read back
// one at a time in constant memory.
//
// A file written by a run that was killed may end in an incomplete line; it is
// not a record, and it is reported apart from lines in the middle of the file
// that are not records.

#include <cstddef>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "cofetch/http/result.hpp"

namespace cofetch::store {

// The Result a record describes, field by field as report/record_fields.hpp lists
// them; a field that is absent, null or not of its type keeps its default.
// Nothing when `line` is not a cofetch record (it needs at least index and url).
std::optional<http::Result> parse_record(std::string_view line);

class RecordReader {
 public:
  // Throws std::system_error when `path` cannot be opened.
  explicit RecordReader(const std::string& path);

  // The next record; lines that are not records are skipped and counted.
  std::optional<http::Result> next();

  const std::string& path() const noexcept { return m_path; }
  // Complete lines that were not records, and the first of them (from 1).
  std::size_t bad_lines() const noexcept { return m_bad_lines; }
  std::size_t first_bad_line() const noexcept { return m_first_bad_line; }
  // Bytes of an incomplete last line (no line ending): a write cut short.
  std::size_t torn_bytes() const noexcept { return m_torn_bytes; }

 private:
  std::string m_path;
  std::ifstream m_file;
  std::string m_line;
  std::size_t m_line_number = 0;
  std::size_t m_bad_lines = 0;
  std::size_t m_first_bad_line = 0;
  std::size_t m_torn_bytes = 0;
};

}  // namespace cofetch::store
