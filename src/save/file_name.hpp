#pragma once
// The file name a saved body gets (-O): made from the URL, and always a single,
// harmless path component, whatever the URL holds: no "/", no "." or "..", no
// leading dot or dash, no control or non-ASCII bytes, and at most 200 bytes.
// "http://example.com:8080/a/b.json?x=1" -> "example.com_8080_a_b.json_x_1"

#include <string>
#include <string_view>

namespace cofetch::save {

std::string file_name_for(std::string_view url);

// The name with "-N" before its extension, for the Nth name already taken.
std::string numbered(const std::string& name, unsigned n);

}  // namespace cofetch::save
