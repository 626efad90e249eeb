#include "cli/definitions.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <stdexcept>
#include <utility>

#include "cli/access_definitions.hpp"
#include "cli/checks.hpp"
#include "cli/help_formatter.hpp"
#include "cli/help_text.hpp"
#include "cli/values.hpp"
#include "cli/version_text.hpp"
#include "cofetch/version.hpp"
#include "input/shard.hpp"
#include "run/failure_policy.hpp"

namespace cofetch::cli {

namespace {

struct Choices {
  std::string_view option;
  std::array<std::string_view, 3> values;
};

// Options whose values are a fixed list: checked here, completed by the shells.
constexpr std::array k_choices{
    Choices{"--format", {"text", "jsonl", "csv"}},
    Choices{"--color", {"auto", "always", "never"}},
    Choices{"--summary", {"text", "json", "none"}},
    Choices{"--order", {"completion", "input"}},
    Choices{"--progress", {"auto", "always", "never"}},
    // `cofetch summarize` prints nothing but the summary: no "none".
    Choices{"summarize --summary", {"text", "json"}},
};

std::vector<std::string> as_strings(std::span<const std::string_view> values) {
  return {values.begin(), values.end()};
}

// A check that the value is one of the option's choices, without CLI11's own
// description (the help text names them).
CLI::Validator one_of(std::string_view option) {
  return CLI::IsMember(as_strings(choices_of(option))).description("");
}

// Header lines are handed to libcurl as they are, with curl's meanings: "Name:
// value" adds or replaces, "Name:" removes a header libcurl would send, "Name;"
// sends it empty. Catch the obvious mistakes here.
const CLI::Validator k_header_line(
    [](std::string& value) -> std::string {
      const auto colon = value.find(':');
      const bool empty_header = colon == std::string::npos && value.size() > 1 &&
                                value.back() == ';' && value.find(';') == value.size() - 1;
      if ((colon == std::string::npos && !empty_header) || colon == 0 || value.front() == ';') {
        return "a header is \"Name: value\" (\"Name:\" removes one, \"Name;\" sends it empty)";
      }
      if (value.find_first_of("\r\n") != std::string::npos) {
        return "a header cannot contain a line break";
      }
      return {};
    },
    "");

const CLI::Validator k_method(
    [](std::string& value) -> std::string {
      const bool token = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      });
      return token ? std::string() : "a method is a word such as GET, POST or DELETE";
    },
    "");

CLI::Option* add_color_option(CLI::App& app, std::string& color) {
  return app
      .add_option("--color", color,
                  "Colour text results: auto (a terminal without NO_COLOR), always, never")
      ->type_name("WHEN")
      ->capture_default_str()
      ->check(one_of("--color"));
}

// --fail and --fail-on, as the run and `summarize` both take them.
void add_failure_options(CLI::App& app, bool& fail, std::string& fail_on, const char* group) {
  auto* fail_flag =
      app.add_flag("--fail", fail, "An HTTP status of 400 or more fails the run (kind http)")
          ->group(group);
  app.add_option(
         "--fail-on", fail_on,
         "Exactly what fails the run, e.g. 5xx,429,timeout (classes, statuses, error kinds, "
         "error = every kind, nomatch = a body without --match's text)")
      ->group(group)
      ->type_name("LIST")
      ->excludes(fail_flag)
      ->check(parsed_by("--fail-on", [](const std::string& v) { run::FailurePolicy::parse(v); }));
}

void define_input(CLI::App& app, run::RunOptions& options, Raw& raw) {
  const char* group = "Input";
  app.add_option("urls", options.urls, "URLs to fetch")->type_name("URL");
  app.add_option("-i,--input", options.input_files,
                 "Read URLs from FILE, one per line (- = stdin); repeatable")
      ->group(group)
      ->type_name("FILE")
      ->allow_extra_args(false);
  app.add_option("--shard", raw.shard,
                 "Fetch only shard K of N: the URLs whose host hashes to K (see docs/SCALING.md); "
                 "indexes stay those of the whole input")
      ->group(group)
      ->type_name("K/N")
      ->check(parsed_by("--shard", [](const std::string& v) { input::Shard::parse(v); }));
  app.add_flag("--unique", options.unique,
               "Fetch each URL once: a line whose text came earlier in the input is left out "
               "(counted in the summary; about 16 MiB per million URLs)")
      ->group(group);
}

