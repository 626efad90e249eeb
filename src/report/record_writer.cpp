#include "report/record_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

#include "report/format.hpp"
#include "report/json_text.hpp"
#include "report/record_fields.hpp"

namespace cofetch::report {

namespace {

void append_string(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out += '"';
  const char* run = text.data();
  const char* const end = text.data() + text.size();
  for (const char* at = run; at != end; ++at) {
    const auto byte = static_cast<unsigned char>(*at);
    if (byte < 0x20 || byte > 0x7e) {
      // Control characters and UTF-8 (valid or not): exactly as nlohmann writes them.
      out.resize(start);
      out += nlohmann::ordered_json(std::string(text))
                 .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      return;
    }
    if (byte == '"' || byte == '\\') {  // escaped; the plain runs between go in one append
      out.append(run, at);
      out += '\\';
      run = at;
    }
  }
  out.append(run, end);
  out += '"';
}

template <typename Integer>
void append_integer(std::string& out, Integer value) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

// Milliseconds rounded to microseconds (libcurl measures no finer). Such a double's
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

void append_value(std::string& out, const FieldValue& value) {
  switch (value.kind) {
    case FieldValue::Kind::null: out += "null"; return;
    case FieldValue::Kind::count: append_integer(out, value.count); return;
    case FieldValue::Kind::integer: append_integer(out, value.integer); return;
    case FieldValue::Kind::number: append_ms(out, value.number); return;
    case FieldValue::Kind::text: append_string(out, value.text); return;
    case FieldValue::Kind::time: append_string(out, rfc3339_utc(value.time)); return;
  }
}

bool included(const RecordField& field, bool with_file) {
  return with_file || !field.only_with_file;
}

// RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled.
void append_csv_text(std::string& out, std::string_view raw) {
  const std::string text = as_utf8(raw);
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_csv_value(std::string& out, const FieldValue& value) {
  switch (value.kind) {
    case FieldValue::Kind::null: return;
    case FieldValue::Kind::text: append_csv_text(out, value.text); return;
    case FieldValue::Kind::time: out += rfc3339_utc(value.time); return;
    default: append_value(out, value); return;
  }
}

}  // namespace

namespace {

// Each field's key as JSON writes it ("\"url\":"), made once: a record then
// costs one append per key.
const std::vector<std::string>& json_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> made;
    for (const RecordField& field : record_fields()) {
      std::string key = "\"";
      key += field.name;
      key += "\":";
      made.push_back(std::move(key));
    }
    return made;
  }();
  return keys;
}

}  // namespace

std::optional<std::string> header_value(const http::Result& result, std::string_view name) {
  std::optional<std::string> value;
  for (const auto& [header, text] : result.headers) {
    if (!http::same_header_name(header, name)) continue;
    if (value) {
      *value += ", ";
      *value += text;
    } else {
      value = text;
    }
  }
  return value;
}

void append_record(std::string& out, const http::Result& r, const RecordShape& shape) {
  const bool with_file = shape.with_file;
  const std::span<const RecordField> fields = record_fields();
  const std::vector<std::string>& keys = json_keys();
  out += '{';
  FieldGroup group = FieldGroup::top;
  bool group_open = false;  // an object was opened for `group`
  bool first_member = true;
  bool first_in_group = true;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const RecordField& field = fields[i];
    if (!included(field, with_file)) continue;
    if (field.group != group) {
      if (group_open) out += '}';
      group_open = false;
      group = field.group;
      if (group != FieldGroup::top) {
        if (!first_member) out += ',';
        first_member = false;
        out += '"';
        out += group_name(group);
        group_open = group_present(group, r);
        out += group_open ? "\":{" : "\":null";
        first_in_group = true;
      }
    }
    if (group != FieldGroup::top && !group_open) continue;
    bool& first = group == FieldGroup::top ? first_member : first_in_group;
    if (!first) out += ',';
    first = false;
    out += keys[i];
    append_value(out, field.get(r));
  }
  if (group_open) out += '}';
  if (shape.hash) {
    out += ",\"sha256\":";
    append_value(out, r.sha256 ? FieldValue::of_text(*r.sha256) : FieldValue::null());
  }
  if (shape.match)
    out += !r.match ? ",\"match\":null" : *r.match ? ",\"match\":true" : ",\"match\":false";
  if (shape.unchanged) out += r.unchanged ? ",\"unchanged\":true" : ",\"unchanged\":false";
  if (!shape.headers.empty()) {
    out += ",\"headers\":{";
    for (std::size_t i = 0; i < shape.headers.size(); ++i) {
      if (i > 0) out += ',';
      append_string(out, shape.headers[i]);
      out += ':';
      const std::optional<std::string> value = header_value(r, shape.headers[i]);
      if (value) {
        append_string(out, *value);
      } else {
        out += "null";
      }
    }
    out += '}';
  }
  out += '}';
}

std::string csv_header(const RecordShape& shape) {
  std::string header;
  for (const RecordField& field : record_fields()) {
    if (!included(field, shape.with_file)) continue;
    if (!header.empty()) header += ',';
    header += column_name(field);
  }
  if (shape.hash) header += ",sha256";
  if (shape.match) header += ",match";
  if (shape.unchanged) header += ",unchanged";
  for (const std::string& name : shape.headers) {
    header += ",";
    append_csv_text(header, "header_" + name);
  }
  return header + "\r\n";
}

std::string csv_row(const http::Result& result, const RecordShape& shape) {
  const bool with_file = shape.with_file;
  std::string row;
  bool first = true;
  for (const RecordField& field : record_fields()) {
    if (!included(field, with_file)) continue;
    if (!first) row += ',';
    first = false;
    if (group_present(field.group, result)) append_csv_value(row, field.get(result));
  }
  if (shape.hash) {
    row += ',';
    if (result.sha256) row += *result.sha256;
  }
  if (shape.match) row += !result.match ? "," : *result.match ? ",true" : ",false";
  if (shape.unchanged) row += result.unchanged ? ",true" : ",false";
  for (const std::string& name : shape.headers) {
    row += ',';
    if (const std::optional<std::string> value = header_value(result, name))
      append_csv_text(row, *value);
  }
  return row + "\r\n";
}

}  // namespace cofetch::report
