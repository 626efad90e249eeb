#pragma once
// What `cofetch --version` prints: cofetch's version and those of the libraries
// it runs with (read at run time, so an upgraded libcurl shows as such).

#include <string>

namespace cofetch::cli {

std::string version_text();

}  // namespace cofetch::cli
