#pragma once
// record_key: what identifies a URL's record across runs and shards: its index
// in the whole input and the URL itself, folded into 64 bits.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cofetch::store {

// The URL as a JSON record holds it: bytes that are not UTF-8 were replaced with
// U+FFFD when the record was written, so an input line is compared in that form.
std::string as_recorded(std::string_view url);

// A fingerprint of (index, url); `url` as the record holds it.
std::uint64_t record_key(std::size_t index, std::string_view url) noexcept;

}  // namespace cofetch::store
