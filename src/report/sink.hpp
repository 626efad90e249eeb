#pragma once
// ResultSink: where each finished Result goes, as it finishes.

#include <memory>

#include "http/result.hpp"
#include "report/output.hpp"

namespace cofetch::report {

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void write(const http::Result& result) = 0;
};

// One line per URL for people: status (or error kind), size, time, URL, and for a
// failure the reason. Control characters are escaped.
std::unique_ptr<ResultSink> text_sink(Output& out);

// JSON Lines for scripts: one object per URL (keys in docs and README).
std::unique_ptr<ResultSink> json_lines_sink(Output& out);

// Drops everything (-q/--quiet).
std::unique_ptr<ResultSink> null_sink();

}  // namespace cofetch::report
