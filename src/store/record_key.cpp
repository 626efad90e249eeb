#include "store/record_key.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "input/shard.hpp"
#include "report/record_json.hpp"

namespace cofetch::store {

std::string as_recorded(std::string_view url) {
  const bool ascii = std::all_of(url.begin(), url.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return std::string(url);
  // nlohmann's own replacement, exactly as the writer applied it.
  const std::string dumped = report::dump_line(nlohmann::ordered_json(std::string(url)));
  return nlohmann::json::parse(dumped).get<std::string>();
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
