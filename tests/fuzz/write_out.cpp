// The -w template: parsed, then rendered for a result whose text fields hold
// whatever the fuzzer chose. Text from servers must come out escaped.

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "cofetch/http/result.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "report/write_out.hpp"

using namespace cofetch;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  http::Result result;
  result.url = input.string();
  result.final_url = input.string();
  result.content_type = input.string();
  if (input.boolean()) result.status = input.integer<std::uint16_t>() % 1000;
  if (input.boolean()) result.error = http::FetchError{http::ErrorKind::recv, input.string()};
  result.ms.total = input.integer<std::uint32_t>() / 1000.0;
  const std::string template_text(input.rest());
  try {
    const report::WriteOut format = report::WriteOut::parse(template_text);
    const std::string rendered = format.render(result);
    // An escape byte comes from the template itself, never from the result's text.
    if (template_text.find('\x1b') == std::string::npos &&
        template_text.find("json") == std::string::npos) {
      FUZZ_CHECK(rendered.find('\x1b') == std::string::npos);
    }
  } catch (const std::invalid_argument&) {
    // A template with an unknown variable or a lone % is a usage error.
  }
  return 0;
}
