#pragma once
// The few pieces of HTTP/1.1 the test server needs: parsing a request head and
// building a response.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cofetch::test {

struct Request {
  std::string method;
  std::string target;  // as sent: origin-form "/a?b" or absolute-form "http://h/a?b" (proxies)
  std::string path;    // target without scheme, authority and query
  std::string query;
  bool keep_alive = true;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::uint64_t connection = 0;      // which connection it came on (numbered from 1)
  bool first_on_connection = false;  // the connection was opened for it
  std::string peer;                  // the client's address and port: "127.0.0.1:50000"

  // The value of header `name` (any case), or nothing.
  const std::string* header(std::string_view name) const;
};

// Parses the request line and headers (without the blank line). Fills `body_length`
// from Content-Length. False for anything malformed.
bool parse_head(std::string_view head, Request& request, std::size_t& body_length);

std::string build_response(int status, std::string_view body, bool keep_alive,
                           std::string_view extra_headers = {}, bool head_only = false);

bool iequals(std::string_view a, std::string_view b);

}  // namespace cofetch::test
