#pragma once
// A result's record as text, from the table of record fields (record_fields.hpp):
// one JSON Lines object, or one CSV row.
//
// The JSON is written straight into a buffer, at a fraction of the cost of
// building a JSON tree for every record (about 45,000 instructions, half the cost
// of the fetch itself). nlohmann stays the authority on strings: one holding a
// control character or any byte above ASCII is serialised by nlohmann itself (its
// UTF-8 checks, its U+FFFD replacement), and the unit tests compare the whole
// line with nlohmann's serialisation of the same values byte for byte.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cofetch/http/result.hpp"

namespace cofetch::report {

// What a run's records hold beyond the fields every record has.
struct RecordShape {
  bool with_file = false;            // -O: "file"
  std::vector<std::string> headers;  // --response-header (lowercase): a "headers" object
  bool hash = false;                 // --hash: "sha256"
  bool match = false;                // --match, --match-regex: "match"
  bool unchanged = false;            // --if-changed: "unchanged"

  static RecordShape of_file(bool with_file) {
    RecordShape shape;
    shape.with_file = with_file;
    return shape;
  }
};

// Appends the JSON object of `result`: the fields of record_fields.hpp, then
// "sha256" (hex, or null when the body did not arrive whole), "match" (true,
// false or null likewise), "unchanged" (a 304 to --if-changed's question) and
// "headers" (each named response header's value,
// several joined by ", ", or null) as `shape` asks.
void append_record(std::string& out, const http::Result& result, const RecordShape& shape);
inline void append_record(std::string& out, const http::Result& result, bool with_file) {
  append_record(out, result, RecordShape::of_file(with_file));
}

// CSV (RFC 4180: CRLF line ends, fields quoted where needed, text as UTF-8 the
// way JSON has it): the header row naming the columns, and one result's row.
// `shape`'s extras are columns at the end: sha256, match, header_NAME...
std::string csv_header(const RecordShape& shape);
std::string csv_row(const http::Result& result, const RecordShape& shape);
inline std::string csv_header(bool with_file) {
  return csv_header(RecordShape::of_file(with_file));
}
inline std::string csv_row(const http::Result& result, bool with_file) {
  return csv_row(result, RecordShape::of_file(with_file));
}

// The value of response header `name` in `result` (several joined by ", "), if
// the server sent it.
std::optional<std::string> header_value(const http::Result& result, std::string_view name);

}  // namespace cofetch::report
