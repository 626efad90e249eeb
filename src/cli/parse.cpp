#include "cli/parse.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "cli/values.hpp"
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
    "Retries (--retry N): timeouts, refused or reset connections and HTTP 408, 429,\n"
    "  500, 502, 503, 504 are tried again after the server's Retry-After, or after a\n"
    "  random wait of up to --retry-delay * 2^(retry-1) seconds; no wait is longer\n"
    "  than --retry-max-time, or 10 minutes without it. No slot is held while\n"
    "  waiting. Invalid URLs, DNS and TLS failures and other statuses are not retried.\n"
    "\n"
    "Exit status:\n"
    "  0  nothing failed: by default, every URL got an HTTP response, whatever its\n"
    "     status (with --fail, a status of 400 or more is a failure; --fail-on LIST\n"
    "     chooses exactly which statuses and error kinds are)\n"
    "  1  something failed: an error (dns, connect, timeout, tls, too_many_redirects,\n"
    "     protocol, recv, too_large, invalid_url, other) or a status chosen to fail\n"
    "     (kind http); also when the input could not be read to the end\n"
    "  2  usage error: bad options, or a file that cannot be read\n"
    "  With -o FILE, a record that cannot be written stops the run with status 1.\n"
    "\n"
    "Examples:\n"
    "  cat urls.txt | cofetch -j 64          one line per URL, summary on stderr\n"
    "  cofetch --compare -i urls.txt         one at a time, then concurrently: the speed-up\n"
    "  cofetch -i urls.txt --json | jq .status\n"
    "  cofetch --retry 3 --per-host 4 --rate 100/s -i urls.txt\n"
    "  cofetch -i urls.txt -o results.jsonl --resume   run again after a crash: only the rest\n"
    "  cofetch -i urls.txt --shard 2/8 -o shard-2.jsonl  one of 8 machines' share, by host\n"
    "  cofetch summarize shard-*.jsonl       one summary over every shard's results\n";

// Values as CLI11 fills them in, turned into RunOptions once parsing succeeded.
struct Raw {
  double max_time = 30;
  double connect_timeout = 10;
  double retry_delay = 1;
  double retry_max_time = 0;
  std::string rate;
  bool sequential = false;
  bool http1_1 = false;
  bool http2 = false;
  bool http2_prior_knowledge = false;
  std::vector<std::string> data;
  bool fail = false;
  std::string fail_on;
  bool json = false;
  std::string format = "text";
  std::string write_out;
  std::string color = "auto";
  std::string summary = "text";
  std::string order = "completion";
  std::string progress = "auto";
  bool waterfall = false;
  std::size_t waterfall_rows = 40;
  std::string shard;
  std::optional<std::string> max_filesize;
};

// Capped at about 30 years, so the milliseconds always fit (and mean "forever").
std::chrono::milliseconds seconds_to_ms(double seconds) {
  return std::chrono::milliseconds(std::llround(std::min(seconds, 1e9) * 1000.0));
}

CLI::Validator described(CLI::Validator validator) {
  return validator.description("");
}

