#include "store/unique.hpp"

#include "input/shard.hpp"

namespace cofetch::store {

coro::Task<std::optional<input::Entry>> UniqueFilter::next() {
  while (true) {
    std::optional<input::Entry> entry = co_await m_inner.next();
    if (!entry) co_return std::nullopt;
    if (m_seen.insert(input::fnv1a64(entry->text()))) co_return entry;
    ++m_repeats;
  }
}

}  // namespace cofetch::store
