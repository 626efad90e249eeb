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

#include <string>

#include "cofetch/http/result.hpp"

namespace cofetch::report {

// Appends the JSON object of `result`; `with_file` adds "file" (-O).
void append_record(std::string& out, const http::Result& result, bool with_file);

// CSV (RFC 4180: CRLF line ends, fields quoted where needed, text as UTF-8 the
// way JSON has it): the header row naming the columns, and one result's row.
std::string csv_header(bool with_file);
std::string csv_row(const http::Result& result, bool with_file);

}  // namespace cofetch::report
