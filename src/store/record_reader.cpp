#include "store/record_reader.hpp"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <system_error>

#include "cofetch/http/error_kind.hpp"
#include "report/format.hpp"

namespace cofetch::store {

namespace {

using Json = nlohmann::json;

// The member `key` of `object` when it has the type `is` checks; null and absent
// members read as nothing.
const Json* member(const Json& object, const char* key, bool (Json::*is)() const noexcept) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null() || !((*it).*is)()) return nullptr;
  return &*it;
}

std::string text_of(const Json& object, const char* key) {
  const Json* value = member(object, key, &Json::is_string);
  return value ? value->get<std::string>() : std::string();
}

// A number that `Number` can hold; anything else (1e300 as an int, -1 as a
// count) reads as nothing rather than as a wrapped or undefined conversion.
template <typename Number>
Number number_of(const Json& object, const char* key) {
  const Json* value = member(object, key, &Json::is_number);
  if (!value) return Number{};
  using Limits = std::numeric_limits<Number>;
  if (value->is_number_float()) {
    const double number = value->get<double>();
    // Strict bounds one past the limits: the cast truncates toward zero.
    const bool fits = number > static_cast<double>(Limits::lowest()) - 1 &&
                      number < static_cast<double>(Limits::max()) + 1;
    return fits ? static_cast<Number>(number) : Number{};
  }
  if constexpr (!Limits::is_integer) {
    return value->get<Number>();  // any integer is in a double's range
  } else if (value->is_number_unsigned()) {
    const auto number = value->get<std::uint64_t>();
    return number <= static_cast<std::uint64_t>(Limits::max()) ? static_cast<Number>(number)
                                                               : Number{};
  } else {
    const auto number = value->get<std::int64_t>();
    if (number < static_cast<std::int64_t>(Limits::lowest()) ||
        (number > 0 &&
         static_cast<std::uint64_t>(number) > static_cast<std::uint64_t>(Limits::max())))
      return Number{};
    return static_cast<Number>(number);
  }
}

}  // namespace

std::optional<http::Result> parse_record(std::string_view line) {
  const Json record = Json::parse(line, nullptr, false);
  if (record.is_discarded() || !record.is_object()) return std::nullopt;
  const Json* index = member(record, "index", &Json::is_number_unsigned);
  const Json* url = member(record, "url", &Json::is_string);
  if (!index || !url) return std::nullopt;

  http::Result result;
  result.index = index->get<std::size_t>();
  result.url = url->get<std::string>();
  result.final_url = text_of(record, "final_url");
  if (const Json* status = member(record, "status", &Json::is_number_integer);
      status && *status >= 0 && *status <= 999)
    result.status = status->get<int>();
  result.http_version = text_of(record, "http_version");
  result.bytes = number_of<std::uint64_t>(record, "bytes");
  result.redirects = number_of<long>(record, "redirects");
  result.remote_ip = text_of(record, "remote_ip");
  result.attempts = number_of<int>(record, "attempts");
  if (auto started = report::parse_rfc3339_utc(text_of(record, "started_at")))
    result.started_at = *started;
  if (const Json* ms = member(record, "ms", &Json::is_object)) {
    result.ms.dns = number_of<double>(*ms, "dns");
    result.ms.connect = number_of<double>(*ms, "connect");
    result.ms.tls = number_of<double>(*ms, "tls");
    result.ms.wait = number_of<double>(*ms, "wait");
    result.ms.receive = number_of<double>(*ms, "receive");
    result.ms.total = number_of<double>(*ms, "total");
  }
  if (const Json* error = member(record, "error", &Json::is_object)) {
    // A kind this version does not know (a newer writer) still counts as an error.
    result.error = http::FetchError{
        http::error_kind_named(text_of(*error, "kind")).value_or(http::ErrorKind::other),
        text_of(*error, "message")};
  }
  if (const Json* file = member(record, "file", &Json::is_string))
    result.file = file->get<std::string>();
  return result;
}

RecordReader::RecordReader(const std::string& path) : m_path(path), m_file(path, std::ios::binary) {
  if (!m_file) throw std::system_error(errno, std::generic_category(), path);
}

std::optional<http::Result> RecordReader::next() {
  while (std::getline(m_file, m_line)) {
    ++m_line_number;
    if (m_file.eof()) {  // no line ending: the last write was cut short
      m_torn_bytes = m_line.size();
      return std::nullopt;
    }
    if (m_line.empty()) continue;
    if (auto record = parse_record(m_line)) return record;
    if (m_bad_lines++ == 0) m_first_bad_line = m_line_number;
  }
  return std::nullopt;
}

}  // namespace cofetch::store
