#include <fmt/format.h>

#include "report/format.hpp"
#include "report/sink.hpp"

namespace cofetch::report {

namespace {

// Wide enough for every status and every error kind but too_many_redirects.
constexpr int k_first_column = 11;

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
    // Scripts can take the first column: a status code, or the kind of failure.
    const std::string first = result.error ? std::string(http::to_string(result.error->kind))
                                           : std::to_string(result.status.value_or(0));
    const bool fetched = result.attempts > 0;
    // Padding is measured on the plain text; colour codes take no columns.
    std::string line =
        style.paint(fmt::format("{:<{}}", first, k_first_column), status_color(result));
    line += fmt::format("{:>9}{:>11}  ", result.status ? human_bytes(result.bytes) : "-",
                        fetched ? human_duration(result.ms.total) : "-");
    if (m_options.timing) line += phases(result);
    line += sanitize_for_terminal(result.url);
    if (result.redirects > 0 && !result.final_url.empty() && result.final_url != result.url) {
      line += style.paint(" -> ", Color::dim) + sanitize_for_terminal(result.final_url);
    }
    if (result.error)
      line += "  " + style.paint(sanitize_for_terminal(result.error->message), Color::red);
    line += '\n';
    m_out.write(line);
  }

 private:
  // httpstat's breakdown, in milliseconds, in fixed columns so lines stay aligned.
  std::string phases(const http::Result& result) const {
    const http::Phases& ms = result.ms;
    const Style& style = m_options.style;
    auto field = [&](std::string_view label, double value, int width) {
      return style.paint(label, Color::dim) + fmt::format("{:>{}.1f}  ", value, width);
    };
    return field("dns", ms.dns, 6) + field("connect", ms.connect, 6) + field("tls", ms.tls, 6) +
           field("wait", ms.wait, 8) + field("receive", ms.receive, 8);
  }

  Output& m_out;
  TextOptions m_options;
};

}  // namespace

std::unique_ptr<ResultSink> text_sink(Output& out, TextOptions options) {
  return std::make_unique<TextSink>(out, options);
}

}  // namespace cofetch::report
