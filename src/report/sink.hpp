#pragma once
// The result formats for standard output: text, JSON Lines, CSV, curl's
// write-out, and none. Each is a ResultSink (result_sink.hpp).

#include <memory>
#include <string>
#include <vector>

#include "cofetch/http/result.hpp"
#include "report/output.hpp"
#include "report/record_writer.hpp"
#include "report/result_sink.hpp"
#include "report/style.hpp"
#include "report/write_out.hpp"

namespace cofetch::report {

struct TextOptions {
  Style style;
  bool timing = false;  // -v: each phase's length on every line
};

// One line per URL for people: status (or error kind), size, total time, URL, and
// for a failure the reason; aligned columns, the status coloured by class when
// the style has colour. Control characters are escaped.
std::unique_ptr<ResultSink> text_sink(Output& out, TextOptions options);

// JSON Lines for scripts: one object per URL (record_fields.hpp), with what
// `shape` adds (record_writer.hpp).
std::unique_ptr<ResultSink> json_lines_sink(Output& out, RecordShape shape);

// CSV (RFC 4180: CRLF line ends, quoted where needed) with a header row and the
// fields of the JSON record, nested ones flattened (ms.dns -> ms_dns):
// record_writer.hpp.
std::unique_ptr<ResultSink> csv_sink(Output& out, RecordShape shape);

// curl's --write-out: the template rendered once per URL.
std::unique_ptr<ResultSink> write_out_sink(Output& out, WriteOut format);

// Drops everything (-q/--quiet).
std::unique_ptr<ResultSink> null_sink();

}  // namespace cofetch::report
