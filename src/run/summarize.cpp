#include "run/summarize.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <cstring>
#include <optional>
#include <system_error>

#include "report/output.hpp"
#include "report/summary.hpp"
#include "store/fingerprint_set.hpp"
#include "store/record_key.hpp"
#include "store/record_reader.hpp"

namespace cofetch::run {

namespace {

using WallClock = std::chrono::system_clock;

// From the first request's start to the last response's end.
class Span {
 public:
  void add(const http::Result& result) {
    if (result.attempts == 0 || result.started_at == WallClock::time_point{}) return;  // never sent
    const auto end =
        result.started_at + std::chrono::duration_cast<WallClock::duration>(
                                std::chrono::duration<double, std::milli>(result.ms.total));
    if (!m_first || result.started_at < *m_first) m_first = result.started_at;
    if (!m_last || end > *m_last) m_last = end;
  }
  double ms() const {
    if (!m_first) return 0;
    return std::chrono::duration<double, std::milli>(*m_last - *m_first).count();
  }

 private:
  std::optional<WallClock::time_point> m_first;
  std::optional<WallClock::time_point> m_last;
};

void report_problems(const store::RecordReader& reader, report::Output& err) {
  if (reader.bad_lines() > 0) {
    err.write(fmt::format("cofetch: {}: {} line{} not a cofetch record, ignored (first: line {})\n",
                          reader.path(), reader.bad_lines(),
                          reader.bad_lines() == 1 ? " is" : "s are", reader.first_bad_line()));
  }
  if (reader.torn_bytes() > 0) {
    err.write(fmt::format(
        "cofetch: {}: ignored an incomplete last line ({} bytes), left by an interrupted run\n",
        reader.path(), reader.torn_bytes()));
  }
}

}  // namespace

int summarize(const SummarizeOptions& options) {
  report::Output out(STDOUT_FILENO);
  report::Output err(STDERR_FILENO);
  report::BatchStats stats;
  Span span;
  store::FingerprintSet seen;
  std::size_t duplicates = 0;
  std::size_t cancelled = 0;
  std::size_t failures = 0;

  for (const std::string& path : options.files) {
    std::optional<store::RecordReader> reader;
    try {
      reader.emplace(path);
    } catch (const std::system_error& error) {
      err.write(fmt::format("cofetch: summarize: {}\n", error.what()));
      return k_exit_usage;
    }
    while (auto record = reader->next()) {
      if (record->error && record->error->kind == http::ErrorKind::cancelled) {
        ++cancelled;
        continue;
      }
      if (!seen.insert(store::record_key(record->index, record->url))) {
        ++duplicates;
        continue;
      }
      options.failure.apply(*record);
      if (options.failure.fails(*record)) ++failures;
      stats.add(*record);
      span.add(*record);
    }
    report_problems(*reader, err);
  }
  if (duplicates > 0) {
    err.write(
        fmt::format("cofetch: summarize: {} duplicate record{} (same index and URL) counted once\n",
                    duplicates, duplicates == 1 ? "" : "s"));
  }
  if (cancelled > 0) {
    err.write(fmt::format("cofetch: summarize: {} cancelled record{} left out (not final)\n",
                          cancelled, cancelled == 1 ? "" : "s"));
  }
  err.flush();

  report::RunSummary summary;
  summary.stats = &stats;
  summary.wall_ms = span.ms();
  summary.files = options.files.size();
  summary.style = report::Style{report::wants_color(options.color, STDOUT_FILENO),
                                report::terminal_takes_utf8()};
  out.write(options.summary == SummaryFormat::json ? report::summary_json(summary)
                                                   : report::summary_text(summary));
  out.flush();
  if (auto code = out.error()) {
    err.write(fmt::format("cofetch: writing the summary: {}\n", std::strerror(*code)));
    return k_exit_failure;
  }
  return failures > 0 ? k_exit_failure : k_exit_ok;
}

}  // namespace cofetch::run
