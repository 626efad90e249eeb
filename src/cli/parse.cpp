#include "cli/parse.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "version.hpp"

namespace cofetch::cli {

namespace {

constexpr const char* k_description =
    "cofetch fetches many URLs concurrently and reports, for each, the status and where\n"
    "the time went (dns, connect, tls, wait, receive), and for the batch, what\n"
    "concurrency bought. Results go to standard output, the summary to standard error.\n";

constexpr const char* k_footer =
    "Input:\n"
    "  URLs come from the arguments, then from each -i FILE in order (- is standard\n"
    "  input), or from standard input when no URL is given and it is not a terminal.\n"
    "  One URL per line; blank lines and lines starting with # are skipped. Only http\n"
    "  and https are fetched; any other line is reported as invalid_url.\n"
    "\n"
    "Exit status:\n"
    "  0  every URL got an HTTP response (whatever its status code)\n"
    "  1  some URL failed: a transport error (dns, connect, timeout, tls, ...) or an\n"
    "     invalid line; also when the input could not be read to the end\n"
    "  2  usage error: bad options, or an input file that cannot be opened\n"
    "\n"
    "Examples:\n"
    "  cat urls.txt | cofetch -j 64          one line per URL, summary on stderr\n"
    "  cofetch --compare -i urls.txt         one at a time, then concurrently: the speed-up\n"
    "  cofetch -i urls.txt --json | jq .status\n";

std::chrono::milliseconds seconds_to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000.0)));
}

// Header lines are handed to libcurl as they are; catch the obvious mistakes here.
const CLI::Validator k_header_line(
    [](std::string& value) -> std::string {
      const auto colon = value.find(':');
      if (colon == std::string::npos || colon == 0) return "a header is \"Name: value\"";
      if (value.find_first_of("\r\n") != std::string::npos)
        return "a header cannot contain a line break";
      return {};
    },
    "\"Name: value\"");

}  // namespace

Parsed parse(int argc, const char* const* argv, bool stdin_is_terminal) {
  run::RunOptions options;
  options.fetch.user_agent = std::string("cofetch/") + k_version;
  double max_time = 30;
  double connect_timeout = 10;
  bool sequential = false;
  bool json = false;
  std::string summary = "text";

  CLI::App app(k_description, "cofetch");
  app.footer(k_footer);
  app.set_version_flag("--version",
                       std::string("cofetch ") + k_version + " (" + curl_version() + ")");
  app.get_formatter()->column_width(34);

  app.add_option("urls", options.urls, "URLs to fetch")->type_name("URL");
  app.add_option("-i,--input", options.input_files,
                 "Read URLs from FILE, one per line (- = stdin); repeatable")
      ->type_name("FILE")
      ->allow_extra_args(false);
  auto* concurrency = app.add_option("-j,--concurrency", options.concurrency,
                                     "Fetches in flight at once (1 to 100000)")
                          ->type_name("N")
                          ->capture_default_str()
                          ->check(CLI::Range(std::size_t{1}, std::size_t{100'000}).description(""));
  app.add_flag("--sequential", sequential, "One at a time (same as -j 1)")->excludes(concurrency);
  app.add_flag("--compare", options.compare,
               "Fetch the list one at a time, then with -j N, and report the speed-up")
      ->excludes("--sequential");
  app.add_option("-m,--max-time", max_time, "Give up on a URL after SEC seconds (0 = never)")
      ->type_name("SEC")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber.description(""));
  app.add_option("--connect-timeout", connect_timeout, "Give up connecting after SEC seconds")
      ->type_name("SEC")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber.description(""));
  app.add_flag("-L,--location", options.fetch.follow_redirects,
               "Follow redirects (http and https only)");
  app.add_option("-A,--user-agent", options.fetch.user_agent, "User-Agent header")
      ->type_name("TEXT")
      ->capture_default_str();
  app.add_option("-H,--header", options.fetch.headers, "Extra request header; repeatable")
      ->type_name("\"NAME: VALUE\"")
      ->allow_extra_args(false)
      ->check(CLI::Validator(k_header_line).description(""));
  app.add_flag("--json", json, "JSON Lines on stdout: one object per URL");
  app.add_option("--summary", summary, "Summary on stderr: text, json or none")
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "none"}).description(""));
  app.add_flag("-q,--quiet", options.quiet, "No per-URL lines, only the summary");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return Parsed{std::nullopt, app.exit(help)};
  } catch (const CLI::CallForVersion& version) {
    return Parsed{std::nullopt, app.exit(version)};
  } catch (const CLI::ParseError& error) {
    fmt::print(stderr, "cofetch: {} (see cofetch --help)\n", error.what());
    return Parsed{std::nullopt, run::k_exit_usage};
  }

  if (std::count(options.input_files.begin(), options.input_files.end(), "-") > 1) {
    fmt::print(stderr, "cofetch: standard input can be read only once (-i - given twice)\n");
    return Parsed{std::nullopt, run::k_exit_usage};
  }
  if (options.urls.empty() && options.input_files.empty()) {
    if (stdin_is_terminal) {
      fmt::print(stderr,
                 "cofetch: no URLs: give them as arguments, with -i FILE, or on standard input "
                 "(see cofetch --help)\n");
      return Parsed{std::nullopt, run::k_exit_usage};
    }
    options.input_files.push_back("-");
  }
  if (sequential) options.concurrency = 1;
  options.fetch.max_time = seconds_to_ms(max_time);
  options.fetch.connect_timeout = seconds_to_ms(connect_timeout);
  options.format = json ? run::ResultFormat::json_lines : run::ResultFormat::text;
  options.summary = summary == "json"   ? run::SummaryFormat::json
                    : summary == "none" ? run::SummaryFormat::none
                                        : run::SummaryFormat::text;
  return Parsed{std::move(options), 0};
}

}  // namespace cofetch::cli
