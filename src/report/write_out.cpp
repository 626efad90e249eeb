#include "report/write_out.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <utility>

#include "report/format.hpp"
#include "report/record_writer.hpp"

namespace cofetch::report {

enum class WriteOut::Variable : int {
  time_namelookup,
  time_connect,
  time_appconnect,
  time_pretransfer,
  time_starttransfer,
  time_redirect,
  time_total,
  remote_port,
  scheme,
  method,
  redirect_url,
  content_type,
  exitcode,
  json,
  header_json,
};

namespace {

std::string seconds(std::int64_t microseconds) {
  return fmt::format("{:.6f}", static_cast<double>(microseconds) / 1e6);
}

// What a backslash and the character after it print, as curl's -w does: \n, \t
// and \r are escapes; any other pair, "\\" too, prints both characters as they
// are (and the second starts nothing: "\%{x}" is text).
void unescape(std::string& out, char c) {
  switch (c) {
    case 'n': out += '\n'; return;
    case 't': out += '\t'; return;
    case 'r': out += '\r'; return;
    default: out += '\\'; out += c;
  }
}

// A string in JSON as curl's -w writes it: quotes, backslashes and control
// characters escaped, other bytes as they are; `lowercase` for header names.
void append_curl_json_string(std::string& out, std::string_view text, bool lowercase) {
  out += '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20) {
          out += fmt::format("\\u{:04x}", byte);
        } else {
          out += lowercase ? static_cast<char>(std::tolower(byte)) : c;
        }
    }
  }
  out += '"';
}

// %{header_json}: every header of the last response as curl writes it, one member
// per name (lowercase) at its first place, its values in a list in their order.
void append_header_json(std::string& out, const http::Result& r) {
  out += '{';
  bool first = true;
  for (std::size_t i = 0; i < r.headers.size(); ++i) {
    const std::string& name = r.headers[i].first;
    const bool seen_before = std::any_of(
        r.headers.begin(), r.headers.begin() + static_cast<std::ptrdiff_t>(i),
        [&](const auto& earlier) { return http::same_header_name(earlier.first, name); });
    if (seen_before) continue;
    if (!first) out += ",\n";
    first = false;
    append_curl_json_string(out, name, true);
    out += ":[";
    bool first_value = true;
    for (std::size_t j = i; j < r.headers.size(); ++j) {
      if (!http::same_header_name(r.headers[j].first, name)) continue;
      if (!first_value) out += ',';
      first_value = false;
      append_curl_json_string(out, r.headers[j].second, false);
    }
    out += ']';
  }
  out += "\n}";
}

// %header{NAME}: the first value of that header in the last response, as curl.
void append_header(std::string& out, const http::Result& r, std::string_view name) {
  for (const auto& [header, value] : r.headers) {
    if (http::same_header_name(header, name)) {
      append_sanitized(out, value);
      return;
    }
  }
}

}  // namespace

// The variables that are not record fields, with curl's names.
struct WriteOutNames {
  using Variable = WriteOut::Variable;
  static constexpr std::array<std::pair<std::string_view, Variable>, 15> table = {{
      {"time_namelookup", Variable::time_namelookup},
      {"time_connect", Variable::time_connect},
      {"time_appconnect", Variable::time_appconnect},
      {"time_pretransfer", Variable::time_pretransfer},
      {"time_starttransfer", Variable::time_starttransfer},
      {"time_redirect", Variable::time_redirect},
      {"time_total", Variable::time_total},
      {"remote_port", Variable::remote_port},
      {"scheme", Variable::scheme},
      {"method", Variable::method},
      {"redirect_url", Variable::redirect_url},
      {"content_type", Variable::content_type},
      {"exitcode", Variable::exitcode},
      {"json", Variable::json},
      {"header_json", Variable::header_json},
  }};
};

namespace {

// The record field printed by -w variable `name`, if any.
const RecordField* field_named(std::string_view name) {
  for (const RecordField& field : record_fields()) {
    for (std::string_view variable : field.write_out) {
      if (!variable.empty() && variable == name) return &field;
    }
  }
  return nullptr;
}

void render_field(std::string& out, const RecordField& field, const http::Result& r) {
  const FieldValue value = field.get(r);
  switch (field.write_out_form) {
    case WriteOutForm::status:
      out += fmt::format("{:03d}", value.kind == FieldValue::Kind::integer ? value.integer : 0);
      return;
    case WriteOutForm::version:
      // curl's spelling: 0 without a response, and 1 (not 1.0) for HTTP/1.0.
      if (value.kind == FieldValue::Kind::null) out += '0';
      if (value.kind == FieldValue::Kind::text && value.text == "1.0") {
        out += '1';
        return;
      }
      break;
    case WriteOutForm::plain: break;
  }
  switch (value.kind) {
    case FieldValue::Kind::count: out += std::to_string(value.count); return;
    case FieldValue::Kind::integer: out += std::to_string(value.integer); return;
    // Text from the input or the server is escaped as on text lines: a template's
    // output usually lands on a terminal. %{json} is the exact form.
    case FieldValue::Kind::text: append_sanitized(out, value.text); return;
    case FieldValue::Kind::number: out += fmt::format("{}", value.number); return;
    case FieldValue::Kind::time: out += rfc3339_utc(value.time); return;
    case FieldValue::Kind::null: return;
  }
}

}  // namespace

