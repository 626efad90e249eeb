#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "cofetch/http/result.hpp"

#include "report/format.hpp"
#include "report/json_text.hpp"
#include "report/record_fields.hpp"
#include "report/record_writer.hpp"

using cofetch::http::ErrorKind;
using cofetch::http::FetchError;
using cofetch::http::Result;

namespace {

// Strings that stress escaping: quotes, backslashes, control bytes, UTF-8 valid and not.
std::string awkward_text(std::mt19937& random) {
  static const std::string pieces[] = {
      "http://a.test/", "q=\"x\"", "back\\slash", "tab\there",    "nl\n",
      "\x01\x1f",       "\x7f",    "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
      "\xff",           "\xc3",    "\xe2\x82",    "\xed\xa0\x80", "\xc0\xaf",
      "plain",          " ",       "%2F"};
  std::uniform_int_distribution<std::size_t> pick(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> count(0, 6);
  std::string text;
  for (int i = count(random); i > 0; --i) text += pieces[pick(random)];
  return text;
}

double awkward_ms(std::mt19937& random) {
  std::uniform_int_distribution<int> kind(0, 5);
  std::uniform_real_distribution<double> unit(0, 1);
  switch (kind(random)) {
    case 0: return 0;
    case 1: return unit(random) / 1000;  // below a microsecond
    case 2: return unit(random);         // fractions of a millisecond
    case 3: return unit(random) * 1000;
    case 4: return std::floor(unit(random) * 1e6);  // whole milliseconds
    default: return unit(random) * 1e9;
  }
}

Result awkward_result(std::mt19937& random) {
  std::uniform_int_distribution<int> coin(0, 1);
  Result r;
  r.index = random() % 1'000'000;
  r.url = awkward_text(random);
  r.final_url = coin(random) ? awkward_text(random) : "";
  if (coin(random)) r.status = static_cast<int>(random() % 900 + 100);
  r.http_version = coin(random) ? "1.1" : "";
  r.bytes = random();
  r.redirects = static_cast<long>(random() % 5);
  r.remote_ip = coin(random) ? "127.0.0.1" : "";
  r.attempts = static_cast<int>(random() % 3);
  r.started_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(random()));
  r.ms = {awkward_ms(random), awkward_ms(random), awkward_ms(random),
          awkward_ms(random), awkward_ms(random), awkward_ms(random)};
  if (coin(random))
    r.error = FetchError{static_cast<ErrorKind>(random() % 11), awkward_text(random)};
  if (coin(random)) r.file = awkward_text(random);
  return r;
}

// The record of `r` built as a JSON tree by nlohmann from the same field values,
// and serialised by nlohmann: the reference the direct writer must match.
std::string reference_line(const Result& r, bool with_file) {
  using cofetch::report::FieldGroup;
  using cofetch::report::FieldValue;
  auto json_of = [](const FieldValue& value) -> nlohmann::ordered_json {
    switch (value.kind) {
      case FieldValue::Kind::null: return nullptr;
      case FieldValue::Kind::count: return value.count;
      case FieldValue::Kind::integer: return value.integer;
      case FieldValue::Kind::number: return std::round(value.number * 1000.0) / 1000.0;
      case FieldValue::Kind::text: return std::string(value.text);
      case FieldValue::Kind::time: return cofetch::report::rfc3339_utc(value.time);
    }
    return nullptr;
  };
  nlohmann::ordered_json record;
  for (const auto& field : cofetch::report::record_fields()) {
    if (field.only_with_file && !with_file) continue;
    if (field.group == FieldGroup::top) {
      record[std::string(field.name)] = json_of(field.get(r));
      continue;
    }
    const std::string group(cofetch::report::group_name(field.group));
    if (!cofetch::report::group_present(field.group, r)) {
      record[group] = nullptr;
      continue;
    }
    record[group][std::string(field.name)] = json_of(field.get(r));
  }
  return cofetch::report::dump_line(record);
}

}  // namespace

TEST_SUITE("report.record_writer") {
  TEST_CASE("a record lists the documented keys in order") {
    Result r;
    r.attempts = 1;
    r.error = FetchError{ErrorKind::dns, "no"};
    std::string line;
    cofetch::report::append_record(line, r, true);
    const auto parsed = nlohmann::ordered_json::parse(line);
    std::vector<std::string> keys;
    for (const auto& [key, value] : parsed.items()) keys.push_back(key);
    // The README's table, in its order.
    CHECK(keys == std::vector<std::string>{"index", "url", "final_url", "status", "http_version",
                                           "bytes", "redirects", "remote_ip", "attempts",
                                           "started_at", "etag", "last_modified", "ms", "error",
                                           "file"});
    std::vector<std::string> phases;
    for (const auto& [key, value] : parsed["ms"].items()) phases.push_back(key);
    CHECK(phases == std::vector<std::string>{"dns", "connect", "tls", "wait", "receive", "total"});
    CHECK(parsed["error"] == nlohmann::ordered_json{{"kind", "dns"}, {"message", "no"}});
  }

  TEST_CASE("CSV names the same fields, nested ones flattened") {
    CHECK(cofetch::report::csv_header(false) ==
          "index,url,final_url,status,http_version,bytes,redirects,remote_ip,attempts,started_at,"
          "etag,last_modified,"
          "ms_dns,ms_connect,ms_tls,ms_wait,ms_receive,ms_total,error_kind,error_message\r\n");
    CHECK(cofetch::report::csv_header(true).ends_with(",error_message,file\r\n"));
  }

  TEST_CASE("the direct writer produces exactly nlohmann's bytes") {
    std::mt19937 random(2026);
    int compared = 0;
    for (int i = 0; i < 20'000; ++i) {
      const Result r = awkward_result(random);
      for (bool with_file : {false, true}) {
        std::string direct;
        cofetch::report::append_record(direct, r, with_file);
        const std::string reference = reference_line(r, with_file);
        if (direct != reference) {
          CAPTURE(i);
          CHECK(direct == reference);
          return;
        }
        ++compared;
      }
    }
    CHECK(compared == 40'000);
  }
}
