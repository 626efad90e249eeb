#include <algorithm>
#include <charconv>

#include "report/format.hpp"
#include "report/sink.hpp"

namespace cofetch::report {

namespace {

// Wide enough for every status and every error kind but too_many_redirects.
constexpr std::size_t k_first_column = 12;

Color status_color(const http::Result& result) {
  if (result.error) return Color::red;
  const int status = result.status.value_or(0);
  if (status >= 500) return Color::red;
  if (status >= 400) return Color::yellow;
  if (status >= 300) return Color::cyan;
  return Color::green;
}

class TextSink final : public ResultSink {
 public:
  TextSink(Output& out, TextOptions options) : m_out(out), m_options(options) {}

  void write(const http::Result& result) override {
    const Style& style = m_options.style;
    m_line.clear();  // reused: no allocation per line once it is large enough
    // Scripts can take the first column: a status code, or the kind of failure.
    // Padding is measured on the plain text; colour codes take no columns.
    m_cell.clear();
    if (result.error) {
      m_cell.append(http::to_string(result.error->kind));
    } else {
      char digits[16];
      m_cell.append(digits,
                    std::to_chars(digits, digits + sizeof digits, result.status.value_or(0)).ptr);
    }
    m_cell.resize(std::max<std::size_t>(m_cell.size(), k_first_column), ' ');
    style.paint_to(m_line, m_cell, status_color(result));
    const bool fetched = result.attempts > 0;
    if (result.status)
      append_human_bytes(m_line, result.bytes, 9);
    else
      append_right_aligned(m_line, "-", 9);
    if (fetched)
      append_human_duration(m_line, result.ms.total, 11);
    else
      append_right_aligned(m_line, "-", 11);
    m_line += "  ";
    if (m_options.timing) append_phases(result);
    append_sanitized(m_line, result.url);
    if (result.redirects > 0 && !result.final_url.empty() && result.final_url != result.url) {
      style.paint_to(m_line, " -> ", Color::dim);
      append_sanitized(m_line, result.final_url);
    }
    if (result.match == false && !result.error) style.paint_to(m_line, "  no match", Color::yellow);
    if (result.error) {
      m_line += "  ";
      m_cell.clear();
      append_sanitized(m_cell, result.error->message);
      style.paint_to(m_line, m_cell, Color::red);
    }
    m_line += '\n';
    m_out.write(m_line);
  }

 private:
  // httpstat's breakdown, in milliseconds, in fixed columns so lines stay aligned.
  void append_phases(const http::Result& result) {
    const http::Phases& ms = result.ms;
    auto field = [&](std::string_view label, double value, std::size_t width) {
      m_options.style.paint_to(m_line, label, Color::dim);
      append_fixed(m_line, value, 1, width);
      m_line += "  ";
    };
    field("dns", ms.dns, 6);
    field("connect", ms.connect, 6);
    field("tls", ms.tls, 6);
    field("wait", ms.wait, 8);
    field("receive", ms.receive, 8);
  }

  Output& m_out;
  TextOptions m_options;
  std::string m_line;
  std::string m_cell;
};

}  // namespace

std::unique_ptr<ResultSink> text_sink(Output& out, TextOptions options) {
  return std::make_unique<TextSink>(out, options);
}

}  // namespace cofetch::report
