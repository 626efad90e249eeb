#pragma once
// The JSON object of one Result, as printed by --json.

#include <nlohmann/json.hpp>

#include "cofetch/http/result.hpp"

namespace cofetch::report {

// `with_file` adds "file" (the saved body's path, or null), present when -O is used.
nlohmann::ordered_json record_json(const http::Result& result, bool with_file = false);

// Dumps JSON on one line; bytes that are not UTF-8 become U+FFFD instead of failing.
std::string dump_line(const nlohmann::ordered_json& value);

// `text` as dump_line writes it inside a string: bytes that are not UTF-8
// replaced with U+FFFD. CSV fields get the same treatment.
std::string as_utf8(std::string_view text);

}  // namespace cofetch::report
