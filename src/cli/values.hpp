#pragma once
// Option values that need more than CLI11's checks: each parser takes what a
// user typed and either returns the value or throws std::invalid_argument with a
// message that names the option and shows the expected form. Kept apart from the
// CLI11 definitions so they can be tested and fuzzed on their own.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cofetch::cli {

// "20", "20/s", "90/m", "1000/h" -> requests per second (> 0).
double parse_rate(std::string_view text);

// "1000", "500k", "20M", "1G" (powers of 1024, as curl's --max-filesize) -> bytes (> 0).
std::uint64_t parse_size(std::string_view text, std::string_view option);

// What is wrong with a --resolve entry (HOST:PORT:ADDRESS[,ADDRESS...]), if anything.
std::optional<std::string> resolve_entry_problem(std::string_view entry);

}  // namespace cofetch::cli
