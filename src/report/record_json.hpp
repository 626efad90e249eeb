#pragma once
// The JSON object of one Result, as printed by --json.

#include <nlohmann/json.hpp>

#include "http/result.hpp"

namespace cofetch::report {

nlohmann::ordered_json record_json(const http::Result& result);

// Dumps JSON on one line; bytes that are not UTF-8 become U+FFFD instead of failing.
std::string dump_line(const nlohmann::ordered_json& value);

}  // namespace cofetch::report
