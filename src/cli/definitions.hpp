#pragma once
// The command line's options, defined once with CLI11. The same definitions parse
// arguments and configuration files (cli/parse.cpp) and describe cofetch in its
// man page and shell completions (src/docs/).

#include <CLI/CLI.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "run/run_options.hpp"
#include "run/summarize.hpp"

namespace cofetch::cli {

// Values as CLI11 fills them in, turned into RunOptions once parsing succeeded.
struct Raw {
  double max_time = 30;
  double connect_timeout = 10;
  double retry_delay = 1;
  double retry_max_time = 0;
  std::string rate;
  std::string per_host_rate;    // --per-host-rate N[/s|/m|/h]
  std::optional<double> delay;  // --delay SECONDS between starts to one host
  bool sequential = false;
  bool http1_1 = false;
  bool http2 = false;
  bool http2_prior_knowledge = false;
  std::vector<std::string> data;         // -d: @FILE without line breaks
  std::vector<std::string> data_binary;  // --data-binary: @FILE exactly
  std::vector<std::string> data_raw;     // --data-raw: no @FILE
  bool head = false;                     // -I
  bool fail = false;
  std::string fail_on;
  bool json = false;
  std::string format = "text";
  std::string write_out;
  std::vector<std::string> response_headers;  // --response-header, as given
  std::string color = "auto";
  std::string summary = "text";
  std::string order = "completion";
  std::string progress = "auto";
  bool waterfall = false;
  std::size_t waterfall_rows = 40;
  std::string shard;
  std::optional<std::string> max_filesize;
  std::optional<std::string> match_regex;   // --match-regex, compiled in parse
  std::optional<std::string> user;          // -u USER[:PASSWORD], split in parse
  bool digest = false;                      // --digest
  bool anyauth = false;                     // --anyauth
  bool netrc = false;                       // -n, --netrc
  bool netrc_optional = false;              // --netrc-optional
  std::vector<std::string> cookies;         // -b: "NAME=VALUE" texts and cookie files
  std::optional<std::string> proxy_user;    // -U USER[:PASSWORD]
  std::optional<std::string> cert;          // -E FILE[:PASSWORD]
  std::optional<std::string> key_password;  // --pass
  bool ipv4 = false;                        // -4
  bool ipv6 = false;                        // -6
  std::string local_port;                   // --local-port N[-M]
  std::optional<std::string> limit_rate;    // --limit-rate RATE
  std::optional<std::string> match_window;  // --match-window SIZE
  std::optional<std::string> config;        // --config FILE
  std::string sweep;                        // --sweep LEVELS
  bool concurrency_given = false;           // -j on the command line or in the configuration file
  bool sweep_warm = false;
  std::optional<std::size_t> sweep_sample;
  double sweep_max_errors = 5;  // percent
  bool no_config = false;
};

// Values of `cofetch summarize` as CLI11 fills them in.
struct SummarizeRaw {
  std::string summary = "text";
  std::string color = "auto";
  bool fail = false;
  std::string fail_on;
};

// Where one parse puts its values. The app refers to these members: keep the
// Definitions alive, and in place, as long as the app.
struct Definitions {
  run::RunOptions options;
  Raw raw;
  run::SummarizeOptions summarize_options;
  SummarizeRaw summarize_raw;
  CLI::App* summarize = nullptr;  // the `summarize` subcommand, owned by the app
};

std::unique_ptr<CLI::App> define_app(Definitions& definitions);

// The values an option takes when they are a fixed list ("--format": text, jsonl,
// csv; "summarize --summary" for the subcommand's); empty for any other option.
std::span<const std::string_view> choices_of(std::string_view long_option);

// The option groups of --help, in order.
inline constexpr std::string_view k_groups[] = {"Input",   "Concurrency", "Requests",    "Access",
                                                "Network", "Output",      "Reliability", "General"};

}  // namespace cofetch::cli
