#pragma once
// --if-changed FILE: the validators (ETag, Last-Modified) an earlier run's results
// file holds for each URL, so this run can ask each server whether anything
// changed (If-None-Match, If-Modified-Since) and take a 304 for "no".
//
// The file is read as a stream of records (record_reader.hpp); only URLs with a
// validator are kept, the last record of a URL winning, in flat memory: a 64-bit
// fingerprint of the URL and the two texts side by side in one buffer (about 16
// bytes plus the texts per URL; a million URLs with ETags of 30 bytes, ~70 MiB).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cofetch::store {

struct UrlValidators {
  std::string_view etag;           // empty: none
  std::string_view last_modified;  // empty: none
};

class ValidatorTable {
 public:
  // Reads `path`. Throws std::system_error when it cannot be read.
  static ValidatorTable load(const std::string& path);

  // The validators recorded for `url` (as a record holds it: store::as_recorded).
  std::optional<UrlValidators> find(std::string_view url) const;
  std::size_t size() const noexcept { return m_entries.size(); }
  std::size_t records() const noexcept { return m_records; }

 private:
  struct Entry {
    std::uint64_t fingerprint;
    std::uint32_t offset;  // into m_texts: the ETag, then the Last-Modified
    std::uint16_t etag_size;
    std::uint16_t last_modified_size;
  };
  std::vector<Entry> m_entries;  // sorted by fingerprint, one per URL
  std::string m_texts;
  std::size_t m_records = 0;
};

}  // namespace cofetch::store
