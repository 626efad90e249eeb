#pragma once
// HAR 1.2 (the HTTP Archive format browser developer tools import), written as
// results come. Entries stream to a temporary file beside the target, renamed to
// the target once the log is complete: a file under the final name is always a
// whole, valid log, and memory does not grow with the number of URLs.
//
// Timings follow the spec: blocked (waiting for a slot, measured by cofetch), dns,
// connect (which includes ssl), ssl, send, wait, receive; an entry's `time` is
// their sum, ssl excluded. URLs never fetched (invalid lines) have no entry.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cofetch/http/result.hpp"
#include "report/output.hpp"
#include "report/result_sink.hpp"

namespace cofetch::report {

// What every request of the run sent.
struct HarRequest {
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> headers;  // -H and User-Agent
  std::uint64_t body_size = 0;
};

nlohmann::ordered_json har_entry(const http::Result& result, const HarRequest& request);

class HarFile final : public ResultSink {
 public:
  // Creates the temporary file. Throws std::system_error naming the path.
  HarFile(std::string path, HarRequest request, const std::string& creator_version);
  HarFile(const HarFile&) = delete;
  HarFile& operator=(const HarFile&) = delete;
  ~HarFile();  // a log never finished leaves no file behind

  void add(const http::Result& result);
  void write(const http::Result& result) override { add(result); }
  // Closes the log and gives it its name. Throws std::system_error on failure.
  void finish();

  const std::string& path() const noexcept { return m_path; }

 private:
  std::string m_path;
  std::string m_temporary;
  int m_fd = -1;
  std::optional<Output> m_out;
  HarRequest m_request;
  bool m_first_entry = true;
  bool m_finished = false;
};

}  // namespace cofetch::report
