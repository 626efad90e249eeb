#include "store/validators.hpp"

#include <algorithm>
#include <limits>

#include "input/shard.hpp"
#include "store/record_reader.hpp"

namespace cofetch::store {

namespace {

// A validator longer than this is not kept: no server sends one, and the sizes
// fit in 16 bits.
constexpr std::size_t k_longest = 1024;

}  // namespace

ValidatorTable ValidatorTable::load(const std::string& path) {
  ValidatorTable table;
  RecordReader reader(path);
  while (auto record = reader.next()) {
    ++table.m_records;
    if (record->error) continue;
    if (record->etag.empty() && record->last_modified.empty()) continue;
    if (record->etag.size() > k_longest || record->last_modified.size() > k_longest) continue;
    if (table.m_texts.size() > std::numeric_limits<std::uint32_t>::max() - 2 * k_longest) break;
    table.m_entries.push_back(Entry{input::fnv1a64(record->url),
                                    static_cast<std::uint32_t>(table.m_texts.size()),
                                    static_cast<std::uint16_t>(record->etag.size()),
                                    static_cast<std::uint16_t>(record->last_modified.size())});
    table.m_texts += record->etag;
    table.m_texts += record->last_modified;
  }
  // One entry per URL: the last record of each (a stable sort keeps file order).
  std::stable_sort(table.m_entries.begin(), table.m_entries.end(),
                   [](const Entry& a, const Entry& b) { return a.fingerprint < b.fingerprint; });
  std::vector<Entry> last;
  last.reserve(table.m_entries.size());
  for (const Entry& entry : table.m_entries) {
    if (!last.empty() && last.back().fingerprint == entry.fingerprint) {
      last.back() = entry;
    } else {
      last.push_back(entry);
    }
  }
  table.m_entries = std::move(last);
  table.m_entries.shrink_to_fit();
  return table;
}

std::optional<UrlValidators> ValidatorTable::find(std::string_view url) const {
  const std::uint64_t fingerprint = input::fnv1a64(url);
  const auto found = std::lower_bound(
      m_entries.begin(), m_entries.end(), fingerprint,
      [](const Entry& entry, std::uint64_t value) { return entry.fingerprint < value; });
  if (found == m_entries.end() || found->fingerprint != fingerprint) return std::nullopt;
  const std::string_view texts = m_texts;
  return UrlValidators{texts.substr(found->offset, found->etag_size),
                       texts.substr(found->offset + found->etag_size, found->last_modified_size)};
}

}  // namespace cofetch::store
