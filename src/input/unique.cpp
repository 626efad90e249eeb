#include "input/unique.hpp"

#include "input/shard.hpp"

namespace cofetch::input {

coro::Task<std::optional<Entry>> UniqueFilter::next() {
  while (true) {
    std::optional<Entry> entry = co_await m_inner.next();
    if (!entry) co_return std::nullopt;
    if (m_seen.insert(fnv1a64(entry->text()))) co_return entry;
    ++m_repeats;
  }
}

}  // namespace cofetch::input