void define_concurrency(CLI::App& app, run::RunOptions& options, Raw& raw) {
  const char* group = "Concurrency";
  auto* concurrency = app.add_option("-j,--concurrency", options.limits.concurrency,
                                     "Fetches in flight at once (1 to 100000)")
                          ->group(group)
                          ->type_name("N")
                          ->capture_default_str()
                          ->check(described(CLI::Range(std::size_t{1}, std::size_t{100'000})));
  app.add_flag("--sequential", raw.sequential, "One at a time (same as -j 1)")
      ->group(group)
      ->excludes(concurrency);
  app.add_flag("--compare", options.compare,
               "Fetch the list one at a time, then with -j N, and report the speed-up")
      ->group(group)
      ->excludes("--sequential");
  auto* sweep =
      app.add_option(
             "--sweep", raw.sweep,
             "Fetch the list at each -j of LEVELS (1,4,16,64 or auto: powers of two up to -j) "
             "and recommend one")
          ->group(group)
          ->type_name("LEVELS")
          ->excludes("--compare")
          ->excludes("--sequential")
          ->check(parsed_by("--sweep", [](const std::string& v) { parse_levels(v, 64); }));
  app.add_flag("--sweep-warm", raw.sweep_warm,
               "Keep connections from one level to the next (default: fresh for each)")
      ->group(group)
      ->needs(sweep);
  app.add_option("--sweep-sample", raw.sweep_sample, "Sweep the first N URLs of the list only")
      ->group(group)
      ->type_name("N")
      ->needs(sweep)
      ->check(described(CLI::Range(std::size_t{1}, std::size_t{100'000'000})));
  app.add_option("--sweep-max-errors", raw.sweep_max_errors,
                 "Stop climbing past a level where more than PCT% of URLs fail or get 429/503")
      ->group(group)
      ->type_name("PCT")
      ->capture_default_str()
      ->needs(sweep)
      ->check(described(CLI::Range(0.0, 100.0)));
  app.add_option("--per-host", options.limits.hosts.per_host,
                 "At most N fetches in flight per host (scheme, host and port)")
      ->group(group)
      ->type_name("N")
      ->check(described(CLI::Range(std::size_t{1}, std::size_t{100'000})));
  auto* per_host_rate =
      app.add_option("--per-host-rate", raw.per_host_rate,
                     "Start at most N requests per second to each host (or N/m, N/h); other "
                     "hosts are not slowed")
          ->group(group)
          ->type_name("N[/s|/m|/h]")
          ->check(parsed_by("--per-host-rate",
                            [](const std::string& v) { parse_rate(v, "--per-host-rate"); }));
  app.add_option("--delay", raw.delay,
                 "Wait SECONDS between two starts to the same host (as wget's --wait)")
      ->group(group)
      ->type_name("SECONDS")
      ->excludes(per_host_rate)
      ->check(described(CLI::Range(0.0, 86'400.0)));
  app.add_option("--host-errors", options.limits.hosts.host_errors,
                 "Give up a host that never connected after N connect failures in a row "
                 "(refused, connect timeout, DNS at once): its other URLs are host_skipped; "
                 "0 = try every URL")
      ->group(group)
      ->type_name("N")
      ->capture_default_str()
      ->check(described(CLI::Range(0, 1'000'000)));
  app.add_option("--rate", raw.rate, "Start at most N requests per second (or N/m, N/h)")
      ->group(group)
      ->type_name("N[/s|/m|/h]")
      ->check(parsed_by("--rate", [](const std::string& v) { parse_rate(v); }));
}

void define_requests(CLI::App& app, run::RunOptions& options, Raw& raw) {
  const char* group = "Requests";
  auto* method = app.add_option("-X,--request", options.fetch.method,
                                "Request method (default GET, POST with -d)")
                     ->group(group)
                     ->type_name("METHOD")
                     ->check(k_method);
  app.add_option("-H,--header", options.fetch.headers,
                 "Extra request header; \"NAME:\" removes one, \"NAME;\" sends it empty; "
                 "repeatable")
      ->group(group)
      ->type_name("\"NAME: VALUE\"")
      ->allow_extra_args(false)
      ->check(k_header_line);
  auto* data = app.add_option("-d,--data", raw.data,
                              "Request body (POST unless -X); @FILE reads a file without its line "
                              "breaks; repeatable, joined with &")
                   ->group(group)
                   ->type_name("DATA")
                   ->allow_extra_args(false);
  auto* data_binary = app.add_option("--data-binary", raw.data_binary,
                                     "Request body as -d, but @FILE is sent exactly as it is")
                          ->group(group)
                          ->type_name("DATA")
                          ->allow_extra_args(false);
  auto* data_raw = app.add_option("--data-raw", raw.data_raw,
                                  "Request body as -d, with no special meaning for @")
                       ->group(group)
                       ->type_name("DATA")
                       ->allow_extra_args(false);
  app.add_flag("-I,--head", raw.head, "Ask with HEAD: the status and headers, no body")
      ->group(group)
      ->excludes(method)
      ->excludes(data)
      ->excludes(data_binary)
      ->excludes(data_raw);
  app.add_option("-A,--user-agent", options.fetch.user_agent, "User-Agent header")
      ->group(group)
      ->type_name("TEXT")
      ->capture_default_str();
  app.add_flag("--compressed", options.fetch.compressed,
               "Ask for a compressed response (gzip, br, zstd...) and decode it")
      ->group(group);
  app.add_flag("-L,--location", options.fetch.follow_redirects,
               "Follow redirects (to http and https only)")
      ->group(group);
  app.add_option("--max-redirs", options.fetch.max_redirects,
                 "At most N redirects with -L (-1 = no limit)")
      ->group(group)
      ->type_name("N")
      ->capture_default_str()
      ->check(described(CLI::Range(-1L, 100'000L)));
  auto* http1_1 = app.add_flag("--http1.1", raw.http1_1, "Use HTTP/1.1 only")->group(group);
  auto* http2 = app.add_flag("--http2", raw.http2,
                             "HTTP/2: ALPN over TLS (the default for https), Upgrade over http")
                    ->group(group)
                    ->excludes(http1_1);
  app.add_flag("--http2-prior-knowledge", raw.http2_prior_knowledge,
               "HTTP/2 straight away, also over plain http")
      ->group(group)
      ->excludes(http1_1)
      ->excludes(http2);
}

void define_output(CLI::App& app, run::RunOptions& options, Raw& raw) {
  const char* group = "Output";
  auto* format =
      app.add_option("--format", raw.format, "Results on stdout: text, jsonl (JSON Lines) or csv")
          ->group(group)
          ->type_name("FORMAT")
          ->capture_default_str()
          ->check(one_of("--format"));
  auto* json =
      app.add_flag("--json", raw.json, "Same as --format jsonl")->group(group)->excludes(format);
  app.add_option("-w,--write-out", raw.write_out,
                 "Print TEMPLATE per URL instead, as curl does: %{http_code} %{time_total} %{url} "
                 "%{json} ... with \\n \\t escapes; @FILE reads it from a file")
      ->group(group)
      ->type_name("TEMPLATE")
      ->excludes(format)
      ->excludes(json);
  app.add_flag("--hash", options.fetch.body_checks.hash,
               "Add the body's SHA-256 to each record (sha256: the bytes as curl would save "
               "them, decoded with --compressed; null when the body did not arrive whole)")
      ->group(group);
  auto* match = app.add_option("--match", options.fetch.body_checks.match_text,
                               "Say in each record whether TEXT occurs in the body (match: "
                               "true/false), searched as it arrives, any length")
                    ->group(group)
                    ->type_name("TEXT");
  app.add_option("--match-regex", raw.match_regex,
                 "As --match, with an ECMAScript regular expression over the body's first "
                 "--match-window bytes")
      ->group(group)
      ->type_name("RE")
      ->excludes(match);
  app.add_option("--match-window", raw.match_window,
                 "Bytes of each body --match-regex reads, with K/M/G suffixes (default 1M)")
      ->group(group)
      ->type_name("SIZE");
  app.add_option("--response-header", raw.response_headers,
                 "Keep response header NAME in each record (JSON \"headers\", CSV column "
                 "header_NAME, HAR); repeatable, any case")
      ->group(group)
      ->type_name("NAME")
      ->allow_extra_args(false);
  app.add_option("-o,--output", options.results_path,
                 "Append results to FILE as JSON Lines instead of stdout, each written as it "
                 "completes and synced to disk within a second")
      ->group(group)
      ->type_name("FILE");
  app.add_option("-O,--output-dir", options.output_dir,
                 "Save each body in DIR, in a file named from its URL (created if missing)")
      ->group(group)
      ->type_name("DIR");
  app.add_option("--report", options.report_path,
                 "Write a self-contained HTML report to FILE: summary, latency histogram, "
                 "waterfall of the slowest and first URLs, failures, the sweep's curve")
      ->group(group)
      ->type_name("FILE.html");
  app.add_option("--har", options.har_path,
                 "Write a HAR 1.2 log (for browser developer tools) to FILE")
      ->group(group)
      ->type_name("FILE");
  app.add_flag("-v,--timing", options.timing,
               "Add each phase's time (dns, connect, tls, wait, receive) to text lines")
      ->group(group);
  app.add_flag("-q,--quiet", options.quiet, "No per-URL lines, only the summary")->group(group);
  app.add_option("--summary", raw.summary, "Summary on stderr: text, json or none")
      ->group(group)
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(one_of("--summary"));
  app.add_option(
         "--order", raw.order,
         "Result order: completion, or input (held back in a bounded window; reading pauses "
         "while it is full)")
      ->group(group)
      ->type_name("ORDER")
      ->capture_default_str()
      ->check(one_of("--order"));
  app.add_option("--progress", raw.progress,
                 "Live progress on stderr: auto (when it is a terminal), always, never")
      ->group(group)
      ->type_name("WHEN")
      ->capture_default_str()
      ->check(one_of("--progress"));
  add_color_option(app, raw.color)->group(group);
  app.add_flag("--waterfall", raw.waterfall,
               "After the run, draw the fetches' phases on one time axis (stderr)")
      ->group(group);
  app.add_option("--waterfall-rows", raw.waterfall_rows, "Rows of the waterfall: the first N URLs")
      ->group(group)
      ->type_name("N")
      ->capture_default_str()
      ->check(described(CLI::Range(std::size_t{1}, std::size_t{10'000})));
  app.add_flag("--show-credentials", options.fetch.show_credentials,
               "Show user:password of URLs in every output (default: replaced by ***)")
      ->group(group);
}

void define_reliability(CLI::App& app, run::RunOptions& options, Raw& raw) {
  const char* group = "Reliability";
  app.add_option("-m,--max-time", raw.max_time, "Give up on a URL after SEC seconds (0 = never)")
      ->group(group)
      ->type_name("SEC")
      ->capture_default_str()
      ->check(described(CLI::NonNegativeNumber));
  app.add_option("--connect-timeout", raw.connect_timeout, "Give up connecting after SEC seconds")
      ->group(group)
      ->type_name("SEC")
      ->capture_default_str()
      ->check(described(CLI::NonNegativeNumber));
  app.add_option("--max-filesize", raw.max_filesize,
                 "Stop a URL whose body exceeds BYTES (k, M, G suffixes): error too_large")
      ->group(group)
      ->type_name("BYTES")
      ->check(parsed_by("--max-filesize",
                        [](const std::string& v) { parse_size(v, "--max-filesize"); }));
  app.add_option("--retry", options.limits.retry.retries,
                 "Try a transient failure again, up to N times")
      ->group(group)
      ->type_name("N")
      ->capture_default_str()
      ->check(described(CLI::Range(0, 1000)));
  app.add_option("--retry-delay", raw.retry_delay, "Base of the exponential back-off, in seconds")
      ->group(group)
      ->type_name("SEC")
      ->capture_default_str()
      ->check(described(CLI::NonNegativeNumber));
  app.add_option("--retry-max-time", raw.retry_max_time,
                 "No retry after SEC seconds since the first try; caps every wait (0 = no limit)")
      ->group(group)
      ->type_name("SEC")
      ->capture_default_str()
      ->check(described(CLI::NonNegativeNumber));
  add_failure_options(app, raw.fail, raw.fail_on, group);
  app.add_option("--if-changed", options.if_changed,
                 "Ask each URL's server whether it changed since FILE (an earlier -o results "
                 "file): its ETag and Last-Modified go out as If-None-Match and "
                 "If-Modified-Since, and a 304 is recorded as unchanged")
      ->group(group)
      ->type_name("FILE")
      ->check(readable_file());
  app.add_flag("--resume", options.resume,
               "With -o: skip the URLs FILE already holds a result for (same index and URL), "
               "fetch the rest, append")
      ->group(group);
}

void define_general(CLI::App& app, Raw& raw) {
  const char* group = "General";
  app.set_help_flag("-h,--help", "Print this help and exit")->group(group);
  // Built only when asked for: the libraries' versions cost a few milliseconds
  // to look up (cli/version_text.hpp).
  app.set_version_flag("--version", std::function<std::string()>(version_text),
                       "Print the versions of cofetch and of the libraries it uses, and exit")
      ->group(group);
  auto* config = app.add_option("--config", raw.config,
                                "Read usual options from FILE instead of ~/.config/cofetch/config")
                     ->group(group)
                     ->type_name("FILE");
  app.add_flag("--no-config", raw.no_config, "Read no configuration file")
      ->group(group)
      ->excludes(config);
}

CLI::App* define_summarize(CLI::App& app, run::SummarizeOptions& options, SummarizeRaw& raw) {
  CLI::App* command = app.add_subcommand(
      "summarize",
      "Print the summary of results already written (JSON Lines from --json or -o), merged over "
      "every FILE: shards, resumed runs. Exit status 1 when a record fails (--fail, --fail-on).");
  command->footer(
      "Counts, bytes, latency percentiles and throughput are recomputed over the union of\n"
      "the files; a record with the same index and URL as an earlier one counts once.\n"
      "\n"
      "Examples:\n"
      "  cofetch summarize shard-*.jsonl\n"
      "  cofetch summarize --summary json results.jsonl | jq .req_per_s\n"
      "  cofetch summarize --fail-on 5xx,timeout results.jsonl && echo healthy\n");
  command->add_option("files", options.files, "JSON Lines results files")
      ->required()
      ->type_name("FILE");
  command->add_option("--summary", raw.summary, "Summary on stdout: text or json")
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(one_of("summarize --summary"));
  add_color_option(*command, raw.color);
  add_failure_options(*command, raw.fail, raw.fail_on, "Failures");
  return command;
}

}  // namespace

std::span<const std::string_view> choices_of(std::string_view long_option) {
  for (const Choices& entry : k_choices) {
    if (entry.option != long_option) continue;
    const auto used = std::find(entry.values.begin(), entry.values.end(), std::string_view());
    return {entry.values.begin(), used};
  }
  // A subcommand's option without choices of its own takes the main one's.
  constexpr std::string_view k_summarize = "summarize ";
  if (long_option.starts_with(k_summarize))
    return choices_of(long_option.substr(k_summarize.size()));
  return {};
}

std::unique_ptr<CLI::App> define_app(Definitions& definitions) {
  auto app = std::make_unique<CLI::App>(std::string(k_description), "cofetch");
  app->footer(help_footer());
  app->formatter(std::make_shared<HelpFormatter>());
  // As with curl, an option given twice takes its last value (an alias or a
  // script's defaults can be overridden); repeatable options collect them all.
  app->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  run::RunOptions& options = definitions.options;
  Raw& raw = definitions.raw;
  options.fetch.user_agent = std::string("cofetch/") + k_version;
  define_input(*app, options, raw);
  define_concurrency(*app, options, raw);
  define_requests(*app, options, raw);
  define_access(*app, options, raw);
  define_network(*app, options, raw);
  define_output(*app, options, raw);
  define_reliability(*app, options, raw);
  define_general(*app, raw);
  definitions.summarize =
      define_summarize(*app, definitions.summarize_options, definitions.summarize_raw);
  return app;
}

}  // namespace cofetch::cli
