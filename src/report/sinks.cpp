#include <fmt/format.h>

#include "report/format.hpp"
#include "report/record_json.hpp"
#include "report/sink.hpp"

namespace cofetch::report {

namespace {

class TextSink final : public ResultSink {
 public:
  explicit TextSink(Output& out) : m_out(out) {}

  void write(const http::Result& result) override {
    // Scripts can take the first column: a status code, or the kind of failure.
    const std::string first = result.error ? std::string(http::to_string(result.error->kind))
                                           : std::to_string(result.status.value_or(0));
    const bool fetched = result.attempts > 0;
    std::string line = fmt::format(
        "{:<5}{:>8}{:>11}  {}", first, result.status ? human_bytes(result.bytes) : "-",
        fetched ? human_duration(result.ms.total) : "-", sanitize_for_terminal(result.url));
    if (result.redirects > 0 && !result.final_url.empty() && result.final_url != result.url) {
      line += " -> " + sanitize_for_terminal(result.final_url);
    }
    if (result.error) line += "  " + sanitize_for_terminal(result.error->message);
    line += '\n';
    m_out.write(line);
  }

 private:
  Output& m_out;
};

class JsonLinesSink final : public ResultSink {
 public:
  explicit JsonLinesSink(Output& out) : m_out(out) {}

  void write(const http::Result& result) override {
    std::string line = dump_line(record_json(result));
    line += '\n';
    m_out.write(line);
  }

 private:
  Output& m_out;
};

class NullSink final : public ResultSink {
 public:
  void write(const http::Result&) override {}
};

}  // namespace

std::unique_ptr<ResultSink> text_sink(Output& out) {
  return std::make_unique<TextSink>(out);
}
std::unique_ptr<ResultSink> json_lines_sink(Output& out) {
  return std::make_unique<JsonLinesSink>(out);
}
std::unique_ptr<ResultSink> null_sink() {
  return std::make_unique<NullSink>();
}

}  // namespace cofetch::report
