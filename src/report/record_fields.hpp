#pragma once
// The fields of a result's record, defined once. This table drives the JSON
// Lines writer (record_writer.hpp), the reader of results files
// (store/record_reader.hpp), the CSV header and rows (report/sink.hpp) and the
// record's variables of -w (write_out.hpp). A field added here appears in all of
// them. (HAR and the summary follow schemas of their own.)
//
// A record is an object of top-level fields, an "ms" object with the phases, an
// "error" object or null, and with -O a "file":
//
//   {"index":0,"url":...,"final_url":...,"status":200,...,"ms":{"dns":0.03,...},
//    "error":null}
//
// CSV flattens the groups: ms_dns, ..., error_kind, error_message.

#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>

#include "cofetch/http/result.hpp"

namespace cofetch::report {

enum class FieldGroup {
  top,
  ms,     // always present
  error,  // an object when the result has an error, else null
};

enum class FieldType {
  count,         // an unsigned whole number
  integer,       // a whole number
  status,        // a whole number from 0 to 999, or null
  text,          // a string
  text_or_null,  // a string, or null when empty
  time_or_null,  // an RFC 3339 UTC time with milliseconds, or null
  milliseconds,  // a number, rounded to microseconds
};

// One field's value in one result; `kind` says which member holds it.
struct FieldValue {
  enum class Kind { null, count, integer, number, text, time };
  Kind kind = Kind::null;
  std::uint64_t count = 0;
  std::int64_t integer = 0;
  double number = 0;
  std::string_view text{};  // into the result, or a static string
  std::chrono::system_clock::time_point time{};

  static FieldValue null() { return {}; }
  static FieldValue of_count(std::uint64_t value) { return {.kind = Kind::count, .count = value}; }
  static FieldValue of_integer(std::int64_t value) {
    return {.kind = Kind::integer, .integer = value};
  }
  static FieldValue of_number(double value) { return {.kind = Kind::number, .number = value}; }
  static FieldValue of_text(std::string_view value) { return {.kind = Kind::text, .text = value}; }
  static FieldValue of_time(std::chrono::system_clock::time_point value) {
    return {.kind = Kind::time, .time = value};
  }
};

// How -w prints a field: as curl prints the variable of the same meaning.
enum class WriteOutForm {
  plain,    // numbers in decimal, text escaped for a terminal, null as nothing
  status,   // three digits, 000 without a response
  version,  // 0 without a response
};

struct RecordField {
  std::string_view name;  // the key within its group
  FieldGroup group;
  FieldType type;
  FieldValue (*get)(const http::Result&);
  // Sets the field from a value of its type read back from a record (kind null
  // for a null or absent value: the field keeps its default).
  void (*set)(http::Result&, const FieldValue&);
  // -w variables that print this field, curl's names first; empty when none.
  std::string_view write_out[2] = {};
  WriteOutForm write_out_form = WriteOutForm::plain;
  bool only_with_file = false;  // "file": present only when bodies are saved (-O)
  bool required = false;        // a line without it, of its type, is not a record
};

// Every field, in the order records list them.
std::span<const RecordField> record_fields() noexcept;

// Whether `group` is an object in `result`'s record (the "error" group is null
// without an error).
bool group_present(FieldGroup group, const http::Result& result) noexcept;

std::string_view group_name(FieldGroup group) noexcept;

// The field's name in CSV: "url", "ms_dns", "error_kind".
std::string column_name(const RecordField& field);

}  // namespace cofetch::report
