#pragma once
// WriteOut: curl's -w/--write-out. A template of text, \n \t \r escapes (a
// backslash before anything else stays, as in curl) and %{variable}s, parsed once
// and rendered for every result.
//
// Variables (curl's meaning and format): the record's fields under curl's names
// (record_fields.hpp: http_code and response_code, url, url_effective,
// size_download, num_redirects, remote_ip, http_version, errormsg; cofetch's index,
// attempts and error_kind), and time_namelookup, time_connect, time_appconnect,
// time_pretransfer, time_starttransfer, time_redirect, time_total (seconds, six
// decimals, cumulative as curl counts them), remote_port, scheme, method,
// redirect_url, content_type, exitcode (libcurl's code), json (the record),
// %header{NAME} (the first value of that response header) and header_json (every
// response header, as curl's JSON object).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cofetch/http/result.hpp"
#include "report/record_fields.hpp"

namespace cofetch::report {

class WriteOut {
 public:
  // Throws std::invalid_argument naming an unknown variable or a broken %{.
  static WriteOut parse(std::string_view format);

  std::string render(const http::Result& result) const;
  // Whether the template prints response headers (%header{NAME}, %{header_json}):
  // the fetches must then keep them (http::FetchOptions::keep_headers).
  bool needs_headers() const noexcept;

  // The variable names, for help and error messages.
  static std::string known_variables();

 private:
  friend struct WriteOutNames;
  enum class Variable : int;  // the variables that are not record fields (write_out.cpp)
  struct Piece {
    std::string text;                    // literal text, when neither of the others is set
    const RecordField* field = nullptr;  // a record field's value
    std::optional<Variable> variable;
    std::optional<std::string> header;  // %header{NAME}
  };
  std::vector<Piece> m_pieces;
};

}  // namespace cofetch::report
