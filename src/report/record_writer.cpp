#include "report/record_writer.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "report/format.hpp"

namespace cofetch::report {

namespace {

bool plain_ascii(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  return true;
}

void append_string(std::string& out, std::string_view text) {
  if (!plain_ascii(text)) {
    // Control characters and UTF-8 (valid or not): exactly as nlohmann writes them.
    out += nlohmann::ordered_json(std::string(text))
               .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

void append_string_or_null(std::string& out, const std::string& text) {
  if (text.empty())
    out += "null";
  else
    append_string(out, text);
}

template <typename Integer>
void append_integer(std::string& out, Integer value) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

// Milliseconds rounded to microseconds, as record_json rounds them. Such a double's
// shortest round-trip form (what nlohmann prints) is its fixed form with at most
// three decimals, trailing zeros dropped, and ".0" for a whole number.
void append_ms(std::string& out, double milliseconds) {
  const double rounded = std::round(milliseconds * 1000.0) / 1000.0;
  // Beyond about 1e15 a double holds no thousandths and the fixed form outgrows
  // the buffer (never from a measurement, but a resumed record may say anything):
  // nlohmann's own form then, as record_json writes it.
  if (!(std::abs(rounded) < 1e15)) {
    out += nlohmann::json(rounded).dump();
    return;
  }
  char digits[48];
  auto [end, error] =
      std::to_chars(digits, digits + sizeof digits, rounded, std::chars_format::fixed, 3);
  std::string_view text(digits, static_cast<std::size_t>(end - digits));
  while (text.back() == '0') text.remove_suffix(1);
  out += text;
  if (text.back() == '.') out += '0';
}

}  // namespace

void append_record(std::string& out, const http::Result& r, bool with_file) {
  out += "{\"index\":";
  append_integer(out, r.index);
  out += ",\"url\":";
  append_string(out, r.url);
  out += ",\"final_url\":";
  append_string_or_null(out, r.final_url);
  out += ",\"status\":";
  if (r.status)
    append_integer(out, *r.status);
  else
    out += "null";
  out += ",\"http_version\":";
  append_string_or_null(out, r.http_version);
  out += ",\"bytes\":";
  append_integer(out, r.bytes);
  out += ",\"redirects\":";
  append_integer(out, r.redirects);
  out += ",\"remote_ip\":";
  append_string_or_null(out, r.remote_ip);
  out += ",\"attempts\":";
  append_integer(out, r.attempts);
  out += ",\"started_at\":";
  if (r.attempts > 0)
    append_string(out, rfc3339_utc(r.started_at));
  else
    out += "null";
  out += ",\"ms\":{\"dns\":";
  append_ms(out, r.ms.dns);
  out += ",\"connect\":";
  append_ms(out, r.ms.connect);
  out += ",\"tls\":";
  append_ms(out, r.ms.tls);
  out += ",\"wait\":";
  append_ms(out, r.ms.wait);
  out += ",\"receive\":";
  append_ms(out, r.ms.receive);
  out += ",\"total\":";
  append_ms(out, r.ms.total);
  out += "},\"error\":";
  if (r.error) {
    out += "{\"kind\":";
    append_string(out, http::to_string(r.error->kind));
    out += ",\"message\":";
    append_string(out, r.error->message);
    out += '}';
  } else {
    out += "null";
  }
  if (with_file) {
    out += ",\"file\":";
    if (r.file)
      append_string(out, *r.file);
    else
      out += "null";
  }
  out += '}';
}

}  // namespace cofetch::report
