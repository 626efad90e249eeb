#pragma once
// WriteOut: curl's -w/--write-out. A template of text, \n \t \r \\ escapes and
// %{variable}s, parsed once and rendered for every result.
//
// Variables (curl's meaning and format): http_code (response_code), url,
// url_effective, time_namelookup, time_connect, time_appconnect,
// time_pretransfer, time_starttransfer, time_redirect, time_total (seconds, six
// decimals, cumulative as curl counts them), size_download, num_redirects,
// remote_ip, remote_port, scheme, method, redirect_url, http_version,
// content_type, errormsg, exitcode (libcurl's code), and json (the JSON Lines
// record). cofetch adds index, attempts and error_kind.

#include <string>
#include <string_view>
#include <vector>

#include "cofetch/http/result.hpp"

namespace cofetch::report {

class WriteOut {
 public:
  // Throws std::invalid_argument naming an unknown variable or a broken %{.
  static WriteOut parse(std::string_view format);

  std::string render(const http::Result& result) const;

  // The variable names, for help and error messages.
  static std::string known_variables();

 private:
  friend struct WriteOutNames;
  enum class Variable : int;  // defined with the names in write_out.cpp
  struct Piece {
    std::string text;  // literal text, when `is_variable` is false
    Variable variable{};
    bool is_variable = false;
  };
  std::vector<Piece> m_pieces;
};

}  // namespace cofetch::report
