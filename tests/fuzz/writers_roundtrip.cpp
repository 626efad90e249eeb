// The JSON Lines, CSV and HAR writers: what is written for any result parses
// back to the same values (text that is not UTF-8 as U+FFFD, as documented).

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "cofetch/http/result.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "report/har.hpp"
#include "report/json_text.hpp"
#include "report/record_writer.hpp"
#include "store/record_key.hpp"
#include "store/record_reader.hpp"

using namespace cofetch;

namespace {

http::Result result_from(fuzz::FuzzInput& input) {
  http::Result r;
  r.index = input.integer<std::uint32_t>();
  r.url = input.string();
  r.final_url = input.string();
  if (input.boolean()) r.status = input.integer<std::uint16_t>() % 1000;
  r.http_version = input.boolean() ? "1.1" : "";
  r.bytes = input.integer<std::uint64_t>() >> 1;  // JSON numbers up to 2^63 stay exact
  r.redirects = input.integer<std::uint8_t>();
  r.remote_ip = input.string(45);
  r.attempts = input.integer<std::uint8_t>();
  r.started_at = std::chrono::system_clock::time_point(
      std::chrono::milliseconds(input.integer<std::uint32_t>() * std::int64_t{1000}));
  r.ms.dns = input.integer<std::uint32_t>() / 1000.0;
  r.ms.total = input.integer<std::uint32_t>() / 1000.0;
  if (input.boolean()) {
    const auto kind = static_cast<http::ErrorKind>(input.integer<std::uint8_t>() %
                                                   (static_cast<int>(http::ErrorKind::other) + 1));
    r.error = http::FetchError{kind, input.string()};
  }
  r.content_type = input.string();
  if (input.boolean()) r.file = input.string();
  return r;
}

// RFC 4180 fields of one CSV line (the writer's CRLF included).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\r' && i + 2 == line.size()) {
      break;  // the row's CRLF
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  const http::Result r = result_from(input);
  const bool with_file = r.file.has_value();

  // JSON Lines, read back by the resume reader.
  std::string line;
  report::append_record(line, r, with_file);
  FUZZ_CHECK(line.find('\n') == std::string::npos);
  const auto back = store::parse_record(line);
  FUZZ_CHECK(back.has_value());
  FUZZ_CHECK(back->index == r.index);
  FUZZ_CHECK(back->url == store::as_recorded(r.url));
  FUZZ_CHECK(back->final_url == store::as_recorded(r.final_url));
  FUZZ_CHECK(back->status == r.status);
  FUZZ_CHECK(back->bytes == r.bytes);
  FUZZ_CHECK(back->redirects == r.redirects);
  FUZZ_CHECK(back->attempts == r.attempts);
  FUZZ_CHECK(std::abs(back->ms.total - r.ms.total) < 1e-6);
  FUZZ_CHECK(back->error.has_value() == r.error.has_value());
  if (r.error) {
    FUZZ_CHECK(back->error->kind == r.error->kind);
    FUZZ_CHECK(back->error->message == store::as_recorded(r.error->message));
  }

  // CSV: the header's and the row's field counts match; the URL comes back.
  const auto header = csv_fields(report::csv_header(with_file));
  const auto row = csv_fields(report::csv_row(r, with_file));
  FUZZ_CHECK(header.size() == row.size());
  FUZZ_CHECK(header[1] == "url" && row[1] == store::as_recorded(r.url));

  // HAR: valid JSON with the same URL and status.
  const auto entry =
      nlohmann::json::parse(report::dump_line(report::har_entry(r, report::HarRequest{})));
  FUZZ_CHECK(entry["request"]["url"] == store::as_recorded(r.url));
  FUZZ_CHECK(entry["response"]["status"] == r.status.value_or(0));
  return 0;
}
