#include "simulated_host.hpp"

#include <cctype>
#include <charconv>

namespace cofetch::test {

namespace {

// "rtt120" with prefix "rtt" -> 120
template <typename Number>
bool token_number(std::string_view token, std::string_view prefix, Number& out) {
  if (!token.starts_with(prefix) || token.size() == prefix.size()) return false;
  const std::string_view digits = token.substr(prefix.size());
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return error == std::errc{} && end == digits.data() + digits.size();
}

}  // namespace

SimulatedHost simulated_host(const std::string* host_header) {
  SimulatedHost host;
  if (!host_header) return host;
  std::string name;
  for (char c : std::string_view(*host_header).substr(0, host_header->rfind(':')))
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view label = std::string_view(name).substr(0, name.find('.'));
  bool any = false;
  while (!label.empty()) {
    const auto dash = label.find('-');
    const std::string_view token = label.substr(0, dash);
    label = dash == std::string_view::npos ? std::string_view{} : label.substr(dash + 1);
    int status = 0;
    if (token_number(token, "rtt", host.rtt_ms) || token_number(token, "limit", host.limit) ||
        token_number(token, "ra", host.retry_after_s)) {
      any = true;
    } else if (token_number(token, "refuse", status) && status >= 100 && status <= 999) {
      host.refuse_status = status;
      any = true;
    }
  }
  if (any) host.name = std::move(name);
  return host;
}

}  // namespace cofetch::test
