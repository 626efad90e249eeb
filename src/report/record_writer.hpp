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

#include "cofetch/http/result.hpp"

namespace cofetch::report {

// Appends the JSON object of `result`; `with_file` adds "file" (-O), and
// `headers` (--response-header, lowercase names) a "headers" object with each
// named response header's value (several joined by ", "), or null.
void append_record(std::string& out, const http::Result& result, bool with_file,
                   std::span<const std::string> headers = {});

// CSV (RFC 4180: CRLF line ends, fields quoted where needed, text as UTF-8 the
// way JSON has it): the header row naming the columns, and one result's row. Each
// of `headers` is a column "header_NAME" at the end.
std::string csv_header(bool with_file, std::span<const std::string> headers = {});
std::string csv_row(const http::Result& result, bool with_file,
                    std::span<const std::string> headers = {});

// The value of response header `name` in `result` (several joined by ", "), if
// the server sent it.
std::optional<std::string> header_value(const http::Result& result, std::string_view name);

}  // namespace cofetch::report
