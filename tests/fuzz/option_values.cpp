// Option values typed by users: --rate, --max-filesize, --resolve, --shard,
// --fail-on, --connect-to, --local-port, and the lines of a configuration file. Each parses or
// throws std::invalid_argument, nothing else.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "cli/config_file.hpp"
#include "cli/values.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "input/shard.hpp"
#include "run/failure_policy.hpp"

using namespace cofetch;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  const std::uint8_t which = input.integer<std::uint8_t>() % 8;
  const std::string text(input.rest());
  try {
    switch (which) {
      case 0: {
        const double rate = cli::parse_rate(text);
        FUZZ_CHECK(std::isfinite(rate) && rate > 0);
        break;
      }
      case 1: FUZZ_CHECK(cli::parse_size(text, "--max-filesize") > 0); break;
      case 2: {
        // A valid entry has a host, a port and an address.
        if (!cli::resolve_entry_problem(text)) FUZZ_CHECK(text.find(':') > 0);
        break;
      }
      case 3: {
        const input::Shard shard = input::Shard::parse(text);
        FUZZ_CHECK(shard.number >= 1 && shard.number <= shard.count);
        FUZZ_CHECK(input::Shard::parse(shard.name()).number == shard.number);
        break;
      }
      case 4: run::FailurePolicy::parse(text); break;
      case 5: {
        // A line gives a key made of name characters, or nothing (blank, comment).
        if (const auto entry = cli::parse_config_line(text)) {
          FUZZ_CHECK(!entry->key.empty());
          FUZZ_CHECK(entry->key.find_first_of(" \t=#\n") == std::string::npos);
        }
        break;
      }
      case 6: {
        // A valid mapping has its four parts: three colons at least.
        if (!cli::connect_to_problem(text))
          FUZZ_CHECK(std::count(text.begin(), text.end(), ':') >= 3);
        break;
      }
      case 7: {
        const auto [first, count] = cli::parse_port_range(text);
        FUZZ_CHECK(first >= 1 && count >= 1 && first + count - 1 <= 65535);
        break;
      }
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
