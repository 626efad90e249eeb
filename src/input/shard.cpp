#include "input/shard.hpp"

#include <charconv>
#include <stdexcept>

#include "cofetch/url/parts.hpp"

namespace cofetch::input {

namespace {

std::optional<std::size_t> whole_number(std::string_view text) {
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return {};
  return value;
}

}  // namespace

Shard Shard::parse(std::string_view text) {
  const auto slash = text.find('/');
  const auto number = whole_number(text.substr(0, slash));
  const auto count =
      slash == std::string_view::npos ? std::nullopt : whole_number(text.substr(slash + 1));
  if (!number || !count || *count == 0 || *number == 0 || *number > *count) {
    throw std::invalid_argument("--shard takes K/N with 1 <= K <= N, e.g. 2/8 (got \"" +
                                std::string(text) + "\")");
  }
  return Shard{*number, *count};
}

std::uint64_t fnv1a64(std::string_view bytes) noexcept {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string shard_key(std::string_view text) {
  std::string origin = url::origin(text);
  return origin.empty() ? std::string(text) : origin;
}

std::size_t shard_of(std::string_view text, std::size_t count) {
  return static_cast<std::size_t>(fnv1a64(shard_key(text)) % count) + 1;
}

coro::Task<std::optional<Entry>> ShardFilter::next() {
  while (true) {
    std::optional<Entry> entry = co_await m_inner.next();
    if (!entry) co_return std::nullopt;
    ++m_read;
    if (shard_of(*entry, m_shard.count) != m_shard.number) continue;
    ++m_kept;
    co_return entry;
  }
}

}  // namespace cofetch::input
