#include "cli/curl_options.hpp"

#include <array>
#include <utility>

namespace cofetch::cli {

namespace {

struct CurlOption {
  std::string_view names;  // as curl spells them, "|" between
  std::string_view instead;
};

constexpr std::array k_curl_only{
    CurlOption{"-Z|--parallel|--parallel-immediate",
               "cofetch always fetches concurrently: -j N sets how many at once"},
    CurlOption{"--parallel-max", "use -j N"},
    CurlOption{"-s|--silent", "use -q for no results, --summary none for no summary"},
    CurlOption{"-S|--show-error", "each failure is in its record and counted in the summary"},
    CurlOption{"-D|--dump-header",
               "use --response-header NAME for records, or -w '%{header_json}'"},
    CurlOption{"--ntlm|--negotiate",
               "HTTP Basic (-u), Digest (--digest), --anyauth and bearer tokens only"},
    CurlOption{"--junk-session-cookies", "session cookies of a -b file are always sent"},
    CurlOption{"-#|--progress-bar", "cofetch's progress line shows on a terminal (--progress)"},
    CurlOption{"-T|--upload-file|-F|--form", "send a body with -d, --data-binary or --data-raw"},
    CurlOption{"--remote-name-all|-J|--remote-header-name", "use -O DIR: every body in DIR"},
};

bool names_it(std::string_view names, std::string_view arg) {
  while (!names.empty()) {
    const auto bar = names.find('|');
    if (names.substr(0, bar) == arg) return true;
    names = bar == std::string_view::npos ? std::string_view{} : names.substr(bar + 1);
  }
  return false;
}

}  // namespace

std::optional<std::string> missing_curl_option(const std::vector<std::string>& args) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--") break;
    arg = arg.substr(0, arg.find('='));  // --proxy=...
    for (const CurlOption& option : k_curl_only) {
      if (names_it(option.names, arg))
        return std::string(arg) +
               " is curl's, and cofetch does not have it: " + std::string(option.instead);
    }
  }
  return std::nullopt;
}

}  // namespace cofetch::cli
