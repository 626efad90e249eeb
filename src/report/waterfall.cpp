#include "report/waterfall.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "cofetch/url/parts.hpp"
#include "report/format.hpp"

namespace cofetch::report {

namespace {

enum class Phase { queued, dns, connect, tls, wait, receive, none };

struct Glyph {
  std::string_view unicode;
  char ascii;
  Color color;
  std::string_view name;
};

constexpr std::array<Glyph, 6> k_glyphs = {{
    {"·", '.', Color::dim, "queued"},
    {"d", 'd', Color::cyan, "dns"},
    {"c", 'c', Color::yellow, "connect"},
    {"s", 's', Color::magenta, "tls"},
    {"░", '-', Color::blue, "wait"},
    {"█", '=', Color::green, "receive"},
}};

std::string glyph(Phase phase, const Style& style) {
  const Glyph& g = k_glyphs[static_cast<std::size_t>(phase)];
  return style.paint(style.unicode ? std::string(g.unicode) : std::string(1, g.ascii), g.color);
}

// scheme://host:port of a URL, for deciding whether labels may drop it.
// The end of `text` in at most `width` columns (ASCII after sanitising).
std::string fit_left(const std::string& text, std::size_t width, const Style& style) {
  if (text.size() <= width) return text;
  const std::string ellipsis = style.unicode ? "…" : "~";
  return ellipsis + text.substr(text.size() - (width - 1));
}

// Labels a time on the axis compactly: "0", "250 ms", "1.5 s".
std::string axis_label(double ms) {
  if (ms <= 0) return "0";
  if (ms < 1000) return fmt::format("{:.0f} ms", ms);
  return fmt::format("{:.3g} s", ms / 1000);
}

}  // namespace

void Waterfall::add(const http::Result& result) {
  if (result.index >= m_max_rows) {
    if (result.attempts > 0) ++m_seen;
    return;
  }
  if (result.attempts == 0 || result.transfer_start == std::chrono::steady_clock::time_point{}) {
    ++m_not_fetched;
    return;
  }
  ++m_seen;
  TimelineRow row = TimelineRow::of(result);
  row.url = sanitize_for_terminal(row.url);
  m_rows.push_back(std::move(row));
}

std::string Waterfall::draw(std::chrono::steady_clock::time_point origin, const Style& style,
                            int width) const {
  if (m_rows.empty()) return "waterfall: nothing was fetched\n";
  std::vector<TimelineRow> rows = m_rows;
  std::sort(rows.begin(), rows.end(),
            [](const TimelineRow& a, const TimelineRow& b) { return a.index < b.index; });

  // Where each row starts and ends on the axis, in milliseconds from the origin.
  auto offset = [&](const TimelineRow& row) {
    return std::chrono::duration<double, std::milli>(row.start - origin).count();
  };
  double span = 1;
  for (const TimelineRow& row : rows) span = std::max(span, offset(row) + row.ms.total);

  const bool same_origin = std::all_of(rows.begin(), rows.end(), [&](const TimelineRow& row) {
    return url::written_origin(row.url) == url::written_origin(rows.front().url);
  });
  const std::size_t prefix = same_origin ? url::written_origin(rows.front().url).size() : 0;
  const std::size_t label_width = static_cast<std::size_t>(std::clamp(width / 4, 10, 32));
  const int bar_width = std::max(10, width - static_cast<int>(label_width) - 5 - 2 - 12);
  const double per_column = span / bar_width;

  std::string out = fmt::format("waterfall: the first {} of {} fetches, one column = {}\n",
                                rows.size(), m_seen, human_duration(per_column));
  out += "  ";
  for (std::size_t phase = 0; phase < k_glyphs.size(); ++phase) {
    out += glyph(static_cast<Phase>(phase), style) + " " + std::string(k_glyphs[phase].name) + "  ";
  }
  out += "\n";

  // The axis: 0 at the left, the middle, the span at the right.
  std::string axis(static_cast<std::size_t>(bar_width), ' ');
  const std::string middle = axis_label(span / 2);
  const std::string end = axis_label(span);
  axis.replace(0, 1, "0");
  if (static_cast<int>(middle.size()) < bar_width / 2 - 2)
    axis.replace(static_cast<std::size_t>(bar_width / 2), middle.size(), middle);
  if (static_cast<int>(end.size()) < bar_width / 3)
    axis.replace(static_cast<std::size_t>(bar_width) - end.size(), end.size(), end);
  out +=
      fmt::format("{:>4} {:<{}} |{}|\n", "#",
                  same_origin ? url::written_origin(rows.front().url) : "url", label_width, axis);

  for (const TimelineRow& row : rows) {
    const double start = offset(row);
    const double queued_from = std::max(0.0, start - row.queued);
    const http::Phases& p = row.ms;
    const double waiting =
        std::max(0.0, p.total - p.dns - p.connect - p.tls - p.receive);  // send, redirects too
    const double connected = start + p.dns + p.connect;
    // Phase boundaries along the axis.
    const std::array<std::pair<Phase, double>, 6> ends = {
        {{Phase::queued, start},
         {Phase::dns, start + p.dns},
         {Phase::connect, connected},
         {Phase::tls, connected + p.tls},
         {Phase::wait, connected + p.tls + waiting},
         {Phase::receive, start + p.total}}};
    auto phase_at = [&](double time) {
      if (time < queued_from) return Phase::none;
      for (const auto& [phase, boundary] : ends) {
        if (time < boundary) return phase;
      }
      return Phase::none;
    };
    std::string bar;
    bool drew = false;
    for (int column = 0; column < bar_width; ++column) {
      const Phase phase = phase_at((column + 0.5) * per_column);
      drew |= phase != Phase::none;
      bar += phase == Phase::none ? " " : glyph(phase, style);
    }
    if (!drew) {
      // Shorter than a column: one mark where it started, in its longest phase.
      const Phase longest = p.receive >= p.wait ? Phase::receive : Phase::wait;
      const int column = std::min(bar_width - 1, static_cast<int>(start / per_column));
      std::string marked;
      for (int c = 0; c < bar_width; ++c) marked += c == column ? glyph(longest, style) : " ";
      bar = marked;
    }
    const std::string label =
        fit_left(row.url.substr(std::min(prefix, row.url.size())), label_width, style);
    const std::string total = row.failure.empty() ? human_duration(p.total) : row.failure;
    out += fmt::format("{:>4} {:<{}} |{}| {}\n", row.index, label, label_width, bar,
                       row.failure.empty() ? total : style.paint(total, Color::red));
  }
  if (m_seen > rows.size()) {
    out += fmt::format("  ... {} more fetch{} not shown (--waterfall-rows N shows more)\n",
                       m_seen - rows.size(), m_seen - rows.size() == 1 ? "" : "es");
  }
  if (m_not_fetched > 0)
    out += fmt::format("  ({} of the first lines were not fetched)\n", m_not_fetched);
  return out;
}

}  // namespace cofetch::report
