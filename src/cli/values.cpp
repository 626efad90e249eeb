#include "cli/values.hpp"

#include "report/sweep.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace cofetch::cli {

double parse_rate(std::string_view text, std::string_view option) {
  const auto slash = text.find('/');
  const std::string_view number = text.substr(0, slash);
  const std::string_view unit = slash == std::string_view::npos ? "s" : text.substr(slash + 1);
  double count = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), count);
  const double seconds = unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : 0;
  // At least one request an hour; infinity and NaN are not rates.
  if (error != std::errc{} || end != number.data() + number.size() || !std::isfinite(count) ||
      !(count > 0) || seconds == 0) {
    throw std::invalid_argument(std::string(option) +
                                " takes N, N/s, N/m or N/h with N > 0 (got \"" + std::string(text) +
                                "\")");
  }
  return count / seconds;
}

std::uint64_t parse_size(std::string_view text, std::string_view option) {
  std::uint64_t count = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  std::string_view suffix(end, static_cast<std::size_t>(text.data() + text.size() - end));
  unsigned shift = 0;
  if (suffix == "k" || suffix == "K") shift = 10;
  if (suffix == "m" || suffix == "M") shift = 20;
  if (suffix == "g" || suffix == "G") shift = 30;
  const bool known_suffix = suffix.empty() || shift > 0;
  if (error != std::errc{} || !known_suffix || count == 0 ||
      count > (std::uint64_t{std::numeric_limits<std::int64_t>::max()} >> shift)) {  // curl_off_t
    throw std::invalid_argument(std::string(option) +
                                " takes a number of bytes > 0, optionally followed by k, M or G "
                                "(got \"" +
                                std::string(text) + "\")");
  }
  return count << shift;
}

std::vector<std::size_t> parse_levels(std::string_view text, std::size_t highest) {
  if (text == "auto") return report::auto_levels(highest);
  std::vector<std::size_t> levels;
  while (true) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    std::size_t level = 0;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), level);
    if (item.empty() || error != std::errc{} || end != item.data() + item.size() || level == 0 ||
        level > 100'000) {
      throw std::invalid_argument(
          "--sweep takes auto or levels from 1 to 100000 such as 1,4,16,64 "
          "(got \"" +
          std::string(item) + "\")");
    }
    levels.push_back(level);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return levels;
}

std::optional<std::string> resolve_entry_problem(std::string_view entry) {
  // HOST:PORT:ADDRESS[,ADDRESS...]; an IPv6 address may follow the second colon.
  const auto first = entry.find(':');
  const auto second = first == std::string_view::npos ? first : entry.find(':', first + 1);
  if (first == 0 || second == std::string_view::npos || second == first + 1 ||
      second + 1 == entry.size()) {
    return "--resolve takes HOST:PORT:ADDRESS";
  }
  unsigned port = 0;
  const std::string_view port_text = entry.substr(first + 1, second - first - 1);
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
    return "--resolve: the port must be a number from 0 to 65535";
  }
  if (entry.find_first_of(std::string_view("\0\r\n ", 4)) != std::string_view::npos) {
    return "--resolve: no spaces or line breaks";
  }
  return std::nullopt;
}

namespace {

// A port written in full: 0 to 65535 (empty is not one).
std::optional<long> port_number(std::string_view text) {
  long port = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || port < 0 ||
      port > 65535)
    return std::nullopt;
  return port;
}

}  // namespace

std::optional<std::string> connect_to_problem(std::string_view entry) {
  // Four parts between colons; a colon inside [...] belongs to an IPv6 address.
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  bool bracket = false;
  for (std::size_t i = 0; i <= entry.size(); ++i) {
    if (i < entry.size() && entry[i] == '[') bracket = true;
    if (i < entry.size() && entry[i] == ']') bracket = false;
    if (i == entry.size() || (entry[i] == ':' && !bracket)) {
      parts.push_back(entry.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 4)
    return "--connect-to takes HOST1:PORT1:HOST2:PORT2 (any part may be empty)";
  for (std::size_t port : {1u, 3u}) {
    if (!parts[port].empty() && !port_number(parts[port]))
      return "--connect-to: a port is a number from 0 to 65535 (got \"" + std::string(parts[port]) +
             "\")";
  }
  if (entry.find_first_of(std::string_view("\0\r\n ", 4)) != std::string_view::npos)
    return "--connect-to: no spaces or line breaks";
  return std::nullopt;
}

std::pair<long, long> parse_port_range(std::string_view text) {
  const auto dash = text.find('-');
  const std::optional<long> first = port_number(text.substr(0, dash));
  const std::optional<long> last =
      dash == std::string_view::npos ? first : port_number(text.substr(dash + 1));
  if (!first || !last || *first < 1 || *last < *first) {
    throw std::invalid_argument(
        "--local-port takes N or N-M, ports from 1 to 65535 with N <= M "
        "(got \"" +
        std::string(text) + "\")");
  }
  return {*first, *last - *first + 1};
}

}  // namespace cofetch::cli
