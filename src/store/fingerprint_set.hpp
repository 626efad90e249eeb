#pragma once
// FingerprintSet: a set of 64-bit fingerprints in flat memory, 16 bytes or less
// per member (open addressing, linear probing, at most half full). --resume and
// `cofetch summarize` keep one fingerprint per record they have seen, so a
// million records cost about 16 MiB, not a million strings.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cofetch::store {

class FingerprintSet {
 public:
  // True when `fingerprint` was not a member yet.
  bool insert(std::uint64_t fingerprint) {
    if ((m_size + 1) * 2 > m_slots.size()) grow();
    std::uint64_t& slot = m_slots[slot_of(m_slots, stored(fingerprint))];
    if (slot != k_empty) return false;
    slot = stored(fingerprint);
    ++m_size;
    return true;
  }

  bool contains(std::uint64_t fingerprint) const {
    if (m_slots.empty()) return false;
    return m_slots[slot_of(m_slots, stored(fingerprint))] != k_empty;
  }

  std::size_t size() const noexcept { return m_size; }

 private:
  static constexpr std::uint64_t k_empty = 0;

  // 0 marks an empty slot; the one fingerprint that is 0 is kept as 1 instead.
  static std::uint64_t stored(std::uint64_t fingerprint) noexcept {
    return fingerprint == k_empty ? 1 : fingerprint;
  }

  // Where `value` is, or the empty slot where it would go.
  static std::size_t slot_of(const std::vector<std::uint64_t>& slots,
                             std::uint64_t value) noexcept {
    const std::size_t mask = slots.size() - 1;  // the size is a power of two
    for (std::size_t i = static_cast<std::size_t>(value) & mask;; i = (i + 1) & mask) {
      if (slots[i] == value || slots[i] == k_empty) return i;
    }
  }

  void grow() {
    std::vector<std::uint64_t> bigger(m_slots.empty() ? 1024 : 2 * m_slots.size(), k_empty);
    for (std::uint64_t value : m_slots)
      if (value != k_empty) bigger[slot_of(bigger, value)] = value;
    m_slots.swap(bigger);
  }

  std::vector<std::uint64_t> m_slots;
  std::size_t m_size = 0;
};

}  // namespace cofetch::store
