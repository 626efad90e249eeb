#pragma once
// How many entries a list will give, counted ahead of the run, so the progress
// line can say done/total (and an ETA) for a list in files. Known only when every
// input can be read twice: the arguments, regular files, and standard input when
// it is a regular file (`< urls.txt`); a pipe or a terminal leaves it unknown.
//
// Lines are counted by the same rules the entries are read by (url_source.hpp),
// streamed in blocks without holding them. Blocking: run it on the thread pool.

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cofetch::input {

// Whether an entry with this index and text belongs to the run (--shard, --resume).
using EntryFilter = std::function<bool(std::size_t index, std::string_view text)>;

// The entries of `arguments` and then of each of `paths` ("-" is standard input)
// that `keep` keeps, or nothing when an input cannot be read twice, cannot be
// read, or `stop` turned true.
std::optional<std::size_t> count_entries(const std::vector<std::string>& arguments,
                                         const std::vector<std::string>& paths,
                                         const EntryFilter& keep, const std::atomic<bool>& stop);

}  // namespace cofetch::input
