#include "report/json_text.hpp"

#include <algorithm>

namespace cofetch::report {

std::string dump_line(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string as_utf8(std::string_view text) {
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return std::string(text);
  // nlohmann's own replacement, exactly as dump_line applies it.
  const std::string dumped = dump_line(nlohmann::ordered_json(std::string(text)));
  return nlohmann::json::parse(dumped).get<std::string>();
}

}  // namespace cofetch::report
