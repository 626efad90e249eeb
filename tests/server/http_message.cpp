#include "http_message.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace cofetch::test {

namespace {

constexpr std::size_t k_max_body_bytes = 256 * 1024 * 1024;

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 418: return "I'm a teapot";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

const std::string* Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return &value;
  }
  return nullptr;
}

bool parse_head(std::string_view head, Request& request, std::size_t& body_length) {
  const auto line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  const auto first_space = request_line.find(' ');
  const auto second_space = request_line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) return false;
  request.method = std::string(request_line.substr(0, first_space));
  request.target =
      std::string(request_line.substr(first_space + 1, second_space - first_space - 1));
  std::string_view target = request.target;
  if (const auto scheme = target.find("://"); scheme != std::string_view::npos) {
    const auto path_start = target.find('/', scheme + 3);  // absolute-form, as sent to a proxy
    target =
        path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
  }
  const auto question = target.find('?');
  request.path = std::string(target.substr(0, question));
  request.query =
      question == std::string_view::npos ? "" : std::string(target.substr(question + 1));
  request.keep_alive = request_line.substr(second_space + 1) == "HTTP/1.1";

  body_length = 0;
  std::string_view rest =
      line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
  while (!rest.empty()) {
    const auto end = rest.find("\r\n");
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    request.headers.emplace_back(std::string(name), std::string(value));
    if (iequals(name, "Content-Length")) {
      auto [stop, error] = std::from_chars(value.data(), value.data() + value.size(), body_length);
      if (error != std::errc{} || stop != value.data() + value.size() ||
          body_length > k_max_body_bytes) {
        return false;
      }
    } else if (iequals(name, "Connection")) {
      if (iequals(value, "close"))
        request.keep_alive = false;
      else if (iequals(value, "keep-alive"))
        request.keep_alive = true;
    }
  }
  return true;
}

std::string build_response(int status, std::string_view body, bool keep_alive,
                           std::string_view extra_headers, bool head_only) {
  std::string out;
  out.reserve(128 + body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += reason_phrase(status);
  out += "\r\n";
  // A reply that names its own Content-Type among the extra headers keeps it.
  if (extra_headers.find("Content-Type:") == std::string_view::npos)
    out += "Content-Type: text/plain\r\n";
  out += "Content-Length: ";
  out += std::to_string(body.size());
  out += "\r\n";
  out += extra_headers;
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  if (!head_only) out += body;
  return out;
}

}  // namespace cofetch::test
