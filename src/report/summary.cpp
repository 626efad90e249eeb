#include "report/summary.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "report/format.hpp"
#include "report/json_text.hpp"
#include "report/latency_bars.hpp"

namespace cofetch::report {

void BatchStats::add(const http::Result& result) {
  ++m_count;
  m_bytes += result.bytes;
  m_sum_ms += result.ms.total;
  if (result.error) {
    ++m_failed;
    ++m_errors[std::string(http::to_string(result.error->kind))];
    return;
  }
  const int status = result.status.value_or(0);
  ++m_by_status[status];
  if (result.unchanged) ++m_unchanged;
  if (status >= 200 && status < 300) ++m_ok;
  m_latency.add(result.ms.total);
}

std::size_t BatchStats::status_class(int first) const {
  std::size_t total = 0;
  for (auto it = m_by_status.lower_bound(first); it != m_by_status.end() && it->first < first + 100;
       ++it) {
    total += it->second;
  }
  return total;
}

namespace {

double per_second(std::size_t count, double wall_ms) {
  return wall_ms > 0 ? static_cast<double>(count) * 1000.0 / wall_ms : 0.0;
}

std::string latency_line(const LatencyHistogram& latency) {
  if (latency.count() == 0) return "  latency    no responses\n";
  return fmt::format("  latency    min {}  p50 {}  p90 {}  p99 {}  max {}\n",
                     human_duration(*latency.min()), human_duration(*latency.percentile(50)),
                     human_duration(*latency.percentile(90)),
                     human_duration(*latency.percentile(99)), human_duration(*latency.max()));
}

std::string errors_line(const BatchStats& stats) {
  if (stats.failed() == 0) return "  errors     none\n";
  std::string parts;
  for (const auto& [kind, count] : stats.errors())
    parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", kind, count);
  return fmt::format("  errors     {} ({})\n", stats.failed(), parts);
}

// --compare: the two passes side by side, and what concurrency bought.
std::string comparison_table(const RunSummary& summary) {
  const Comparison& c = *summary.comparison;
  const BatchStats& concurrent = *summary.stats;
  const std::optional<std::string> unfair = c.unfair(concurrent.count());
  const double speedup =
      c.concurrent_wall_ms > 0 ? c.sequential_wall_ms / c.concurrent_wall_ms : 0.0;
  const std::size_t concurrency = summary.concurrency.value_or(1);
  const std::string concurrent_name = fmt::format("-j {}", concurrency);
  auto row = [](std::string_view name, const std::string& left, const std::string& right) {
    return fmt::format("             {:<11}{:>15}{:>13}\n", name, left, right);
  };
  auto percentile = [](const BatchStats* stats, double p) {
    auto value = stats ? stats->latency().percentile(p) : std::nullopt;
    return value ? human_duration(*value) : std::string("-");
  };
  auto count = [](const BatchStats* stats, std::size_t (BatchStats::*field)() const) {
    return stats ? std::to_string((stats->*field)()) : std::string("-");
  };
  std::string text =
      fmt::format("  compare    {:<11}{:>15}{:>13}\n", "", "one at a time", concurrent_name);
  text += row("wall", human_duration(c.sequential_wall_ms), human_duration(c.concurrent_wall_ms));
  text += row("own times", c.sequential ? human_duration(c.sequential->sum_ms()) : "-",
              human_duration(concurrent.sum_ms()));
  text += row("req/s",
              fmt::format("{:.1f}", per_second(c.sequential ? c.sequential->count() : 0,
                                               c.sequential_wall_ms)),
              fmt::format("{:.1f}", per_second(concurrent.count(), c.concurrent_wall_ms)));
  text += row("p50", percentile(c.sequential, 50), percentile(&concurrent, 50));
  text += row("p99", percentile(c.sequential, 99), percentile(&concurrent, 99));
  text += row("errors", count(c.sequential, &BatchStats::failed),
              count(&concurrent, &BatchStats::failed));
  if (unfair) {
    text += row("speed-up", "", "-");
    text += fmt::format("             (no fair comparison: {})\n", *unfair);
    return text;
  }
  text += row("speed-up", "", fmt::format("{:.1f}x", speedup));
  text +=
      row("efficiency", "",
          fmt::format("{:.0f}%", 100.0 * speedup /
                                     static_cast<double>(std::max<std::size_t>(1, concurrency))));
  text += fmt::format(
      "             (efficiency: the speed-up divided by the {} concurrent slots)\n", concurrency);
  return text;
}

// What the hosts did, when anything happened: "  hosts      2 slowed by 37 refusals
// (429/503); 1 given up: never connected, 12 URLs skipped; 1 name unresolved".
std::string hosts_line(const HostCounts& hosts, const BatchStats& stats) {
  if (!hosts.any()) return {};
  auto plural = [](std::size_t count, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", count, count == 1 ? one : many);
  };
  std::string parts;
  auto add = [&parts](const std::string& part) { parts += (parts.empty() ? "" : "; ") + part; };
  if (hosts.refusals > 0) {
    add(fmt::format("{} slowed by {} (429/503)", hosts.slowed,
                    plural(hosts.refusals, "refusal", "refusals")));
  }
  if (hosts.given_up > 0) {
    const auto skipped = stats.errors().find("host_skipped");
    add(fmt::format("{} given up: never connected, {} skipped", hosts.given_up,
                    plural(skipped == stats.errors().end() ? 0 : skipped->second, "URL", "URLs")));
  }
  if (hosts.unresolved > 0)
    add(fmt::format("{} unresolved, each looked up once",
                    plural(hosts.unresolved, "name", "names")));
  return fmt::format("  hosts      {}\n", parts);
}

// What the figures cover: "-j 50" for a run, "4 files" for merged files.
std::string scope(const RunSummary& summary) {
  if (summary.files)
    return fmt::format("{} file{}", *summary.files, *summary.files == 1 ? "" : "s");
  if (summary.concurrency) return fmt::format("-j {}", *summary.concurrency);
  return {};
}

}  // namespace

std::optional<std::string> Comparison::unfair(std::size_t urls) const {
  if (urls < 2) return std::string("a single URL: nothing can run at the same time");
  if (differing > 0) {
    return fmt::format(
        "{} URL{} came back differently in the two passes (a status or a failure "
        "that the other pass did not meet)",
        differing, differing == 1 ? "" : "s");
  }
  return std::nullopt;
}

std::string summary_text(const RunSummary& summary) {
  const BatchStats& stats = *summary.stats;
  // A run stopped early says how much of the list it covered.
  const std::string of_expected = summary.expected && *summary.expected > stats.count()
                                      ? fmt::format(" of {}", *summary.expected)
                                      : std::string();
  std::string text = fmt::format(
      "{}{} URL{} in {}, {:.1f} req/s, {} received ({})\n", stats.count(), of_expected,
      stats.count() == 1 && of_expected.empty() ? "" : "s", human_duration(summary.wall_ms),
      per_second(stats.count(), summary.wall_ms), human_bytes(stats.bytes()), scope(summary));
  if (summary.shard) {
    text +=
        fmt::format("  shard      {}: {} of {} URL{} in the input (by host)\n", summary.shard->name,
                    summary.shard->kept, summary.shard->read, summary.shard->read == 1 ? "" : "s");
  }
  if (summary.proxy) text += fmt::format("  proxy      {}\n", *summary.proxy);
  if (summary.asked_if_changed) {
    text += fmt::format("  unchanged  {} of {} (304: not modified since the earlier run)\n",
                        stats.unchanged(), stats.count());
  }
  if (summary.repeats) {
    text += fmt::format("  unique     {} repeated URL{} left out (--unique)\n", *summary.repeats,
                        *summary.repeats == 1 ? "" : "s");
  }
  if (!summary.resumed_from.empty()) {
    text += fmt::format("  resumed    {} URL{} already in {} skipped\n", summary.skipped,
                        summary.skipped == 1 ? "" : "s", summary.resumed_from);
  }
  text += fmt::format("  responses  2xx {}  3xx {}  4xx {}  5xx {}\n", stats.status_class(200),
                      stats.status_class(300), stats.status_class(400), stats.status_class(500));
  text += errors_line(stats);
  if (summary.hosts) text += hosts_line(*summary.hosts, stats);
  text += latency_line(stats.latency());
  text += draw_latency_bars(latency_rows(stats.latency(), 8), summary.style, 32, "             ");
  if (stats.count() == 1) {
    text += "  speed-up   - (a single URL: nothing ran at the same time)\n";
  } else if (summary.wall_ms > 0 && stats.sum_ms() > 0) {
    text +=
        fmt::format("  speed-up   {:.1f}x over one by one (the fetches' own times add up to {})\n",
                    stats.sum_ms() / summary.wall_ms, human_duration(stats.sum_ms()));
  }
  if (summary.comparison) text += comparison_table(summary);
  return text;
}

nlohmann::ordered_json summary_object(const RunSummary& summary) {
  const BatchStats& stats = *summary.stats;
  nlohmann::ordered_json out;
  out["count"] = stats.count();
  out["ok"] = stats.ok();
  nlohmann::ordered_json by_status = nlohmann::ordered_json::object();
  for (const auto& [status, count] : stats.by_status()) by_status[std::to_string(status)] = count;
  out["by_status"] = by_status;
  nlohmann::ordered_json errors = nlohmann::ordered_json::object();
  for (const auto& [kind, count] : stats.errors()) errors[kind] = count;
  out["errors"] = errors;
  out["wall_ms"] = round3(summary.wall_ms);
  out["sum_ms"] = round3(stats.sum_ms());
  out["req_per_s"] = round3(per_second(stats.count(), summary.wall_ms));
  out["bytes"] = stats.bytes();
  const LatencyHistogram& latency = stats.latency();
  auto value = [](std::optional<double> ms) {
    return ms ? nlohmann::ordered_json(round3(*ms)) : nlohmann::ordered_json(nullptr);
  };
  out["latency_ms"] = {{"min", value(latency.min())},
                       {"p50", value(latency.percentile(50))},
                       {"p90", value(latency.percentile(90))},
                       {"p99", value(latency.percentile(99))},
                       {"max", value(latency.max())}};
  if (summary.concurrency) out["concurrency"] = *summary.concurrency;
  if (summary.hosts) {
    out["hosts"] = {{"refusals", summary.hosts->refusals},
                    {"slowed", summary.hosts->slowed},
                    {"given_up", summary.hosts->given_up},
                    {"unresolved", summary.hosts->unresolved}};
  }
  if (summary.proxy) out["proxy"] = *summary.proxy;
  if (summary.files) out["files"] = *summary.files;
  if (!summary.resumed_from.empty()) out["skipped"] = summary.skipped;
  if (summary.repeats) out["repeats"] = *summary.repeats;
  if (summary.asked_if_changed) out["unchanged"] = stats.unchanged();
  if (summary.shard) {
    out["shard"] = summary.shard->name;
    out["shard_of_input"] = {{"kept", summary.shard->kept}, {"read", summary.shard->read}};
  }
  if (summary.comparison) {
    const Comparison& c = *summary.comparison;
    out["sequential_wall_ms"] = round3(c.sequential_wall_ms);
    out["concurrent_wall_ms"] = round3(c.concurrent_wall_ms);
    out["sequential_sum_ms"] = round3(c.sequential ? c.sequential->sum_ms() : 0.0);
    out["concurrent_sum_ms"] = round3(stats.sum_ms());
    const double speedup =
        c.concurrent_wall_ms > 0 ? c.sequential_wall_ms / c.concurrent_wall_ms : 0.0;
    if (auto unfair = c.unfair(stats.count())) {
      out["speedup"] = nullptr;
      out["efficiency"] = nullptr;
      out["unfair"] = *unfair;
    } else {
      out["speedup"] = round3(speedup);
      // As in the text table: the speed-up divided by the concurrent slots.
      out["efficiency"] = round3(
          speedup / static_cast<double>(std::max<std::size_t>(1, summary.concurrency.value_or(1))));
    }
  }
  return out;
}

std::string summary_json(const RunSummary& summary) {
  return dump_line(summary_object(summary)) + "\n";
}

}  // namespace cofetch::report
