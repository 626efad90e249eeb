#pragma once
// The JSON Lines record, written straight into a buffer: the same bytes as
// dump_line(record_json(result)) (record_json.hpp), at a fraction of the cost.
// Building nlohmann's tree for every record cost about 45,000 instructions, half
// the cost of the fetch itself.
//
// nlohmann stays the authority: a string holding a control character or any
// byte above ASCII is serialised by nlohmann itself (its UTF-8 checks, its U+FFFD
// replacement), and the unit tests compare both writers byte for byte.

#include <string>

#include "cofetch/http/result.hpp"

namespace cofetch::report {

void append_record(std::string& out, const http::Result& result, bool with_file);

}  // namespace cofetch::report
