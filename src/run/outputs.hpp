#pragma once
// Outputs: every place the reported pass's results go, opened before anything is
// fetched and built once from the plan: the format on standard output, the -o
// results file, the HAR log, the waterfall; and -O's directory for the fetch.
//
//   scheduler --Result--> Verdicts (--fail, --fail-on) --> FanOut
//                                                           |- stdout format (report/sink.hpp)
//                                                           |- -o results file (store/)
//                                                           |- --har log, --waterfall (report/)
//                                                           |- the pass's statistics (summary)
//                                                           '- the progress line
//
// A new output goes here: open it in the constructor, add it in connect().

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/har.hpp"
#include "report/html_report.hpp"
#include "report/output.hpp"
#include "report/result_sink.hpp"
#include "report/waterfall.hpp"
#include "run/failure_policy.hpp"
#include "run/plan.hpp"
#include "run/run_options.hpp"
#include "run/scheduler.hpp"
#include "save/body_file.hpp"
#include "store/results_file.hpp"
#include "store/resume.hpp"
#include "store/validators.hpp"

namespace cofetch::run {

// An output that cannot be opened: a usage error, with the message to print.
struct OpenError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Applies the failure policy to each result (a status chosen to fail becomes an
// error of kind http), counts those that fail the run, and passes them on.
class Verdicts final : public report::ResultSink {
 public:
  Verdicts(const FailurePolicy& policy, report::ResultSink& next)
      : m_policy(policy), m_next(next) {}
  void write(const http::Result& result) override;
  std::size_t failures() const noexcept { return m_failures; }

 private:
  const FailurePolicy& m_policy;
  report::ResultSink& m_next;
  std::size_t m_failures = 0;
};

// -o FILE: each record appended as it comes. A record that cannot be written
// stops the run, since nothing more could be kept.
class ResultsFileSink final : public report::ResultSink {
 public:
  ResultsFileSink(store::ResultsFile& file, report::RecordShape shape)
      : m_file(file), m_shape(std::move(shape)) {}
  void write(const http::Result& result) override;
  void stop_run_with(StopControl& control) noexcept { m_control = &control; }
  const std::optional<std::string>& error() const noexcept { return m_error; }
  void fail(std::string error) { m_error = std::move(error); }

 private:
  store::ResultsFile& m_file;
  report::RecordShape m_shape;
  StopControl* m_control = nullptr;
  std::optional<std::string> m_error;
};

class Outputs {
 public:
  // Opens the HAR log, the -O directory and the -o file (with --resume, what it
  // holds). Throws OpenError. Notes about the -o file go to `notes`.
  Outputs(const RunOptions& options, const Plan& plan, report::Output& out,
          std::vector<std::string>& notes);

  // Adds the outputs to reported pass `pass`'s fan-out; the results file stops
  // the run through `control` when it cannot be written. (Only --sweep reports
  // several passes; its only output is the HTML report, which keeps each apart.)
  void connect(report::FanOut& fan_out, StopControl& control, std::size_t pass);

  std::shared_ptr<const save::BodyDirectory> bodies() const noexcept { return m_bodies; }
  const store::DoneRecords* done() const noexcept { return m_done ? &*m_done : nullptr; }
  // --if-changed: the validators of the earlier run, or null.
  const store::ValidatorTable* validators() const noexcept {
    return m_validators ? &*m_validators : nullptr;
  }
  const report::Waterfall* waterfall() const noexcept {
    return m_waterfall ? &*m_waterfall : nullptr;
  }
  // --report: the page, written once the run is summed up.
  report::HtmlReport* html_report() noexcept { return m_report ? &*m_report : nullptr; }

  // Closes the results file and gives the HAR log its name; the errors of the
  // outputs, each a line for standard error ("-o: ...").
  std::vector<std::string> close();

 private:
  std::unique_ptr<report::ResultSink> m_stdout;
  std::optional<report::HarFile> m_har;
  std::optional<report::HtmlReport> m_report;
  std::shared_ptr<const save::BodyDirectory> m_bodies;
  std::optional<report::Waterfall> m_waterfall;
  std::optional<store::ResultsFile> m_results;
  std::optional<ResultsFileSink> m_results_sink;
  std::optional<store::DoneRecords> m_done;
  std::optional<store::ValidatorTable> m_validators;  // --if-changed
};

}  // namespace cofetch::run
