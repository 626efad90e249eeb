#pragma once
// Option values that need more than CLI11's checks: each parser takes what a
// user typed and either returns the value or throws std::invalid_argument with a
// message that names the option and shows the expected form. Kept apart from the
// CLI11 definitions so they can be tested and fuzzed on their own.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cofetch::cli {

// "20", "20/s", "90/m", "1000/h" -> requests per second (> 0); `option` names
// the option in the message of a bad value.
double parse_rate(std::string_view text, std::string_view option = "--rate");

// "1000", "500k", "20M", "1G" (powers of 1024, as curl's --max-filesize) -> bytes (> 0).
std::uint64_t parse_size(std::string_view text, std::string_view option);

// What is wrong with a --resolve entry (HOST:PORT:ADDRESS[,ADDRESS...]), if anything.
std::optional<std::string> resolve_entry_problem(std::string_view entry);

// What is wrong with a --connect-to entry (HOST1:PORT1:HOST2:PORT2, any part
// empty, IPv6 addresses in brackets), if anything.
std::optional<std::string> connect_to_problem(std::string_view entry);

// --local-port "N" or "N-M" (1 to 65535, N <= M) -> the first port and how many.
std::pair<long, long> parse_port_range(std::string_view text);

// --sweep: "auto" (powers of two up to `highest`) or levels like "1,4,16,64", each
// 1 to 100000. Throws std::invalid_argument saying what is wrong.
std::vector<std::size_t> parse_levels(std::string_view text, std::size_t highest);

}  // namespace cofetch::cli
