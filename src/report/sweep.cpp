#include "report/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/format.hpp"
#include "report/json_text.hpp"

namespace cofetch::report {

namespace {

// How close to the best throughput a level must be to be recommended.
constexpr double k_near_best = 0.95;

std::string optional_ms(std::optional<double> ms) {
  return ms ? human_duration(*ms) : std::string("-");
}

std::string errors_cell(const SweepLevel& level) {
  std::string cell;
  for (const auto& [kind, count] : level.stats->errors())
    cell += fmt::format("{}{} {}", cell.empty() ? "" : ", ", kind, count);
  for (int status : {429, 503}) {
    const auto found = level.stats->by_status().find(status);
    if (found != level.stats->by_status().end())
      cell += fmt::format("{}{} {}", cell.empty() ? "" : ", ", status, found->second);
  }
  return cell.empty() ? "0" : cell;
}

// A bar `value / most` of `width` columns.
std::string bar(double value, double most, int width, const Style& style) {
  const int columns = most > 0 ? static_cast<int>(std::lround(width * value / most)) : 0;
  std::string drawn;
  for (int i = 0; i < columns; ++i) drawn += style.unicode ? "█" : "#";
  return drawn;
}

}  // namespace

double SweepLevel::req_per_s() const {
  return wall_ms > 0 ? static_cast<double>(stats->count()) * 1000.0 / wall_ms : 0.0;
}

std::size_t SweepLevel::trouble() const {
  std::size_t count = stats->failed();
  for (int status : {429, 503}) {
    const auto found = stats->by_status().find(status);
    if (found != stats->by_status().end()) count += found->second;
  }
  return count;
}

double SweepLevel::trouble_rate() const {
  return stats->count() ? static_cast<double>(trouble()) / static_cast<double>(stats->count())
                        : 0.0;
}

std::optional<Recommendation> recommend(const Sweep& sweep) {
  if (sweep.levels.empty()) return std::nullopt;
  Recommendation made;
  // The knee: trouble where the level below had none (trouble at every level is
  // not the concurrency's doing).
  std::size_t before_knee = sweep.levels.size();
  for (std::size_t i = 1; i < sweep.levels.size(); ++i) {
    if (sweep.levels[i].trouble() > 0 && sweep.levels[i - 1].trouble() == 0) {
      made.knee = sweep.levels[i].level;
      before_knee = i;
      break;
    }
  }
  // A level where too many URLs failed is fast for the wrong reason: not a candidate.
  // Nor is one above the list's length when a lower level already ran as many
  // fetches at once: any difference between them is noise.
  auto in_flight = [&](std::size_t i) {
    return std::min(sweep.levels[i].level, sweep.levels[i].stats->count());
  };
  auto candidate = [&](std::size_t i) {
    if (i >= before_knee || sweep.levels[i].trouble_rate() > sweep.max_trouble_rate) return false;
    for (std::size_t lower = 0; lower < sweep.levels.size(); ++lower) {
      if (sweep.levels[lower].level < sweep.levels[i].level && in_flight(lower) == in_flight(i))
        return false;
    }
    return true;
  };
  double best = 0;
  std::optional<std::size_t> best_level;
  for (std::size_t i = 0; i < sweep.levels.size(); ++i) {
    if (candidate(i) && (!best_level || sweep.levels[i].req_per_s() > best)) {
      best = sweep.levels[i].req_per_s();
      best_level = sweep.levels[i].level;
    }
  }
  if (!best_level) {
    made.why = fmt::format(
        "none: at every level run, more than {:g}% of URLs failed or got 429/503 (see the "
        "errors; --sweep-max-errors PCT allows more)",
        100.0 * sweep.max_trouble_rate);
    return made;
  }
  for (std::size_t i = 0; i < sweep.levels.size(); ++i) {
    const std::size_t level = sweep.levels[i].level;
    if (candidate(i) && sweep.levels[i].req_per_s() >= k_near_best * best &&
        (!made.level || level < *made.level))
      made.level = level;
  }
  made.why = made.level == best_level
                 ? fmt::format("the best throughput, {:.1f} req/s", best)
                 : fmt::format(
                       "the smallest level within 5% of the best throughput ({:.1f} req/s at "
                       "-j {})",
                       best, *best_level);
  if (made.knee) {
    const auto& at = *std::find_if(sweep.levels.begin(), sweep.levels.end(),
                                   [&](const SweepLevel& l) { return l.level == *made.knee; });
    made.why +=
        fmt::format("; failures or 429/503 start at -j {} ({})", *made.knee, errors_cell(at));
  }
  return made;
}

std::string sweep_text(const Sweep& sweep, const Style& style) {
  if (sweep.levels.empty()) return "sweep: no level ran\n";
  const std::size_t urls = sweep.levels.front().stats->count();
  std::string text = fmt::format(
      "sweep: {} URL{} at {} level{}, each {}{}\n", urls, urls == 1 ? "" : "s", sweep.levels.size(),
      sweep.levels.size() == 1 ? "" : "s",
      sweep.warm ? "on the connections of the level before" : "on fresh connections",
      sweep.sample ? fmt::format(" (a sample: the first {} of {} URLs)", urls, sweep.list_size)
                   : std::string());
  text += fmt::format("  {:>6}{:>11}{:>10}{:>11}{:>11}{:>11}{:>10}  {}\n", "-j", "wall", "req/s",
                      "p50", "p90", "p99", "speed-up", "errors");
  const double base = sweep.levels.front().req_per_s();
  double most_rate = 0;
  double most_p99 = 0;
  for (const SweepLevel& level : sweep.levels) {
    const LatencyHistogram& latency = level.stats->latency();
    text += fmt::format("  {:>6}{:>11}{:>10.1f}{:>11}{:>11}{:>11}{:>9.1f}x  {}\n", level.level,
                        human_duration(level.wall_ms), level.req_per_s(),
                        optional_ms(latency.percentile(50)), optional_ms(latency.percentile(90)),
                        optional_ms(latency.percentile(99)),
                        base > 0 ? level.req_per_s() / base : 0.0, errors_cell(level));
    most_rate = std::max(most_rate, level.req_per_s());
    most_p99 = std::max(most_p99, latency.percentile(99).value_or(0));
  }
  text += "  req/s by level                         p99 by level\n";
  for (const SweepLevel& level : sweep.levels) {
    const double p99 = level.stats->latency().percentile(99).value_or(0);
    text += fmt::format("  {:>6} {:<20} {:>9.1f}     {:<20} {}\n", level.level,
                        bar(level.req_per_s(), most_rate, 20, style), level.req_per_s(),
                        bar(p99, most_p99, 20, style),
                        optional_ms(p99 > 0 ? std::optional(p99) : std::nullopt));
  }
  if (!sweep.skipped.empty()) {
    const SweepLevel& last = sweep.levels.back();
    text += fmt::format(
        "  stopped climbing after -j {}: {:.0f}% of its URLs failed or got 429/503 "
        "(more than {:.0f}%); not run:",
        last.level, 100.0 * last.trouble_rate(), 100.0 * sweep.max_trouble_rate);
    for (std::size_t level : sweep.skipped) text += fmt::format(" {}", level);
    text += "\n";
  }
  if (const auto made = recommend(sweep)) {
    if (made->level)
      text += fmt::format("  recommended: -j {}: {}\n", *made->level, made->why);
    else
      text += fmt::format("  recommended: {}\n", made->why);
  }
  return text;
}

nlohmann::ordered_json sweep_json(const Sweep& sweep) {
  nlohmann::ordered_json out;
  nlohmann::ordered_json levels = nlohmann::ordered_json::array();
  const double base = sweep.levels.empty() ? 0.0 : sweep.levels.front().req_per_s();
  for (const SweepLevel& level : sweep.levels) {
    const LatencyHistogram& latency = level.stats->latency();
    auto ms = [](std::optional<double> value) {
      return value ? nlohmann::ordered_json(round3(*value)) : nlohmann::ordered_json(nullptr);
    };
    nlohmann::ordered_json errors = nlohmann::ordered_json::object();
    for (const auto& [kind, count] : level.stats->errors()) errors[kind] = count;
    levels.push_back({{"level", level.level},
                      {"count", level.stats->count()},
                      {"wall_ms", round3(level.wall_ms)},
                      {"req_per_s", round3(level.req_per_s())},
                      {"latency_ms",
                       {{"p50", ms(latency.percentile(50))},
                        {"p90", ms(latency.percentile(90))},
                        {"p99", ms(latency.percentile(99))}}},
                      {"errors", errors},
                      {"trouble", level.trouble()},
                      {"speedup", base > 0 ? round3(level.req_per_s() / base) : 0.0}});
  }
  out["levels"] = levels;
  const auto made = recommend(sweep);
  out["recommended"] =
      made && made->level ? nlohmann::ordered_json(*made->level) : nlohmann::ordered_json(nullptr);
  out["why"] = made ? nlohmann::ordered_json(made->why) : nlohmann::ordered_json(nullptr);
  out["knee"] =
      made && made->knee ? nlohmann::ordered_json(*made->knee) : nlohmann::ordered_json(nullptr);
  out["not_run"] = sweep.skipped;
  out["max_error_rate"] = sweep.max_trouble_rate;
  out["sample"] =
      sweep.sample ? nlohmann::ordered_json(*sweep.sample) : nlohmann::ordered_json(nullptr);
  out["warm"] = sweep.warm;
  return out;
}

std::vector<std::size_t> auto_levels(std::size_t highest) {
  std::vector<std::size_t> levels;
  for (std::size_t level = 1; level < highest; level *= 2) levels.push_back(level);
  levels.push_back(std::max<std::size_t>(1, highest));
  return levels;
}

}  // namespace cofetch::report
