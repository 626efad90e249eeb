#include "cli/parse.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include "cli/config_args.hpp"
#include "cli/config_file.hpp"
#include "cli/curl_options.hpp"
#include "cli/definitions.hpp"
#include "cli/terminal_password.hpp"
#include "cli/values.hpp"

namespace cofetch::cli {

namespace {

// Capped at about 30 years, so the milliseconds always fit (and mean "forever").
std::chrono::milliseconds seconds_to_ms(double seconds) {
  return std::chrono::milliseconds(std::llround(std::min(seconds, 1e9) * 1000.0));
}

// The whole of FILE, or of standard input for "-", as curl's "@FILE" values read
// it; throws std::invalid_argument naming `option` when it cannot be read.
std::string read_named(const std::string& path, std::string_view option) {
  if (path == "-") {
    return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::invalid_argument(std::string(option) + ": cannot read " + path);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// One piece of the request body as given: -d, --data-binary or --data-raw.
struct BodyPart {
  enum class Kind { text, binary, raw };
  Kind kind;
  std::string value;
};

// The body options' values in the order the command line (after the configuration
// file's) gave them, as curl joins them.
std::vector<BodyPart> body_parts(const CLI::App& app, const Raw& raw) {
  const std::pair<const char*, BodyPart::Kind> options[] = {
      {"--data", BodyPart::Kind::text},
      {"--data-binary", BodyPart::Kind::binary},
      {"--data-raw", BodyPart::Kind::raw}};
  const std::vector<std::string>* values[] = {&raw.data, &raw.data_binary, &raw.data_raw};
  std::size_t taken[3] = {0, 0, 0};
  std::vector<BodyPart> parts;
  for (const CLI::Option* given : app.parse_order()) {
    for (std::size_t i = 0; i < 3; ++i) {
      if (given != app.get_option_no_throw(options[i].first) || taken[i] >= values[i]->size())
        continue;
      parts.push_back(BodyPart{options[i].second, (*values[i])[taken[i]++]});
    }
  }
  return parts;
}

// curl's -d: "@FILE" reads the file and drops its line breaks; "@-" reads standard
// input. --data-binary reads the file as it is; --data-raw takes "@" literally.
// Several are joined with '&'.
std::string request_body(const std::vector<BodyPart>& parts) {
  std::string body;
  for (const BodyPart& part : parts) {
    if (!body.empty()) body += '&';
    if (part.kind == BodyPart::Kind::raw || !part.value.starts_with('@')) {
      body += part.value;
      continue;
    }
    std::string content = read_named(part.value.substr(1), "-d");
    if (part.kind == BodyPart::Kind::text)
      std::erase_if(content, [](char c) { return c == '\r' || c == '\n'; });
    body += content;
  }
  return body;
}

// "USER:PASSWORD" split at the first colon, as curl; without one, the password
// is asked for on the terminal (never echoed) with `prompt`, as curl asks.
std::pair<std::string, std::string> user_and_password(const std::string& given,
                                                      const std::string& option,
                                                      const std::string& prompt) {
  const auto colon = given.find(':');
  std::string user = given.substr(0, colon);
  if (colon != std::string::npos) return {std::move(user), given.substr(colon + 1)};
  std::optional<std::string> typed = read_password_from_terminal(prompt + " '" + user + "':");
  if (!typed) {
    throw std::invalid_argument(option + " " + user +
                                ": no password, and no terminal to ask on; give USER:PASSWORD");
  }
  return {std::move(user), std::move(*typed)};
}

void set_credentials(const Raw& raw, http::Credentials& credentials) {
  if (raw.user) {
    auto [user, password] = user_and_password(*raw.user, "-u", "Enter host password for user");
    credentials.user = std::move(user);
    credentials.password = std::move(password);
  }
  if (raw.digest) credentials.scheme = http::Credentials::Scheme::digest;
  if (raw.anyauth) credentials.scheme = http::Credentials::Scheme::any;
  // --netrc-file alone means --netrc with that file, as in curl.
  if (raw.netrc || !credentials.netrc_file.empty())
    credentials.netrc = http::Credentials::Netrc::required;
  if (raw.netrc_optional) credentials.netrc = http::Credentials::Netrc::optional;
}

// -b: a text with "=" is cookies to send as given (several joined with ";", as
// curl joins them); anything else names a cookie file.
void set_cookies(const std::vector<std::string>& given, http::Cookies& cookies) {
  for (const std::string& cookie : given) {
    if (cookie.find('=') == std::string::npos) {
      cookies.files.push_back(cookie);
    } else {
      if (!cookies.header.empty()) cookies.header += ';';
      cookies.header += cookie;
    }
  }
}

void set_access(const Raw& raw, http::FetchOptions& fetch) {
  set_credentials(raw, fetch.credentials);
  set_cookies(raw.cookies, fetch.cookies);
  if (raw.proxy_user) {
    auto [user, password] =
        user_and_password(*raw.proxy_user, "--proxy-user", "Enter proxy password for user");
    fetch.proxy.user = user + ":" + password;
  }
  if (raw.cert) {
    auto [file, password] = http::split_certificate(*raw.cert);
    fetch.client_tls.cert = std::move(file);
    fetch.client_tls.password = std::move(password);
  }
  if (raw.key_password) fetch.client_tls.password = raw.key_password;
  if (raw.ipv4) fetch.addressing.family = http::Addressing::Family::ipv4;
  if (raw.ipv6) fetch.addressing.family = http::Addressing::Family::ipv6;
  if (!raw.local_port.empty()) {
    std::tie(fetch.addressing.local_port, fetch.addressing.local_port_range) =
        parse_port_range(raw.local_port);
  }
  if (raw.limit_rate) fetch.limit_rate = parse_size(*raw.limit_rate, "--limit-rate");
}

// --response-header's names: lowercase (header names are case-insensitive), each
// once, in the order given; a name must be a token (RFC 9110).
std::vector<std::string> header_names(const std::vector<std::string>& given) {
  std::vector<std::string> names;
  for (const std::string& name : given) {
    const bool token = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) ||
             std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
    if (!token)
      throw std::invalid_argument("--response-header: \"" + name + "\" is not a header name");
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::find(names.begin(), names.end(), lower) == names.end()) names.push_back(lower);
  }
  return names;
}

// curl's -w: "@FILE" reads the template from a file ("@-" from standard input).
std::string write_out_template(const std::string& value) {
  return value.starts_with('@') ? read_named(value.substr(1), "-w") : value;
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
                                  const std::vector<BodyPart>& body, bool stdin_is_terminal) {
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
  const bool body_from_stdin = std::any_of(body.begin(), body.end(), [](const BodyPart& part) {
    return part.kind != BodyPart::Kind::raw && part.value == "@-";
  });
  if (urls_on_stdin && body_from_stdin) {
    return "-d @- cannot read standard input: the URLs come from there";
  }
  if (options.resume && options.results_path.empty()) {
    return "--resume needs -o FILE: the results to resume";
  }
  if (options.resume && options.compare) {
    return "--resume cannot be combined with --compare, which measures whole lists";
  }
  if (!raw.sweep.empty() && (!options.results_path.empty() || !options.output_dir.empty() ||
                             !options.har_path.empty() || raw.waterfall)) {
    return "--sweep measures the list at several levels; -o, -O, --har and --waterfall record one "
           "run";
  }
  if (!options.results_path.empty() && (!raw.write_out.empty() || raw.format == "csv")) {
    return "-o writes JSON Lines to a file; --format csv and -w print to stdout: choose one";
  }
  try {
    if (!raw.shard.empty()) options.shard = input::Shard::parse(raw.shard);
    if (!body.empty()) options.fetch.body = request_body(body);
    if (!raw.rate.empty()) options.limits.rate_per_second = parse_rate(raw.rate);
    if (!raw.per_host_rate.empty()) {
      options.limits.hosts.spacing =
          std::chrono::duration_cast<std::chrono::steady_clock::duration>(
              std::chrono::duration<double>(1.0 /
                                            parse_rate(raw.per_host_rate, "--per-host-rate")));
    }
    if (raw.max_filesize)
      options.fetch.max_filesize = parse_size(*raw.max_filesize, "--max-filesize");
    options.failure = failure_policy(raw.fail, raw.fail_on);
    options.fetch.keep_headers.names = header_names(raw.response_headers);
    set_access(raw, options.fetch);
    http::BodyChecks& checks = options.fetch.body_checks;
    if (raw.match_regex) {
      if (raw.match_regex->empty()) throw std::invalid_argument("--match-regex: an empty pattern");
      checks.pattern = http::compile_body_pattern(*raw.match_regex);
      checks.pattern_text = *raw.match_regex;
    }
    if (raw.match_window) {
      if (!checks.pattern) throw std::invalid_argument("--match-window is for --match-regex");
      checks.window = parse_size(*raw.match_window, "--match-window");
      if (checks.window == 0) throw std::invalid_argument("--match-window: at least one byte");
    }
    if (!raw.write_out.empty()) {
      options.write_out = report::WriteOut::parse(write_out_template(raw.write_out));
      if (options.write_out->needs_headers()) options.fetch.keep_headers.all = true;
    }
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  if (raw.sequential) options.limits.concurrency = 1;
  if (!raw.sweep.empty()) {
    run::SweepOptions sweep;
    // "auto" climbs to -j, or to 64 when -j was not given.
    sweep.levels = parse_levels(raw.sweep, raw.concurrency_given ? options.limits.concurrency : 64);
    sweep.warm = raw.sweep_warm;
    sweep.sample = raw.sweep_sample;
    sweep.max_error_rate = raw.sweep_max_errors / 100.0;
    options.sweep = std::move(sweep);
  }
  if (raw.head) options.fetch.method = "HEAD";
  options.fetch.max_time = seconds_to_ms(raw.max_time);
  options.fetch.connect_timeout = seconds_to_ms(raw.connect_timeout);
  options.limits.retry.delay = seconds_to_ms(raw.retry_delay);
  if (raw.delay) options.limits.hosts.spacing = seconds_to_ms(*raw.delay);
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

void parse_args(CLI::App& app, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
}

// Parses `args`; prints help, the version or a usage error and returns the exit
// status when that is all there is to do.
std::optional<int> parse_or_exit(CLI::App& app, const std::vector<std::string>& args,
                                 const CLI::App& summarize) {
  try {
    parse_args(app, args);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    const char* command = summarize.parsed() ? "cofetch summarize" : "cofetch";
    // A curl habit gets an answer, not "the following argument was not expected".
    const std::optional<std::string> curls = missing_curl_option(args);
    fmt::print(stderr, "cofetch: {} (see {} --help)\n", curls ? *curls : error.what(), command);
    return run::k_exit_usage;
  }
  return std::nullopt;
}

Parsed summarize_command(Definitions& definitions) {
  if (auto problem = finish_summarize(definitions.summarize_options, definitions.summarize_raw)) {
    fmt::print(stderr, "cofetch: {} (see cofetch summarize --help)\n", *problem);
    return exit_with(run::k_exit_usage);
  }
  Parsed parsed;
  parsed.summarize = std::move(definitions.summarize_options);
  return parsed;
}

}  // namespace

Parsed parse(int argc, const char* const* argv, bool stdin_is_terminal) {
  // The command line alone first: --help, --version and its own mistakes come
  // before anything a configuration file says, and it tells what it overrides.
  auto definitions = std::make_unique<Definitions>();
  auto app = define_app(*definitions);
  if (auto early_exit = parse_or_exit(*app, std::vector<std::string>(argv, argv + argc),
                                      *definitions->summarize)) {
    return exit_with(*early_exit);
  }
  if (definitions->summarize->parsed()) return summarize_command(*definitions);

  std::optional<ConfigFile> config;
  ConfigArgs from_config;
  try {
    if (const auto location =
            config_location(definitions->raw.config, definitions->raw.no_config)) {
      config = read_config(*location);
    }
    if (config) from_config = config_args(*config, *app);
  } catch (const std::invalid_argument& error) {
    fmt::print(stderr, "cofetch: {}\n", error.what());
    return exit_with(run::k_exit_usage);
  }
  if (!from_config.args.empty()) {
    // Again with the file's arguments in front; the command line's come last.
    std::vector<std::string> args{argv[0]};
    args.insert(args.end(), from_config.args.begin(), from_config.args.end());
    args.insert(args.end(), argv + 1, argv + argc);
    definitions = std::make_unique<Definitions>();
    app = define_app(*definitions);
    try {
      parse_args(*app, args);
    } catch (const CLI::ParseError& error) {
      fmt::print(stderr, "cofetch: {} (with the options of {}; see cofetch --help)\n", error.what(),
                 config->path);
      return exit_with(run::k_exit_usage);
    }
    merge_overridden(definitions->options.fetch.headers, from_config.headers, header_name);
    merge_overridden(definitions->options.fetch.resolve, from_config.resolves, resolve_target);
  }

  const std::vector<BodyPart> body = body_parts(*app, definitions->raw);
  definitions->raw.concurrency_given = app->get_option("--concurrency")->count() > 0;
  if (auto problem = finish(definitions->options, definitions->raw, body, stdin_is_terminal)) {
    fmt::print(stderr, "cofetch: {} (see cofetch --help)\n", *problem);
    return exit_with(run::k_exit_usage);
  }
  Parsed parsed;
  parsed.options = std::move(definitions->options);
  return parsed;
}

}  // namespace cofetch::cli
