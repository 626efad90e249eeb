#include "report/write_out.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include "report/format.hpp"
#include "report/record_json.hpp"

namespace cofetch::report {

enum class WriteOut::Variable : int {
  http_code,
  url,
  url_effective,
  time_namelookup,
  time_connect,
  time_appconnect,
  time_pretransfer,
  time_starttransfer,
  time_redirect,
  time_total,
  size_download,
  num_redirects,
  remote_ip,
  remote_port,
  scheme,
  method,
  redirect_url,
  http_version,
  content_type,
  errormsg,
  exitcode,
  json,
  index,
  attempts,
  error_kind,
};

namespace {

std::string seconds(std::int64_t microseconds) {
  return fmt::format("{:.6f}", static_cast<double>(microseconds) / 1e6);
}

char unescape(char c) {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    default: return c;  // "\\" and anything else: the character itself
  }
}

}  // namespace

struct WriteOutNames {
  using Variable = WriteOut::Variable;
  static constexpr std::array<std::pair<std::string_view, Variable>, 26> table = {{
      {"http_code", Variable::http_code},
      {"response_code", Variable::http_code},
      {"url", Variable::url},
      {"url_effective", Variable::url_effective},
      {"time_namelookup", Variable::time_namelookup},
      {"time_connect", Variable::time_connect},
      {"time_appconnect", Variable::time_appconnect},
      {"time_pretransfer", Variable::time_pretransfer},
      {"time_starttransfer", Variable::time_starttransfer},
      {"time_redirect", Variable::time_redirect},
      {"time_total", Variable::time_total},
      {"size_download", Variable::size_download},
      {"num_redirects", Variable::num_redirects},
      {"remote_ip", Variable::remote_ip},
      {"remote_port", Variable::remote_port},
      {"scheme", Variable::scheme},
      {"method", Variable::method},
      {"redirect_url", Variable::redirect_url},
      {"http_version", Variable::http_version},
      {"content_type", Variable::content_type},
      {"errormsg", Variable::errormsg},
      {"exitcode", Variable::exitcode},
      {"json", Variable::json},
      {"index", Variable::index},
      {"attempts", Variable::attempts},
      {"error_kind", Variable::error_kind},
  }};
};

std::string WriteOut::known_variables() {
  std::string names;
  for (const auto& entry : WriteOutNames::table) {
    if (!names.empty()) names += ", ";
    names += entry.first;
  }
  return names;
}

WriteOut WriteOut::parse(std::string_view format) {
  WriteOut out;
  std::string literal;
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    const char next = i + 1 < format.size() ? format[i + 1] : '\0';
    if (c == '\\' && next) {
      literal += unescape(next);
      ++i;
    } else if (c == '%' && next == '%') {
      literal += '%';
      ++i;
    } else if (c == '%' && next == '{') {
      const auto close = format.find('}', i + 2);
      if (close == std::string_view::npos)
        throw std::invalid_argument("-w: \"%{\" without a closing \"}\"");
      const std::string_view name = format.substr(i + 2, close - i - 2);
      const auto* found = std::find_if(WriteOutNames::table.begin(), WriteOutNames::table.end(),
                                       [&](const auto& entry) { return entry.first == name; });
      if (found == WriteOutNames::table.end()) {
        throw std::invalid_argument("-w: unknown variable %{" + std::string(name) +
                                    "} (known: " + known_variables() + ")");
      }
      if (!literal.empty()) out.m_pieces.push_back(Piece{std::exchange(literal, {}), {}, false});
      out.m_pieces.push_back(Piece{{}, found->second, true});
      i = close;
    } else {
      literal += c;
    }
  }
  if (!literal.empty()) out.m_pieces.push_back(Piece{std::move(literal), {}, false});
  return out;
}

std::string WriteOut::render(const http::Result& r) const {
  std::string out;
  const http::CurlTimes& t = r.curl_us;
  for (const Piece& piece : m_pieces) {
    if (!piece.is_variable) {
      out += piece.text;
      continue;
    }
    switch (piece.variable) {
      case Variable::http_code: out += fmt::format("{:03d}", r.status.value_or(0)); break;
      // Text from the input or the server is escaped as on text lines: a template's
      // output usually lands on a terminal. %{json} is the exact form.
      case Variable::url: append_sanitized(out, r.url); break;
      case Variable::url_effective: append_sanitized(out, r.final_url); break;
      case Variable::time_namelookup: out += seconds(t.namelookup); break;
      case Variable::time_connect: out += seconds(t.connect); break;
      case Variable::time_appconnect: out += seconds(t.appconnect); break;
      case Variable::time_pretransfer: out += seconds(t.pretransfer); break;
      case Variable::time_starttransfer: out += seconds(t.starttransfer); break;
      case Variable::time_redirect: out += seconds(t.redirect); break;
      case Variable::time_total: out += seconds(t.total); break;
      case Variable::size_download: out += std::to_string(r.bytes); break;
      case Variable::num_redirects: out += std::to_string(r.redirects); break;
      case Variable::remote_ip: out += r.remote_ip; break;
      case Variable::remote_port: out += std::to_string(r.remote_port); break;
      case Variable::scheme: out += r.scheme; break;
      case Variable::method: out += r.method; break;
      case Variable::redirect_url: append_sanitized(out, r.redirect_url); break;
      case Variable::http_version: out += r.http_version.empty() ? "0" : r.http_version; break;
      case Variable::content_type: append_sanitized(out, r.content_type); break;
      case Variable::errormsg:
        if (r.error) append_sanitized(out, r.error->message);
        break;
      case Variable::exitcode: out += std::to_string(r.curl_code); break;
      case Variable::json: out += dump_line(record_json(r, r.file.has_value())); break;
      case Variable::index: out += std::to_string(r.index); break;
      case Variable::attempts: out += std::to_string(r.attempts); break;
      case Variable::error_kind:
        out += r.error ? std::string(http::to_string(r.error->kind)) : "";
        break;
    }
  }
  return out;
}

}  // namespace cofetch::report
