// The URL-line reader: bytes split into lines (any chunking), each line checked
// as a URL, its credentials redacted, its shard chosen.

#include <cstdint>
#include <string>

#include "cofetch/http/url.hpp"
#include "cofetch/url/credentials.hpp"
#include "cofetch/url/parts.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "input/line_splitter.hpp"
#include "input/shard.hpp"

using namespace cofetch;

namespace {

void check_line(const input::Line& line, std::size_t max_length) {
  FUZZ_CHECK(line.text.find('\n') == std::string::npos);
  // A line too long comes out as a short beginning, whatever the limit.
  FUZZ_CHECK(line.text.size() <= (line.too_long ? 4096 : max_length));

  const std::string shown = url::redact_credentials(line.text);
  FUZZ_CHECK(url::redact_credentials(shown) == shown);  // redacting twice changes nothing
  FUZZ_CHECK(shown.size() <= line.text.size() + 3);
  // Credentials are not part of the origin.
  FUZZ_CHECK(url::origin(shown) == url::origin(line.text));

  const http::UrlCheck outcome = http::parse_url(line.text, shown);
  FUZZ_CHECK(outcome.url.operator bool() != outcome.problem.has_value());
  if (http::in_libcurl_form(line.text)) {
    // Handed to libcurl as the effective URL: it must be what libcurl would write.
    FUZZ_CHECK(outcome.url);
    char* written = nullptr;
    FUZZ_CHECK(curl_url_get(outcome.url.get(), CURLUPART_URL, &written, 0) == CURLUE_OK);
    FUZZ_CHECK(line.text == written);
    curl_free(written);
  }
  input::Entry entry;
  entry.url = shown;
  if (shown != line.text) entry.secret = line.text;
  const std::size_t shard = input::shard_of(entry, 7);
  FUZZ_CHECK(shard >= 1 && shard <= 7);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  const std::size_t max_length = 1 + input.integer<std::uint16_t>() % 512;
  const std::size_t chunk = 1 + input.integer<std::uint8_t>() % 64;
  const std::string_view bytes = input.rest();

  input::LineSplitter splitter(max_length);
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    splitter.feed(bytes.substr(at, chunk));
    while (auto line = splitter.next()) check_line(*line, max_length);
  }
  if (auto last = splitter.finish()) check_line(*last, max_length);
  return 0;
}
