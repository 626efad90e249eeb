// The sinks for scripts: JSON Lines, CSV and curl's write-out; and the one that drops.

#include "report/record_json.hpp"
#include "report/record_writer.hpp"
#include "report/sink.hpp"

namespace cofetch::report {

namespace {

class JsonLinesSink final : public ResultSink {
 public:
  JsonLinesSink(Output& out, bool with_file) : m_out(out), m_with_file(with_file) {}

  void write(const http::Result& result) override {
    m_line.clear();  // reused: no allocation per record once it is large enough
    append_record(m_line, result, m_with_file);
    m_line += '\n';
    m_out.write(m_line);
  }

 private:
  Output& m_out;
  bool m_with_file;
  std::string m_line;
};

// RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled.
// Text is UTF-8 as in JSON: bytes that are not become U+FFFD.
std::string csv_field(const nlohmann::ordered_json& value) {
  if (value.is_null()) return {};
  if (!value.is_string()) return dump_line(value);
  const std::string text = as_utf8(value.get_ref<const std::string&>());
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

// The record's fields, nested objects flattened with their parent's name: ms_dns.
void flatten(const nlohmann::ordered_json& record, const std::string& prefix,
             std::vector<std::pair<std::string, nlohmann::ordered_json>>& fields) {
  for (const auto& [key, value] : record.items()) {
    if (value.is_object())
      flatten(value, prefix + key + "_", fields);
    else
      fields.emplace_back(prefix + key, value);
  }
}

std::vector<std::pair<std::string, nlohmann::ordered_json>> csv_fields(const http::Result& result,
                                                                       bool with_file) {
  nlohmann::ordered_json record = record_json(result, with_file);
  if (record["error"].is_null()) record["error"] = {{"kind", nullptr}, {"message", nullptr}};
  std::vector<std::pair<std::string, nlohmann::ordered_json>> fields;
  flatten(record, "", fields);
  return fields;
}

class CsvSink final : public ResultSink {
 public:
  CsvSink(Output& out, bool with_file) : m_out(out), m_with_file(with_file) {
    m_out.write(csv_header(with_file));
  }

  void write(const http::Result& result) override { m_out.write(csv_row(result, m_with_file)); }

 private:
  Output& m_out;
  bool m_with_file;
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

std::string csv_header(bool with_file) {
  // From a record with every optional part present, so it names exactly the
  // fields every row has.
  http::Result sample;
  sample.error = http::FetchError{};
  std::string header;
  for (const auto& [name, value] : csv_fields(sample, with_file))
    header += (header.empty() ? "" : ",") + name;
  return header + "\r\n";
}

std::string csv_row(const http::Result& result, bool with_file) {
  std::string row;
  bool first = true;
  for (const auto& [name, value] : csv_fields(result, with_file)) {
    if (!first) row += ',';
    first = false;
    row += csv_field(value);
  }
  return row + "\r\n";
}

std::unique_ptr<ResultSink> json_lines_sink(Output& out, bool with_file) {
  return std::make_unique<JsonLinesSink>(out, with_file);
}
std::unique_ptr<ResultSink> csv_sink(Output& out, bool with_file) {
  return std::make_unique<CsvSink>(out, with_file);
}
std::unique_ptr<ResultSink> write_out_sink(Output& out, WriteOut format) {
  return std::make_unique<WriteOutSink>(out, std::move(format));
}
std::unique_ptr<ResultSink> null_sink() {
  return std::make_unique<NullSink>();
}

}  // namespace cofetch::report
