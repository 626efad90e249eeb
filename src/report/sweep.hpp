#pragma once
// The concurrency sweep (--sweep): the same list at several levels of -j, and the
// level to use. Per level: wall, requests/s, p50/p90/p99, errors by kind, the
// speed-up over the lowest level; a chart of requests/s (and p99) by level; and a
// recommendation that says why.
//
// The recommendation is the smallest level within 5% of the best throughput,
// among the levels before trouble starts: the first level where URLs fail or the
// server answers 429 or 503 marks the knee, and the levels from there on are not
// candidates; nor is a level where more than --sweep-max-errors of the URLs had
// trouble (failing fast is not throughput), nor one above the list's length when
// a lower level already fetched that many at once. No candidate, no recommendation.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/style.hpp"
#include "report/summary.hpp"

namespace cofetch::report {

struct SweepLevel {
  std::size_t level = 1;
  double wall_ms = 0;
  const BatchStats* stats = nullptr;

  double req_per_s() const;
  // Failures of any kind, and 429 and 503 answers: what tells the server had enough.
  std::size_t trouble() const;
  double trouble_rate() const;
};

struct Sweep {
  std::vector<SweepLevel> levels;     // the levels run, in order
  std::vector<std::size_t> skipped;   // levels not run: the sweep stopped climbing
  double max_trouble_rate = 0.05;     // --sweep-max-errors
  std::optional<std::size_t> sample;  // --sweep-sample: the first N URLs only
  std::size_t list_size = 0;          // URLs in the list (before sampling)
  bool warm = false;                  // --sweep-warm: connections kept between levels
};

struct Recommendation {
  std::optional<std::size_t> level;  // none when every level had too much trouble
  std::string why;
  std::optional<std::size_t> knee;  // the first level with trouble, if any
};

// Nothing when no level ran.
std::optional<Recommendation> recommend(const Sweep& sweep);

// The table, the chart and the recommendation, for standard error.
std::string sweep_text(const Sweep& sweep, const Style& style);

// The same as data: {"levels": [...], "recommended", "why", "knee", "stopped", ...}.
nlohmann::ordered_json sweep_json(const Sweep& sweep);

// The levels of "auto": powers of two from 1 up to `highest`, and `highest`.
std::vector<std::size_t> auto_levels(std::size_t highest);

}  // namespace cofetch::report
