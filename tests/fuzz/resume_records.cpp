// The resume-file reader: lines of a results file that may be anything (a
// different tool's JSON, a torn write, binary). A line read as a record must
// read the same after being written again.

#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "report/record_writer.hpp"
#include "store/record_key.hpp"
#include "store/record_reader.hpp"

using namespace cofetch;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const auto record = store::parse_record(text.substr(start, end - start));
    if (record) {
      store::record_key(record->index, record->url);
      std::string again;
      report::append_record(again, *record, record->file.has_value());
      const auto reread = store::parse_record(again);
      FUZZ_CHECK(reread.has_value());
      FUZZ_CHECK(reread->index == record->index);
      FUZZ_CHECK(reread->url == store::as_recorded(record->url));
      FUZZ_CHECK(reread->status == record->status);
      FUZZ_CHECK(reread->bytes == record->bytes);
      FUZZ_CHECK(reread->error.has_value() == record->error.has_value());
    }
    start = end + 1;
  }
  return 0;
}
