#pragma once
// JSON text as cofetch writes it: on one line, and valid whatever bytes a URL or
// a server sent (nlohmann's serialiser, with U+FFFD for bytes that are not UTF-8).

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <string_view>

namespace cofetch::report {

// Dumps JSON on one line; bytes that are not UTF-8 become U+FFFD instead of failing.
std::string dump_line(const nlohmann::ordered_json& value);

// `text` as dump_line writes it inside a string: bytes that are not UTF-8
// replaced with U+FFFD. CSV fields get the same treatment.
std::string as_utf8(std::string_view text);

// Milliseconds and rates in JSON carry three decimals: microseconds, no noise.
inline double round3(double value) {
  return std::round(value * 1000.0) / 1000.0;
}

}  // namespace cofetch::report
