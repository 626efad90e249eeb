#pragma once
// ResultSink: where each finished Result goes, as it finishes. Every output of a
// run is one (the formats on stdout, the results file, HAR, the waterfall, the
// statistics of the summary, the progress line), and a run hands each result to
// one FanOut over those it asked for. A new output format is a new ResultSink
// (report/sink.hpp lists the formats; run/outputs.cpp wires them in).

#include <memory>
#include <vector>

#include "cofetch/http/result.hpp"

namespace cofetch::report {

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void write(const http::Result& result) = 0;
};

// Hands every result to each of its sinks, in the order they were added.
class FanOut final : public ResultSink {
 public:
  void add(ResultSink& sink) { m_sinks.push_back(&sink); }
  void write(const http::Result& result) override {
    for (ResultSink* sink : m_sinks) sink->write(result);
  }

 private:
  std::vector<ResultSink*> m_sinks;
};

}  // namespace cofetch::report
