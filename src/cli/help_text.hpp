#pragma once
// The prose of cofetch's documentation, written once: --help prints it after the
// options, and the man page (src/docs/) sets the same sections in roff.

#include <span>
#include <string>
#include <string_view>

namespace cofetch::cli {

struct HelpItem {
  enum class Kind {
    paragraph,  // text
    entry,      // term, then text describing it
    example,    // term is a command line, text says what it does
  };
  Kind kind;
  std::string_view term;
  std::string_view text;
};

struct HelpSection {
  std::string_view title;
  std::span<const HelpItem> items;
};

// One line: what cofetch is (the man page's NAME).
inline constexpr std::string_view k_summary_line =
    "fetch many URLs concurrently and see where the time went";

// The paragraph above the options.
inline constexpr std::string_view k_description =
    "cofetch fetches many URLs concurrently and reports, for each, the status and where the time "
    "went (dns, connect, tls, wait, receive), and for the batch, what concurrency bought. Results "
    "go to standard output, the summary to standard error.";

// Input, retries, configuration, exit status, examples, in that order.
std::span<const HelpSection> help_sections();

// The sections as --help prints them below the options, wrapped to `width` columns.
std::string help_footer(std::size_t width = 80);

// `text` broken into lines of at most `width` columns, each starting with `indent`.
std::string wrap(std::string_view text, std::size_t width, std::string_view indent);

}  // namespace cofetch::cli
