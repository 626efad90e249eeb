#include "run/outputs.hpp"

#include <fmt/format.h>

#include <system_error>

#include "cofetch/http/credentials.hpp"
#include "cofetch/version.hpp"
#include "report/sink.hpp"

namespace cofetch::run {

namespace {

report::RecordShape record_shape(const RunOptions& options, const Plan& plan) {
  const http::BodyChecks& checks = options.fetch.body_checks;
  return report::RecordShape{.with_file = plan.saves_bodies,
                             .headers = options.fetch.keep_headers.names,
                             .hash = checks.hash,
                             .match = checks.matching(),
                             .unchanged = !options.if_changed.empty()};
}

std::unique_ptr<report::ResultSink> stdout_sink(const RunOptions& options, const Plan& plan,
                                                report::Output& out) {
  switch (plan.stdout_format) {
    case StdoutFormat::none: return report::null_sink();
    case StdoutFormat::write_out: return report::write_out_sink(out, *options.write_out);
    case StdoutFormat::json_lines: return report::json_lines_sink(out, record_shape(options, plan));
    case StdoutFormat::csv: return report::csv_sink(out, record_shape(options, plan));
    case StdoutFormat::text: break;
  }
  return report::text_sink(out, report::TextOptions{plan.out_style, options.timing});
}

// What every request of the run sends, for the HAR log.
report::HarRequest har_request(const http::FetchOptions& fetch) {
  report::HarRequest request;
  request.method = !fetch.method.empty() ? fetch.method : fetch.body ? "POST" : "GET";
  for (const std::string& line : fetch.headers) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) {  // "Name;": sent empty
      request.headers.emplace_back(line.substr(0, line.size() - 1), "");
      continue;
    }
    const auto value = line.find_first_not_of(' ', colon + 1);
    if (value == std::string::npos) continue;  // "Name:": not sent at all
    // HAR files get shared: secrets are masked as browsers' sanitised exports do.
    const bool masked = !fetch.show_credentials && http::is_secret_header(line);
    request.headers.emplace_back(line.substr(0, colon), masked ? "***" : line.substr(value));
  }
  if (!fetch.user_agent.empty()) request.headers.emplace_back("User-Agent", fetch.user_agent);
  // What libcurl adds from -u, --oauth2-bearer and -b's text, masked the same way.
  // (Digest answers and the cookie store's cookies differ from one request to
  // the next: they are named, never shown.)
  const http::Credentials& credentials = fetch.credentials;
  const bool basic = credentials.user && credentials.scheme == http::Credentials::Scheme::basic;
  if (credentials.bearer) {
    request.headers.emplace_back("Authorization",
                                 fetch.show_credentials ? "Bearer " + *credentials.bearer : "***");
  } else if (basic && fetch.show_credentials) {
    request.headers.emplace_back(
        "Authorization",
        http::basic_authorization(*credentials.user, credentials.password.value_or("")));
  } else if (credentials.user) {
    request.headers.emplace_back("Authorization", "***");
  }
  if (!fetch.cookies.header.empty()) {
    request.headers.emplace_back("Cookie", fetch.show_credentials ? fetch.cookies.header : "***");
  }
  request.body_size = fetch.body ? fetch.body->size() : 0;
  return request;
}

// Opens `what` with `open`; a system error becomes an OpenError naming the option.
template <typename Open>
void open_as(const char* option, Open open) {
  try {
    open();
  } catch (const std::system_error& error) {
    throw OpenError(fmt::format("{}: {}", option, error.what()));
  }
}

}  // namespace

void Verdicts::write(const http::Result& result) {
  if (!m_policy.fails_status(result) && !m_policy.fails_match(result)) {
    if (m_policy.fails(result)) ++m_failures;
    m_next.write(result);
    return;
  }
  http::Result failed = result;  // rare: only a status chosen to fail is copied
  m_policy.apply(failed);
  ++m_failures;
  m_next.write(failed);
}

void ResultsFileSink::write(const http::Result& result) {
  if (m_error) return;
  try {
    m_file.append(result, m_shape);
  } catch (const std::system_error& error) {
    m_error = error.what();  // nothing more is fetched that could not be kept
    if (m_control) m_control->stop("results cannot be written");
  }
}

Outputs::Outputs(const RunOptions& options, const Plan& plan, report::Output& out,
                 std::vector<std::string>& notes)
    : m_stdout(stdout_sink(options, plan, out)) {
  if (!options.har_path.empty()) {
    open_as("--har",
            [&] { m_har.emplace(options.har_path, har_request(options.fetch), k_version); });
  }
  if (plan.saves_bodies) {
    open_as("-O", [&] { m_bodies = std::make_shared<save::BodyDirectory>(options.output_dir); });
  }
  if (options.waterfall_rows) m_waterfall.emplace(*options.waterfall_rows);
  if (!options.if_changed.empty()) {
    open_as("--if-changed",
            [&] { m_validators.emplace(store::ValidatorTable::load(options.if_changed)); });
  }
  if (!options.report_path.empty())
    open_as("--report", [&] { m_report.emplace(options.report_path); });
  if (options.results_path.empty()) return;
  open_as("-o", [&] {
    m_results.emplace(options.results_path);
    if (options.resume) m_done = store::DoneRecords::load(options.results_path);
  });
  m_results_sink.emplace(*m_results, record_shape(options, plan));
  const std::string& path = options.results_path;
  if (m_results->torn_bytes() > 0) {
    notes.push_back(
        fmt::format("{}: cut off an incomplete last line ({} bytes), left by an interrupted run",
                    path, m_results->torn_bytes()));
  }
  if (!options.resume && m_results->size_at_open() > 0) {
    notes.push_back(fmt::format(
        "appending to {}, which holds results already (--resume skips their URLs)", path));
  }
  if (m_done && m_done->bad_lines > 0) {
    notes.push_back(fmt::format("{}: {} line{} not a cofetch record, ignored (first: line {})",
                                path, m_done->bad_lines, m_done->bad_lines == 1 ? " is" : "s are",
                                m_done->first_bad_line));
  }
}

void Outputs::connect(report::FanOut& fan_out, StopControl& control, std::size_t pass) {
  fan_out.add(*m_stdout);
  if (m_results_sink) {
    m_results_sink->stop_run_with(control);
    fan_out.add(*m_results_sink);
  }
  if (m_har) fan_out.add(*m_har);
  if (m_waterfall) fan_out.add(*m_waterfall);
  if (m_report) {
    m_report->begin_pass(pass);
    fan_out.add(*m_report);
  }
}

std::vector<std::string> Outputs::close() {
  std::vector<std::string> errors;
  if (m_results) {
    try {
      m_results->close();
    } catch (const std::system_error& error) {
      if (!m_results_sink->error()) m_results_sink->fail(error.what());
    }
    if (m_results_sink->error()) errors.push_back("-o: " + *m_results_sink->error());
  }
  if (m_har) {
    try {
      m_har->finish();
    } catch (const std::system_error& error) {
      errors.push_back(std::string("--har: ") + error.what());
    }
  }
  return errors;
}

}  // namespace cofetch::run
