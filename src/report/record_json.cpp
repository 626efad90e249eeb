#include "report/record_json.hpp"

#include <algorithm>
#include <cmath>

#include "report/format.hpp"

namespace cofetch::report {

namespace {

// Microsecond precision: libcurl measures no finer, and 0.1030000001 helps nobody.
double round_ms(double milliseconds) {
  return std::round(milliseconds * 1000.0) / 1000.0;
}

nlohmann::ordered_json string_or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

}  // namespace

nlohmann::ordered_json record_json(const http::Result& result, bool with_file) {
  nlohmann::ordered_json record;
  record["index"] = result.index;
  record["url"] = result.url;
  record["final_url"] = string_or_null(result.final_url);
  record["status"] =
      result.status ? nlohmann::ordered_json(*result.status) : nlohmann::ordered_json(nullptr);
  record["http_version"] = string_or_null(result.http_version);
  record["bytes"] = result.bytes;
  record["redirects"] = result.redirects;
  record["remote_ip"] = string_or_null(result.remote_ip);
  record["attempts"] = result.attempts;
  record["started_at"] = result.attempts > 0
                             ? nlohmann::ordered_json(rfc3339_utc(result.started_at))
                             : nlohmann::ordered_json(nullptr);
  record["ms"] = {
      {"dns", round_ms(result.ms.dns)},         {"connect", round_ms(result.ms.connect)},
      {"tls", round_ms(result.ms.tls)},         {"wait", round_ms(result.ms.wait)},
      {"receive", round_ms(result.ms.receive)}, {"total", round_ms(result.ms.total)},
  };
  if (result.error) {
    record["error"] = {{"kind", std::string(http::to_string(result.error->kind))},
                       {"message", result.error->message}};
  } else {
    record["error"] = nullptr;
  }
  if (with_file) {
    record["file"] =
        result.file ? nlohmann::ordered_json(*result.file) : nlohmann::ordered_json(nullptr);
  }
  return record;
}

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
