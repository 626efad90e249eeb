#include "report/html_report.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <system_error>

#include "cofetch/version.hpp"
#include "report/format.hpp"
#include "report/json_text.hpp"
#include "report/latency_bars.hpp"

namespace cofetch::report {

namespace {

double ms_between(std::chrono::steady_clock::time_point from,
                  std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// JSON text safe inside <script>: no "<" can close the element or open a comment.
std::string script_safe(std::string json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

void write_all(int fd, const std::string& text, const std::string& path) {
  std::string_view rest = text;
  while (!rest.empty()) {
    const ssize_t written = ::write(fd, rest.data(), rest.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "cannot write " + path);
    }
    rest.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace

HtmlReport::HtmlReport(std::string path) : m_path(std::move(path)) {
  std::string pattern = m_path + ".partial-XXXXXX";
  m_fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (m_fd < 0) throw std::system_error(errno, std::generic_category(), "cannot write " + m_path);
  ::fchmod(m_fd, 0644);
  m_temporary = pattern;
}

HtmlReport::~HtmlReport() {
  if (m_finished) return;
  if (m_fd >= 0) ::close(m_fd);
  ::unlink(m_temporary.c_str());
}

void HtmlReport::begin_pass(std::size_t number) {
  if (m_passes.size() <= number) m_passes.resize(number + 1);
  m_pass = number;
}

void HtmlReport::write(const http::Result& result) {
  Kept& kept = m_passes[m_pass];
  if (result.error) {
    if (kept.failures.size() < k_failures) {
      kept.failures.push_back({{"index", result.index},
                               {"url", result.url},
                               {"kind", std::string(http::to_string(result.error->kind))},
                               {"message", result.error->message}});
    } else {
      ++kept.failures_not_listed;
    }
  }
  if (result.attempts == 0) return;  // never fetched: no phases to draw
  // The first URLs: a max-heap by index keeps the k_rows smallest.
  auto by_index = [](const TimelineRow& a, const TimelineRow& b) { return a.index < b.index; };
  if (kept.first.size() < k_rows || result.index < kept.first.front().index) {
    kept.first.push_back(TimelineRow::of(result));
    std::push_heap(kept.first.begin(), kept.first.end(), by_index);
    if (kept.first.size() > k_rows) {
      std::pop_heap(kept.first.begin(), kept.first.end(), by_index);
      kept.first.pop_back();
    }
  }
  // The slowest: a min-heap by total keeps the k_rows longest.
  auto by_total = [](const TimelineRow& a, const TimelineRow& b) {
    return a.ms.total > b.ms.total;
  };
  if (kept.slowest.size() < k_rows || result.ms.total > kept.slowest.front().ms.total) {
    kept.slowest.push_back(TimelineRow::of(result));
    std::push_heap(kept.slowest.begin(), kept.slowest.end(), by_total);
    if (kept.slowest.size() > k_rows) {
      std::pop_heap(kept.slowest.begin(), kept.slowest.end(), by_total);
      kept.slowest.pop_back();
    }
  }
}

nlohmann::ordered_json HtmlReport::rows_json(std::vector<TimelineRow> rows,
                                             std::chrono::steady_clock::time_point zero,
                                             bool slowest_first) const {
  std::sort(rows.begin(), rows.end(), [&](const TimelineRow& a, const TimelineRow& b) {
    return slowest_first ? a.ms.total > b.ms.total : a.index < b.index;
  });
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const TimelineRow& row : rows) {
    const double start = row.start == std::chrono::steady_clock::time_point{}
                             ? 0.0
                             : std::max(0.0, ms_between(zero, row.start));
    out.push_back({{"index", row.index},
                   {"url", row.url},
                   {"start_ms", round3(start)},
                   {"queued_ms", round3(row.queued)},
                   {"dns", round3(row.ms.dns)},
                   {"connect", round3(row.ms.connect)},
                   {"tls", round3(row.ms.tls)},
                   {"wait", round3(row.ms.wait)},
                   {"receive", round3(row.ms.receive)},
                   {"total", round3(row.ms.total)},
                   {"status", row.status},
                   {"error", row.failure}});
  }
  return out;
}

void HtmlReport::finish(const Run& run) {
  nlohmann::ordered_json data;
  data["generator"] = std::string("cofetch ") + k_version;
  data["generated_at"] = rfc3339_utc(std::chrono::system_clock::now());
  data["command"] = run.command;
  if (run.summary && run.summary->stats) {
    data["summary"] = summary_object(*run.summary);
    nlohmann::ordered_json histogram = nlohmann::ordered_json::array();
    for (const LatencyRow& row : latency_rows(run.summary->stats->latency(), 20)) {
      histogram.push_back(
          {{"from_ms", round3(row.from_ms)}, {"to_ms", round3(row.to_ms)}, {"count", row.count}});
    }
    data["histogram"] = histogram;
    if (run.summary->comparison && run.summary->comparison->sequential) {
      RunSummary sequential = *run.summary;
      sequential.stats = run.summary->comparison->sequential;
      sequential.wall_ms = run.summary->comparison->sequential_wall_ms;
      sequential.concurrency = 1;
      sequential.comparison.reset();
      data["sequential"] = summary_object(sequential);
    }
  }
  const Kept& kept = m_passes.at(run.pass);
  data["shown"] = run.pass_label;
  data["first"] = rows_json(kept.first, run.started, false);
  data["slowest"] = rows_json(kept.slowest, run.started, true);
  data["failures"] = kept.failures;
  data["failures_not_listed"] = kept.failures_not_listed;
  data["sweep"] = run.sweep ? *run.sweep : nlohmann::ordered_json(nullptr);

  write_all(m_fd, html_page(script_safe(dump_line(data))), m_path);
  if (::close(m_fd) != 0) {
    m_fd = -1;
    throw std::system_error(errno, std::generic_category(), "cannot write " + m_path);
  }
  m_fd = -1;
  if (::rename(m_temporary.c_str(), m_path.c_str()) != 0)
    throw std::system_error(errno, std::generic_category(), "cannot write " + m_path);
  m_finished = true;
}

}  // namespace cofetch::report