// Header lines are handed to libcurl as they are; catch the obvious mistakes here.
const CLI::Validator k_header_line(
    [](std::string& value) -> std::string {
      const auto colon = value.find(':');
      if (colon == std::string::npos || colon == 0) return "a header is \"Name: value\"";
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

const CLI::Validator k_resolve_entry(
    [](std::string& value) -> std::string { return resolve_entry_problem(value).value_or(""); },
    "");

const CLI::Validator k_readable_file(
    [](std::string& path) -> std::string {
      return ::access(path.c_str(), R_OK) == 0 ? std::string() : "cannot read " + path;
    },
    "");

// curl's -d: "@FILE" reads the file and drops its line breaks; "@-" reads standard
// input; anything else is sent as is. Several -d are joined with '&'.
std::string request_body(const std::vector<std::string>& parts) {
  std::string body;
  for (const std::string& part : parts) {
    if (!body.empty()) body += '&';
    if (!part.starts_with('@')) {
      body += part;
      continue;
    }
    const std::string path = part.substr(1);
    std::string content;
    if (path == "-") {
      content.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      std::ifstream file(path, std::ios::binary);
      if (!file) throw std::invalid_argument("-d: cannot read " + path);
      content.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
    std::erase_if(content, [](char c) { return c == '\r' || c == '\n'; });
    body += content;
  }
  return body;
}

// curl's -w: "@FILE" reads the template from a file ("@-" from standard input).
std::string write_out_template(const std::string& value) {
  if (!value.starts_with('@')) return value;
  const std::string path = value.substr(1);
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::invalid_argument("-w: cannot read " + path);
    text.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  return text;
}

report::ColorMode color_mode(const std::string& when) {
  return when == "always"  ? report::ColorMode::always
         : when == "never" ? report::ColorMode::never
                           : report::ColorMode::automatic;
}

// --fail and --fail-on; throws std::invalid_argument for a bad --fail-on item.
run::FailurePolicy failure_policy(bool fail, const std::string& fail_on) {
  if (!fail_on.empty()) return run::FailurePolicy::parse(fail_on);
  return fail ? run::FailurePolicy::errors_and_http_errors() : run::FailurePolicy::errors_only();
}

CLI::Option* add_color_option(CLI::App& app, std::string& color) {
  return app
      .add_option("--color", color,
                  "Colour text results: auto (a terminal without NO_COLOR), always, never")
      ->type_name("WHEN")
      ->capture_default_str()
      ->check(described(CLI::IsMember({"auto", "always", "never"})));
}

// --fail and --fail-on, as the run and `summarize` both take them.
void add_failure_options(CLI::App& app, bool& fail, std::string& fail_on, const char* group) {
  auto* fail_flag =
      app.add_flag("--fail", fail, "An HTTP status of 400 or more fails the run (kind http)")
          ->group(group);
  app.add_option(
         "--fail-on", fail_on,
         "Exactly what fails the run, e.g. 5xx,429,timeout (classes, statuses, error kinds, "
         "error = every kind)")
      ->group(group)
      ->type_name("LIST")
      ->excludes(fail_flag);
}

void define_input(CLI::App& app, run::RunOptions& options, Raw& raw) {
  app.add_option("urls", options.urls, "URLs to fetch")->type_name("URL");
  app.add_option("-i,--input", options.input_files,
                 "Read URLs from FILE, one per line (- = stdin); repeatable")
      ->group("Input")
      ->type_name("FILE")
      ->allow_extra_args(false);
  app.add_option("--shard", raw.shard,
                 "Fetch only shard K of N: the URLs whose host hashes to K (see docs/SCALING.md); "
                 "indexes stay those of the whole input")
      ->group("Input")
      ->type_name("K/N");
}

void define_fetching(CLI::App& app, run::RunOptions& options, Raw& raw) {
  const char* group = "Fetching";
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
  app.add_flag("--show-credentials", options.fetch.show_credentials,
               "Show user:password of URLs in every output (default: replaced by ***)")
      ->group(group);
  app.add_option("--max-filesize", raw.max_filesize,
                 "Stop a URL whose body exceeds BYTES (k, M, G suffixes): error too_large")
      ->group(group)
      ->type_name("BYTES");
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
  app.add_flag("-k,--insecure", options.fetch.insecure, "Do not verify the server's certificate")
      ->group(group);
  app.add_option("--cacert", options.fetch.ca_file, "Trust the CA certificates in FILE (PEM)")
      ->group(group)
      ->type_name("FILE")
      ->check(k_readable_file);
  app.add_option("--resolve", options.fetch.resolve,
                 "Connect to ADDRESS for HOST:PORT, skipping DNS; repeatable")
      ->group(group)
      ->type_name("HOST:PORT:ADDRESS")
      ->allow_extra_args(false)
      ->check(k_resolve_entry);
}

void define_requests(CLI::App& app, run::RunOptions& options, Raw& raw) {
  const char* group = "Requests";
  app.add_option("-X,--request", options.fetch.method, "Request method (default GET, POST with -d)")
      ->group(group)
      ->type_name("METHOD")
      ->check(k_method);
  app.add_option("-H,--header", options.fetch.headers, "Extra request header; repeatable")
      ->group(group)
      ->type_name("\"NAME: VALUE\"")
      ->allow_extra_args(false)
      ->check(k_header_line);
  app.add_option("-d,--data", raw.data,
                 "Request body (POST unless -X); @FILE reads a file without its line breaks; "
                 "repeatable, joined with &")
      ->group(group)
      ->type_name("DATA")
      ->allow_extra_args(false);
  app.add_option("-A,--user-agent", options.fetch.user_agent, "User-Agent header")
      ->group(group)
      ->type_name("TEXT")
      ->capture_default_str();
  app.add_flag("--compressed", options.fetch.compressed,
               "Ask for a compressed response (gzip, br, zstd...) and decode it")
      ->group(group);
}

void define_pace(CLI::App& app, run::RunOptions& options, Raw& raw) {
  const char* group = "Pace and retries";
  app.add_option("--rate", raw.rate, "Start at most N requests per second (or N/m, N/h)")
      ->group(group)
      ->type_name("N[/s|/m|/h]");
  app.add_option("--per-host", options.limits.per_host,
                 "At most N fetches in flight per host (scheme, host and port)")
      ->group(group)
      ->type_name("N")
      ->check(described(CLI::Range(std::size_t{1}, std::size_t{100'000})));
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
}

void define_failures_and_output(CLI::App& app, run::RunOptions& options, Raw& raw) {
  add_failure_options(app, raw.fail, raw.fail_on, "Failures");

  const char* group = "Output";
  auto* format =
      app.add_option("--format", raw.format, "Results on stdout: text, jsonl (JSON Lines) or csv")
          ->group(group)
          ->type_name("FORMAT")
          ->capture_default_str()
          ->check(described(CLI::IsMember({"text", "jsonl", "csv"})));
  auto* json =
      app.add_flag("--json", raw.json, "Same as --format jsonl")->group(group)->excludes(format);
  app.add_option("-w,--write-out", raw.write_out,
                 "Print TEMPLATE per URL instead, as curl does: %{http_code} %{time_total} %{url} "
                 "%{json} ... with \\n \\t escapes; @FILE reads it from a file")
      ->group(group)
      ->type_name("TEMPLATE")
      ->excludes(format)
      ->excludes(json);
  add_color_option(app, raw.color)->group(group);
  app.add_flag("-v,--timing", options.timing,
               "Add each phase's time (dns, connect, tls, wait, receive) to text lines")
      ->group(group);
  app.add_option("--summary", raw.summary, "Summary on stderr: text, json or none")
      ->group(group)
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(described(CLI::IsMember({"text", "json", "none"})));
  app.add_flag("-q,--quiet", options.quiet, "No per-URL lines, only the summary")->group(group);
  app.add_option(
         "--order", raw.order,
         "Result order: completion, or input (held back in a bounded window; reading pauses "
         "while it is full)")
      ->group(group)
      ->type_name("ORDER")
      ->capture_default_str()
      ->check(described(CLI::IsMember({"completion", "input"})));
  app.add_option("--progress", raw.progress,
                 "Live progress on stderr: auto (when it is a terminal), always, never")
      ->group(group)
      ->type_name("WHEN")
      ->capture_default_str()
      ->check(described(CLI::IsMember({"auto", "always", "never"})));
  app.add_option("-O,--output-dir", options.output_dir,
                 "Save each body in DIR, in a file named from its URL (created if missing)")
      ->group(group)
      ->type_name("DIR");
  app.add_option("--har", options.har_path,
                 "Write a HAR 1.2 log (for browser developer tools) to FILE")
      ->group(group)
      ->type_name("FILE");
  app.add_option("-o,--output", options.results_path,
                 "Append results to FILE as JSON Lines instead of stdout, each written as it "
                 "completes and synced to disk within a second")
      ->group(group)
      ->type_name("FILE");
  app.add_flag("--resume", options.resume,
               "With -o: skip the URLs FILE already holds a result for (same index and URL), "
               "fetch the rest, append")
      ->group(group);
  app.add_flag("--waterfall", raw.waterfall,
               "After the run, draw the fetches' phases on one time axis (stderr)")
      ->group(group);
  app.add_option("--waterfall-rows", raw.waterfall_rows, "Rows of the waterfall: the first N URLs")
      ->group(group)
      ->type_name("N")
      ->capture_default_str()
      ->check(described(CLI::Range(std::size_t{1}, std::size_t{10'000})));
}

// Values of `cofetch summarize` as CLI11 fills them in.
struct SummarizeRaw {
  std::string summary = "text";
  std::string color = "auto";
  bool fail = false;
  std::string fail_on;
};

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
      ->check(described(CLI::IsMember({"text", "json"})));
  add_color_option(*command, raw.color);
  add_failure_options(*command, raw.fail, raw.fail_on, "Failures");
  return command;
}

std::optional<std::string> finish_summarize(run::SummarizeOptions& options,
                                            const SummarizeRaw& raw) {
  try {
    options.failure = failure_policy(raw.fail, raw.fail_on);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  options.summary = raw.summary == "json" ? run::SummaryFormat::json : run::SummaryFormat::text;
  options.color = color_mode(raw.color);
  return std::nullopt;
}

// Everything that needs more than one option, or work, once parsing is done.
// Returns a usage error, or nothing.
std::optional<std::string> finish(run::RunOptions& options, const Raw& raw,
                                  bool stdin_is_terminal) {
  if (std::count(options.input_files.begin(), options.input_files.end(), "-") > 1) {
    return "standard input can be read only once (-i - given twice)";
  }
  if (options.urls.empty() && options.input_files.empty()) {
    if (stdin_is_terminal) {
      return "no URLs: give them as arguments, with -i FILE, or on standard input";
    }
    options.input_files.push_back("-");
  }
  const bool urls_on_stdin = std::find(options.input_files.begin(), options.input_files.end(),
                                       "-") != options.input_files.end();
  if (urls_on_stdin && std::find(raw.data.begin(), raw.data.end(), "@-") != raw.data.end()) {
    return "-d @- cannot read standard input: the URLs come from there";
  }
  if (options.resume && options.results_path.empty()) {
    return "--resume needs -o FILE: the results to resume";
  }
  if (options.resume && options.compare) {
    return "--resume cannot be combined with --compare, which measures whole lists";
  }
  if (!options.results_path.empty() && (!raw.write_out.empty() || raw.format == "csv")) {
    return "-o writes JSON Lines to a file; --format csv and -w print to stdout: choose one";
  }
  try {
    if (!raw.shard.empty()) options.shard = input::Shard::parse(raw.shard);
    if (!raw.data.empty()) options.fetch.body = request_body(raw.data);
    if (!raw.rate.empty()) options.limits.rate_per_second = parse_rate(raw.rate);
    if (raw.max_filesize)
      options.fetch.max_filesize = parse_size(*raw.max_filesize, "--max-filesize");
    options.failure = failure_policy(raw.fail, raw.fail_on);
    if (!raw.write_out.empty())
      options.write_out = report::WriteOut::parse(write_out_template(raw.write_out));
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  if (raw.sequential) options.limits.concurrency = 1;
  options.fetch.max_time = seconds_to_ms(raw.max_time);
  options.fetch.connect_timeout = seconds_to_ms(raw.connect_timeout);
  options.limits.retry.delay = seconds_to_ms(raw.retry_delay);
  options.limits.retry.max_time = seconds_to_ms(raw.retry_max_time);
  if (raw.http1_1) options.fetch.http_version = http::HttpVersion::http1_1;
  if (raw.http2) options.fetch.http_version = http::HttpVersion::http2;
  if (raw.http2_prior_knowledge)
    options.fetch.http_version = http::HttpVersion::http2_prior_knowledge;
  options.format = raw.json || raw.format == "jsonl" ? run::ResultFormat::json_lines
                   : raw.format == "csv"             ? run::ResultFormat::csv
                                                     : run::ResultFormat::text;
  options.limits.in_order = raw.order == "input";
  options.progress = raw.progress == "always"  ? run::ProgressMode::always
                     : raw.progress == "never" ? run::ProgressMode::never
                                               : run::ProgressMode::automatic;
  if (raw.waterfall) options.waterfall_rows = raw.waterfall_rows;
  options.color = color_mode(raw.color);
  options.summary = raw.summary == "json"   ? run::SummaryFormat::json
                    : raw.summary == "none" ? run::SummaryFormat::none
                                            : run::SummaryFormat::text;
  return std::nullopt;
}

Parsed exit_with(int status) {
  Parsed parsed;
  parsed.exit_status = status;
  return parsed;
}

}  // namespace

Parsed parse(int argc, const char* const* argv, bool stdin_is_terminal) {
  run::RunOptions options;
  options.fetch.user_agent = std::string("cofetch/") + k_version;
  Raw raw;

  CLI::App app(k_description, "cofetch");
  app.footer(k_footer);
  // Built only when asked for: curl_version() initialises LDAP and SASL, whose
  // plugins take about 2 ms to load, on every run otherwise.
  app.set_version_flag("--version", std::function<std::string()>([] {
                         return std::string("cofetch ") + k_version + " (" + curl_version() + ")";
                       }));
  app.get_formatter()->column_width(36);
  define_input(app, options, raw);
  define_fetching(app, options, raw);
  define_requests(app, options, raw);
  define_pace(app, options, raw);
  define_failures_and_output(app, options, raw);
  run::SummarizeOptions summarize_options;
  SummarizeRaw summarize_raw;
  CLI::App* summarize = define_summarize(app, summarize_options, summarize_raw);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return exit_with(app.exit(help));
  } catch (const CLI::CallForVersion& version) {
    return exit_with(app.exit(version));
  } catch (const CLI::ParseError& error) {
    const char* command = summarize->parsed() ? "cofetch summarize" : "cofetch";
    fmt::print(stderr, "cofetch: {} (see {} --help)\n", error.what(), command);
    return exit_with(run::k_exit_usage);
  }
  if (summarize->parsed()) {
    if (auto problem = finish_summarize(summarize_options, summarize_raw)) {
      fmt::print(stderr, "cofetch: {} (see cofetch summarize --help)\n", *problem);
      return exit_with(run::k_exit_usage);
    }
    Parsed parsed;
    parsed.summarize = std::move(summarize_options);
    return parsed;
  }
  if (auto problem = finish(options, raw, stdin_is_terminal)) {
    fmt::print(stderr, "cofetch: {} (see cofetch --help)\n", *problem);
    return exit_with(run::k_exit_usage);
  }
  Parsed parsed;
  parsed.options = std::move(options);
  return parsed;
}

}  // namespace cofetch::cli
