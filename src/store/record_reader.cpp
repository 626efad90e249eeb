#include "store/record_reader.hpp"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <system_error>

#include "report/format.hpp"
#include "report/record_fields.hpp"

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

// A number that `Number` can hold; anything else (1e300 as an int, -1 as a
// count) reads as nothing rather than as a wrapped or undefined conversion.
template <typename Number>
Number number_of(const Json& object, std::string_view key) {
  const Json* value = member(object, std::string(key).c_str(), &Json::is_number);
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

// The value of one field as its type reads it; null when absent, null, of
// another type or out of range.
report::FieldValue value_of(const Json& object, const report::RecordField& field) {
  using report::FieldType;
  using report::FieldValue;
  const auto it = object.find(std::string(field.name));
  if (it == object.end() || it->is_null()) return FieldValue::null();
  switch (field.type) {
    case FieldType::count:
      if (!it->is_number() || (it->is_number_integer() && !it->is_number_unsigned()))
        return FieldValue::null();
      return FieldValue::of_count(number_of<std::uint64_t>(object, field.name));
    case FieldType::integer:
      if (!it->is_number()) return FieldValue::null();
      return FieldValue::of_integer(number_of<std::int64_t>(object, field.name));
    case FieldType::status:
      if (!it->is_number_integer() || *it < 0 || *it > 999) return FieldValue::null();
      return FieldValue::of_integer(it->get<std::int64_t>());
    case FieldType::text:
    case FieldType::text_or_null:
      return it->is_string() ? FieldValue::of_text(it->get_ref<const std::string&>())
                             : FieldValue::null();
    case FieldType::time_or_null: {
      if (!it->is_string()) return FieldValue::null();
      const auto time = report::parse_rfc3339_utc(it->get_ref<const std::string&>());
      return time ? FieldValue::of_time(*time) : FieldValue::null();
    }
    case FieldType::milliseconds:
      if (!it->is_number()) return FieldValue::null();
      return FieldValue::of_number(number_of<double>(object, field.name));
  }
  return FieldValue::null();
}

}  // namespace

std::optional<http::Result> parse_record(std::string_view line) {
  const Json record = Json::parse(line, nullptr, false);
  if (record.is_discarded() || !record.is_object()) return std::nullopt;
  http::Result result;
  for (const report::RecordField& field : report::record_fields()) {
    const Json* object = &record;
    if (field.group != report::FieldGroup::top) {
      // A group that is null or absent ("error": null) sets nothing.
      object =
          member(record, std::string(report::group_name(field.group)).c_str(), &Json::is_object);
      if (!object) continue;
    }
    const report::FieldValue value = value_of(*object, field);
    if (field.required && value.kind == report::FieldValue::Kind::null) return std::nullopt;
    field.set(result, value);
  }
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
