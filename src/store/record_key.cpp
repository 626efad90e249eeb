#include "store/record_key.hpp"

#include "input/shard.hpp"
#include "report/json_text.hpp"

namespace cofetch::store {

std::string as_recorded(std::string_view url) {
  return report::as_utf8(url);
}

std::uint64_t record_key(std::size_t index, std::string_view url) noexcept {
  // splitmix64's finaliser over the URL's hash and the index: well spread bits,
  // as the open-addressed FingerprintSet wants.
  std::uint64_t x =
      input::fnv1a64(url) ^ (static_cast<std::uint64_t>(index) * 0x9e3779b97f4a7c15ull);
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace cofetch::store
