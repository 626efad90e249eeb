#pragma once
// FuzzInput: typed values taken from the fuzzer's bytes, front to back. A small
// stand-in for LLVM's FuzzedDataProvider that GCC builds too, so the same targets
// run under libFuzzer (clang) and as corpus replays in every test pass.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace cofetch::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) noexcept
      : m_rest(reinterpret_cast<const char*>(data), size) {}

  template <typename Integer>
  Integer integer() noexcept {
    Integer value{};
    const std::size_t count = std::min(sizeof value, m_rest.size());
    std::memcpy(&value, m_rest.data(), count);
    m_rest.remove_prefix(count);
    return value;
  }

  bool boolean() noexcept { return (integer<std::uint8_t>() & 1) != 0; }

  // A string of up to `max` bytes: its length comes first.
  std::string string(std::size_t max = 255) {
    // The length byte is taken first: in one expression with m_rest.size(), the
    // order of evaluation would be unspecified.
    const std::size_t wanted = integer<std::uint8_t>() % (max + 1);
    const std::size_t length = std::min(wanted, m_rest.size());
    std::string value(m_rest.substr(0, length));
    m_rest.remove_prefix(length);
    return value;
  }

  std::string_view rest() noexcept { return std::exchange(m_rest, {}); }
  bool empty() const noexcept { return m_rest.empty(); }

 private:
  std::string_view m_rest;
};

}  // namespace cofetch::fuzz
