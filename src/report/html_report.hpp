#pragma once
// --report FILE.html: one self-contained HTML file (inline CSS, JavaScript and
// SVG; it loads nothing, so it works offline and can be mailed): the summary,
// statuses and errors, the latency histogram, a waterfall of phases for the
// slowest and the first URLs (the URL on hover), the failed URLs, both passes of
// --compare, and the curve and recommendation of --sweep.
//
// It streams: memory holds only what it draws (the histogram lives in the run's
// statistics; here, the k_rows slowest and first URLs and k_failures failures,
// with a count of the rest), whatever the length of the list. A sweep sends every
// level: each is kept apart (begin_pass), and the page draws the one it is told. Every text from a
// URL or a server reaches the page as JSON data that the page shows with
// textContent: a URL holding "<script>" is shown, never run.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/result_sink.hpp"
#include "report/summary.hpp"
#include "report/timeline_row.hpp"

namespace cofetch::report {

class HtmlReport final : public ResultSink {
 public:
  static constexpr std::size_t k_rows = 20;
  static constexpr std::size_t k_failures = 200;

  // Checks that FILE can be written (creating its temporary file next to it).
  // Throws std::system_error naming the path.
  explicit HtmlReport(std::string path);
  HtmlReport(const HtmlReport&) = delete;
  HtmlReport& operator=(const HtmlReport&) = delete;
  ~HtmlReport() override;  // a report never finished leaves no file

  void write(const http::Result& result) override;

  // The results written from now on belong to pass `number` (0 until called).
  void begin_pass(std::size_t number);

  // What the page shows besides the URLs it kept.
  struct Run {
    const RunSummary* summary = nullptr;  // the pass drawn (with --compare's comparison)
    std::size_t pass = 0;                 // whose URLs are drawn
    std::string pass_label;               // what that pass was, when there were several
    std::chrono::steady_clock::time_point started{};  // of that pass: the waterfall's zero
    std::optional<nlohmann::ordered_json> sweep;      // --sweep: sweep_json()
    std::string command;                              // how cofetch was called
  };

  // Writes the page and gives it its name. Throws std::system_error on failure.
  void finish(const Run& run);

  const std::string& path() const noexcept { return m_path; }

 private:
  nlohmann::ordered_json rows_json(std::vector<TimelineRow> rows,
                                   std::chrono::steady_clock::time_point zero,
                                   bool slowest_first) const;

  // What one pass's page would draw.
  struct Kept {
    std::vector<TimelineRow> first;    // the k_rows smallest indexes (a max-heap by index)
    std::vector<TimelineRow> slowest;  // the k_rows longest totals (a min-heap by total)
    nlohmann::ordered_json failures = nlohmann::ordered_json::array();
    std::size_t failures_not_listed = 0;
  };

  std::string m_path;
  std::string m_temporary;
  int m_fd = -1;
  std::vector<Kept> m_passes{1};
  std::size_t m_pass = 0;
  bool m_finished = false;
};

// The page around a JSON document (html_template.cpp).
std::string html_page(const std::string& data_json);

}  // namespace cofetch::report
