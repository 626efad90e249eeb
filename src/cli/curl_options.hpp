#pragma once
// curl's options that cofetch does not have: what a curl user types, and what to
// use instead, so the answer is never CLI11's bare "argument was not expected".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cofetch::cli {

// The first of `args` that is a curl option cofetch lacks, said as a usage error
// with what to use instead; nothing when there is none.
std::optional<std::string> missing_curl_option(const std::vector<std::string>& args);

}  // namespace cofetch::cli
