#pragma once
// --shard K/N: a deterministic share of the input, by host.
//
// Every entry belongs to exactly one of N shards: the one numbered
// fnv1a64(key) % N + 1, where key is the URL's origin, "scheme://host:port" (host
// in lower case, the scheme's default port filled in: url/parts.hpp) and, for a
// line that is not an http(s) URL, the line itself. All URLs of a host land in one shard, so
// --per-host and connection reuse keep working, and the N shards together hold the input exactly
// once. The function is fixed and documented (docs/SCALING.md), so other tools can
// compute the same split.
//
// Entries keep their index in the whole input: records of different shards never
// share an index, and --resume and `cofetch summarize` can merge them.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cofetch/coro/task.hpp"
#include "input/url_source.hpp"

namespace cofetch::input {

struct Shard {
  std::size_t number = 1;  // K, from 1
  std::size_t count = 1;   // N

  // "K/N" with 1 <= K <= N. Throws std::invalid_argument saying what is wrong.
  static Shard parse(std::string_view text);
  std::string name() const { return std::to_string(number) + "/" + std::to_string(count); }
};

// 64-bit FNV-1a: stable across machines, builds and versions.
std::uint64_t fnv1a64(std::string_view bytes) noexcept;

// What decides an entry's shard: its scheme, host and port, or its text (the
// line as given, credentials and all).
std::string shard_key(std::string_view text);

// The shard (from 1) that an entry belongs to among `count`.
std::size_t shard_of(std::string_view text, std::size_t count);
inline std::size_t shard_of(const Entry& entry, std::size_t count) {
  return shard_of(entry.text(), count);
}

// The entries of `inner` that belong to one shard, in order, indexes unchanged.
class ShardFilter final : public EntrySource {
 public:
  ShardFilter(EntrySource& inner, Shard shard) : m_inner(inner), m_shard(shard) {}

  coro::Task<std::optional<Entry>> next() override;

  // Entries read from `inner`, and those of them that belong to the shard.
  std::size_t read() const noexcept { return m_read; }
  std::size_t kept() const noexcept { return m_kept; }

 private:
  EntrySource& m_inner;
  Shard m_shard;
  std::size_t m_read = 0;
  std::size_t m_kept = 0;
};

}  // namespace cofetch::input
