#pragma once
// --unique: each URL once. An entry whose text (the trimmed line, credentials and
// all) came earlier in the input is left out; its index stays unused, as a
// shard's are. Memory is one 64-bit fingerprint per distinct entry in a flat set
// (store/fingerprint_set.hpp): about 16 MiB for a million URLs. Two different
// URLs share a fingerprint with a chance of about n^2 / 2^65 (3 in 100 million
// for a million URLs); the later one would then be left out.

#include <cstddef>
#include <optional>

#include "cofetch/coro/task.hpp"
#include "input/url_source.hpp"
#include "store/fingerprint_set.hpp"

namespace cofetch::store {

class UniqueFilter final : public input::EntrySource {
 public:
  explicit UniqueFilter(input::EntrySource& inner) : m_inner(inner) {}

  coro::Task<std::optional<input::Entry>> next() override;

  // Entries left out as repeats.
  std::size_t repeats() const noexcept { return m_repeats; }

 private:
  input::EntrySource& m_inner;
  FingerprintSet m_seen;
  std::size_t m_repeats = 0;
};

}  // namespace cofetch::store