std::string WriteOut::known_variables() {
  std::string names;
  auto add = [&](std::string_view name) {
    if (!names.empty()) names += ", ";
    names += name;
  };
  for (const RecordField& field : record_fields()) {
    for (std::string_view variable : field.write_out) {
      if (!variable.empty()) add(variable);
    }
  }
  for (const auto& entry : WriteOutNames::table) add(entry.first);
  return names;
}

WriteOut WriteOut::parse(std::string_view format) {
  WriteOut out;
  std::string literal;
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    const char next = i + 1 < format.size() ? format[i + 1] : '\0';
    if (c == '\\' && next) {
      unescape(literal, next);
      ++i;
    } else if (c == '%' && next == '%') {
      literal += '%';
      ++i;
    } else if (c == '%' && format.substr(i + 1).starts_with("header{")) {
      constexpr std::size_t k_opening = std::string_view("%header{").size();
      const auto close = format.find('}', i + k_opening);
      if (close == std::string_view::npos) {
        literal += "%header{";  // as curl: printed, and the rest read on
        i += k_opening - 1;
        continue;
      }
      if (!literal.empty())
        out.m_pieces.push_back(
            Piece{std::exchange(literal, {}), nullptr, std::nullopt, std::nullopt});
      Piece piece;
      piece.header = std::string(format.substr(i + k_opening, close - i - k_opening));
      out.m_pieces.push_back(std::move(piece));
      i = close;
    } else if (c == '%' && next == '{') {
      const auto close = format.find('}', i + 2);
      if (close == std::string_view::npos)
        throw std::invalid_argument("-w: \"%{\" without a closing \"}\"");
      const std::string_view name = format.substr(i + 2, close - i - 2);
      Piece piece;
      piece.field = field_named(name);
      if (!piece.field) {
        const auto* found = std::find_if(WriteOutNames::table.begin(), WriteOutNames::table.end(),
                                         [&](const auto& entry) { return entry.first == name; });
        if (found == WriteOutNames::table.end()) {
          throw std::invalid_argument("-w: unknown variable %{" + std::string(name) +
                                      "} (known: " + known_variables() + ")");
        }
        piece.variable = found->second;
      }
      if (!literal.empty())
        out.m_pieces.push_back(
            Piece{std::exchange(literal, {}), nullptr, std::nullopt, std::nullopt});
      out.m_pieces.push_back(std::move(piece));
      i = close;
    } else {
      literal += c;
    }
  }
  if (!literal.empty())
    out.m_pieces.push_back(Piece{std::move(literal), nullptr, std::nullopt, std::nullopt});
  return out;
}

bool WriteOut::needs_headers() const noexcept {
  return std::any_of(m_pieces.begin(), m_pieces.end(), [](const Piece& piece) {
    return piece.header || piece.variable == Variable::header_json;
  });
}

std::string WriteOut::render(const http::Result& r) const {
  std::string out;
  const http::CurlTimes& t = r.curl_us;
  for (const Piece& piece : m_pieces) {
    if (piece.field) {
      render_field(out, *piece.field, r);
      continue;
    }
    if (piece.header) {
      append_header(out, r, *piece.header);
      continue;
    }
    if (!piece.variable) {
      out += piece.text;
      continue;
    }
    switch (*piece.variable) {
      case Variable::time_namelookup: out += seconds(t.namelookup); break;
      case Variable::time_connect: out += seconds(t.connect); break;
      case Variable::time_appconnect: out += seconds(t.appconnect); break;
      case Variable::time_pretransfer: out += seconds(t.pretransfer); break;
      case Variable::time_starttransfer: out += seconds(t.starttransfer); break;
      case Variable::time_redirect: out += seconds(t.redirect); break;
      case Variable::time_total: out += seconds(t.total); break;
      case Variable::remote_port: out += std::to_string(r.remote_port); break;
      case Variable::scheme: out += r.scheme; break;
      case Variable::method: out += r.method; break;
      case Variable::redirect_url: append_sanitized(out, r.redirect_url); break;
      case Variable::content_type: append_sanitized(out, r.content_type); break;
      case Variable::exitcode: out += std::to_string(r.curl_code); break;
      case Variable::json: append_record(out, r, r.file.has_value()); break;
      case Variable::header_json: append_header_json(out, r); break;
    }
  }
  return out;
}

}  // namespace cofetch::report
