// The sinks for scripts: JSON Lines, CSV and curl's write-out; and the one that drops.

#include "report/record_writer.hpp"
#include "report/sink.hpp"

namespace cofetch::report {

namespace {

class JsonLinesSink final : public ResultSink {
 public:
  JsonLinesSink(Output& out, RecordShape shape) : m_out(out), m_shape(std::move(shape)) {}

  void write(const http::Result& result) override {
    m_line.clear();  // reused: no allocation per record once it is large enough
    append_record(m_line, result, m_shape);
    m_line += '\n';
    m_out.write(m_line);
  }

 private:
  Output& m_out;
  RecordShape m_shape;
  std::string m_line;
};

class CsvSink final : public ResultSink {
 public:
  CsvSink(Output& out, RecordShape shape) : m_out(out), m_shape(std::move(shape)) {
    m_out.write(csv_header(m_shape));
  }

  void write(const http::Result& result) override { m_out.write(csv_row(result, m_shape)); }

 private:
  Output& m_out;
  RecordShape m_shape;
};

class WriteOutSink final : public ResultSink {
 public:
  WriteOutSink(Output& out, WriteOut format) : m_out(out), m_format(std::move(format)) {}
  void write(const http::Result& result) override { m_out.write(m_format.render(result)); }

 private:
  Output& m_out;
  WriteOut m_format;
};

class NullSink final : public ResultSink {
 public:
  void write(const http::Result&) override {}
};

}  // namespace

std::unique_ptr<ResultSink> json_lines_sink(Output& out, RecordShape shape) {
  return std::make_unique<JsonLinesSink>(out, std::move(shape));
}
std::unique_ptr<ResultSink> csv_sink(Output& out, RecordShape shape) {
  return std::make_unique<CsvSink>(out, std::move(shape));
}
std::unique_ptr<ResultSink> write_out_sink(Output& out, WriteOut format) {
  return std::make_unique<WriteOutSink>(out, std::move(format));
}
std::unique_ptr<ResultSink> null_sink() {
  return std::make_unique<NullSink>();
}

}  // namespace cofetch::report
