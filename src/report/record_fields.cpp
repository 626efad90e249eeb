#include "report/record_fields.hpp"

#include <limits>
#include <string>

#include "cofetch/http/error_kind.hpp"

namespace cofetch::report {

namespace {

using http::Result;

FieldValue text_or_null(const std::string& text) {
  return text.empty() ? FieldValue::null() : FieldValue::of_text(text);
}

// An integer read back into a narrower type when it fits; otherwise the field
// keeps its default (a record may say anything).
template <typename Number>
void set_integer(Number& out, const FieldValue& value) {
  if (value.kind != FieldValue::Kind::integer) return;
  if (value.integer < std::numeric_limits<Number>::lowest() ||
      value.integer > std::numeric_limits<Number>::max())
    return;
  out = static_cast<Number>(value.integer);
}

void set_text(std::string& out, const FieldValue& value) {
  if (value.kind == FieldValue::Kind::text) out = value.text;
}

http::FetchError& error_of(Result& r) {
  if (!r.error) r.error.emplace();
  return *r.error;
}

// Phases, one accessor pair per member: the table names each once.
template <double http::Phases::*member>
FieldValue get_ms(const Result& r) {
  return FieldValue::of_number(r.ms.*member);
}
template <double http::Phases::*member>
void set_ms(Result& r, const FieldValue& value) {
  if (value.kind == FieldValue::Kind::number) r.ms.*member = value.number;
}

constexpr FieldGroup top = FieldGroup::top;

const RecordField k_fields[] = {
    {"index",
     top,
     FieldType::count,
     [](const Result& r) { return FieldValue::of_count(r.index); },
     [](Result& r, const FieldValue& v) {
       if (v.kind == FieldValue::Kind::count) r.index = static_cast<std::size_t>(v.count);
     },
     {"index"},
     WriteOutForm::plain,
     false,
     true},
    {"url",
     top,
     FieldType::text,
     [](const Result& r) { return FieldValue::of_text(r.url); },
     [](Result& r, const FieldValue& v) { set_text(r.url, v); },
     {"url"},
     WriteOutForm::plain,
     false,
     true},
    {"final_url",
     top,
     FieldType::text_or_null,
     [](const Result& r) { return text_or_null(r.final_url); },
     [](Result& r, const FieldValue& v) { set_text(r.final_url, v); },
     {"url_effective"}},
    {"status",
     top,
     FieldType::status,
     [](const Result& r) {
       return r.status ? FieldValue::of_integer(*r.status) : FieldValue::null();
     },
     [](Result& r, const FieldValue& v) {
       if (v.kind == FieldValue::Kind::integer) r.status = static_cast<int>(v.integer);
     },
     {"http_code", "response_code"},
     WriteOutForm::status},
    {"http_version",
     top,
     FieldType::text_or_null,
     [](const Result& r) { return text_or_null(r.http_version); },
     [](Result& r, const FieldValue& v) { set_text(r.http_version, v); },
     {"http_version"},
     WriteOutForm::version},
    {"bytes",
     top,
     FieldType::count,
     [](const Result& r) { return FieldValue::of_count(r.bytes); },
     [](Result& r, const FieldValue& v) {
       if (v.kind == FieldValue::Kind::count) r.bytes = v.count;
     },
     {"size_download"}},
    {"redirects",
     top,
     FieldType::integer,
     [](const Result& r) { return FieldValue::of_integer(r.redirects); },
     [](Result& r, const FieldValue& v) { set_integer(r.redirects, v); },
     {"num_redirects"}},
    {"remote_ip",
     top,
     FieldType::text_or_null,
     [](const Result& r) { return text_or_null(r.remote_ip); },
     [](Result& r, const FieldValue& v) { set_text(r.remote_ip, v); },
     {"remote_ip"}},
    {"attempts",
     top,
     FieldType::integer,
     [](const Result& r) { return FieldValue::of_integer(r.attempts); },
     [](Result& r, const FieldValue& v) { set_integer(r.attempts, v); },
     {"attempts"}},
    // Null for a line never tried.
    {"started_at", top, FieldType::time_or_null,
     [](const Result& r) {
       return r.attempts > 0 ? FieldValue::of_time(r.started_at) : FieldValue::null();
     },
     [](Result& r, const FieldValue& v) {
       if (v.kind == FieldValue::Kind::time) r.started_at = v.time;
     }},
    // The validators of the response, as the server sent them: what --if-changed
    // asks a later run's server about.
    {"etag", top, FieldType::text_or_null, [](const Result& r) { return text_or_null(r.etag); },
     [](Result& r, const FieldValue& v) { set_text(r.etag, v); }},
    {"last_modified", top, FieldType::text_or_null,
     [](const Result& r) { return text_or_null(r.last_modified); },
     [](Result& r, const FieldValue& v) { set_text(r.last_modified, v); }},
    {"dns", FieldGroup::ms, FieldType::milliseconds, get_ms<&http::Phases::dns>,
     set_ms<&http::Phases::dns>},
    {"connect", FieldGroup::ms, FieldType::milliseconds, get_ms<&http::Phases::connect>,
     set_ms<&http::Phases::connect>},
    {"tls", FieldGroup::ms, FieldType::milliseconds, get_ms<&http::Phases::tls>,
     set_ms<&http::Phases::tls>},
    {"wait", FieldGroup::ms, FieldType::milliseconds, get_ms<&http::Phases::wait>,
     set_ms<&http::Phases::wait>},
    {"receive", FieldGroup::ms, FieldType::milliseconds, get_ms<&http::Phases::receive>,
     set_ms<&http::Phases::receive>},
    {"total", FieldGroup::ms, FieldType::milliseconds, get_ms<&http::Phases::total>,
     set_ms<&http::Phases::total>},
    // A kind this version does not know (a newer writer) reads as `other`.
    {"kind",
     FieldGroup::error,
     FieldType::text,
     [](const Result& r) {
       return r.error ? FieldValue::of_text(http::to_string(r.error->kind)) : FieldValue::null();
     },
     [](Result& r, const FieldValue& v) {
       const auto kind =
           v.kind == FieldValue::Kind::text ? http::error_kind_named(v.text) : std::nullopt;
       error_of(r).kind = kind.value_or(http::ErrorKind::other);
     },
     {"error_kind"}},
    {"message",
     FieldGroup::error,
     FieldType::text,
     [](const Result& r) {
       return r.error ? FieldValue::of_text(r.error->message) : FieldValue::null();
     },
     [](Result& r, const FieldValue& v) { set_text(error_of(r).message, v); },
     {"errormsg"}},
    {"file",
     top,
     FieldType::text_or_null,
     [](const Result& r) { return r.file ? FieldValue::of_text(*r.file) : FieldValue::null(); },
     [](Result& r, const FieldValue& v) {
       if (v.kind == FieldValue::Kind::text) r.file = std::string(v.text);
     },
     {},
     WriteOutForm::plain,
     true},
};

}  // namespace

std::span<const RecordField> record_fields() noexcept {
  return k_fields;
}

bool group_present(FieldGroup group, const http::Result& result) noexcept {
  return group != FieldGroup::error || result.error.has_value();
}

std::string_view group_name(FieldGroup group) noexcept {
  switch (group) {
    case FieldGroup::ms: return "ms";
    case FieldGroup::error: return "error";
    case FieldGroup::top: break;
  }
  return "";
}

std::string column_name(const RecordField& field) {
  if (field.group == FieldGroup::top) return std::string(field.name);
  return std::string(group_name(field.group)) + "_" + std::string(field.name);
}

}  // namespace cofetch::report
