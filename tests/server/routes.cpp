#include "routes.hpp"

#include <charconv>
#include <ctime>
#include <string_view>

namespace cofetch::test {

namespace {

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc{} && end == text.data() + text.size();
}

// "/name/123" with prefix "/name/" -> 123
bool route_number(std::string_view path, std::string_view prefix, std::uint64_t& out) {
  return path.starts_with(prefix) && parse_number(path.substr(prefix.size()), out);
}

// "/drip/10/50" -> 10, 50
bool route_two_numbers(std::string_view path, std::string_view prefix, std::uint64_t& first,
                       std::uint64_t& second) {
  if (!path.starts_with(prefix)) return false;
  const std::string_view rest = path.substr(prefix.size());
  const auto slash = rest.find('/');
  return slash != std::string_view::npos && parse_number(rest.substr(0, slash), first) &&
         parse_number(rest.substr(slash + 1), second);
}

std::string http_date(std::time_t when) {
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

constexpr std::uint64_t k_max_body_bytes = 256 * 1024 * 1024;

}  // namespace

Reply Routes::counted(Reply reply) {
  reply.counted = true;
  ++m_in_flight;
  ++m_requests;
  if (m_in_flight > m_peak) m_peak = m_in_flight;
  return reply;
}

Reply Routes::answer(const Request& request) {
  const std::string_view path = request.path;
  const bool keep = request.keep_alive;
  const bool head_only = request.method == "HEAD";
  auto respond = [&](int status, std::string_view body, std::string_view headers = {}) {
    return Reply{
        Reply::Kind::send, build_response(status, body, keep, headers, head_only), {}, 0, keep};
  };

  if (path == "/stats") {
    return respond(200, "{\"in_flight\":" + std::to_string(m_in_flight) + ",\"peak\":" +
                            std::to_string(m_peak) + ",\"requests\":" + std::to_string(m_requests) +
                            ",\"connections\":" + std::to_string(m_connections) + "}\n");
  }
  if (path == "/stats/reset") {
    m_peak = m_in_flight;
    m_requests = 0;
    m_connections = 0;
    return respond(200, "reset\n");
  }

  const std::uint64_t seen = ++m_seen[request.target];  // including this one
  std::uint64_t number = 0;
  std::uint64_t second = 0;
  if (path == "/") return counted(respond(200, "cofetch test server\n"));
  if (route_number(path, "/delay/", number)) {
    Reply reply = respond(200, "delayed " + std::to_string(number) + " ms\n");
    reply.kind = Reply::Kind::delayed;
    reply.interval_ms = number;
    return counted(std::move(reply));
  }
  if (route_number(path, "/status/", number) && number >= 100 && number <= 999) {
    const int status = static_cast<int>(number);
    const bool no_body = status == 204 || status == 304 || status < 200;
    return counted(respond(status, no_body ? "" : "status " + std::to_string(status) + "\n"));
  }
  if (route_number(path, "/bytes/", number) && number <= k_max_body_bytes) {
    return counted(respond(200, std::string(number, 'x')));
  }
  if (route_number(path, "/redirect/", number)) {
    if (number == 0) return counted(respond(200, "redirects done\n"));
    return counted(respond(302, "", "Location: /redirect/" + std::to_string(number - 1) + "\r\n"));
  }
  if (path == "/redirect-loop") return counted(respond(302, "", "Location: /redirect-loop\r\n"));
  if (path.starts_with("/echo-header/")) {
    const std::string* value =
        request.header(path.substr(std::string_view("/echo-header/").size()));
    return counted(value ? respond(200, *value) : respond(404, ""));
  }
  if (path == "/echo-method") return counted(respond(200, request.method));
  if (path.starts_with("/any/")) return counted(respond(200, "any\n"));
  if (path == "/echo-body") return counted(respond(200, request.body));
  if (route_number(path, "/flaky/", number)) {
    return counted(seen <= number ? respond(503, "flaky: failing on purpose\n")
                                  : respond(200, "recovered\n"));
  }
  if (route_number(path, "/retry-after/", number)) {
    if (seen > 1) return counted(respond(200, "thanks for waiting\n"));
    return counted(
        respond(503, "come back later\n", "Retry-After: " + std::to_string(number) + "\r\n"));
  }
  if (route_number(path, "/retry-after-date/", number)) {
    if (seen > 1) return counted(respond(200, "thanks for waiting\n"));
    const std::time_t when = std::time(nullptr) + static_cast<std::time_t>(number);
    return counted(respond(429, "slow down\n", "Retry-After: " + http_date(when) + "\r\n"));
  }
  if (route_two_numbers(path, "/drip/", number, second) && number <= k_max_body_bytes) {
    Reply reply{Reply::Kind::drip, build_response(200, "", keep), std::string(number, 'x'), second,
                keep};
    // The head announces the full length; the body follows byte by byte.
    reply.bytes =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(number) +
        (keep ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n");
    return counted(std::move(reply));
  }
  if (route_number(path, "/stream/", number) || path == "/endless") {
    const bool endless = path == "/endless";
    Reply reply{Reply::Kind::stream, {}, {}, 0, keep};
    reply.bytes = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n";
    reply.bytes += endless ? "Transfer-Encoding: chunked\r\n"
                           : "Content-Length: " + std::to_string(number) + "\r\n";
    reply.bytes += keep ? "\r\n" : "Connection: close\r\n\r\n";
    reply.stream_bytes = endless ? Reply::k_endless : number;
    reply.chunked = endless;
    return counted(std::move(reply));
  }
  if (route_number(path, "/big-header/", number) && number <= 64 * 1024 * 1024) {
    return counted(respond(200, "big header\n", "X-Big: " + std::string(number, 'h') + "\r\n"));
  }
  if (route_number(path, "/many-headers/", number) && number <= 1000 * 1000) {
    std::string headers;
    for (std::uint64_t i = 0; i < number; ++i)
      headers += "X-Header-" + std::to_string(i) + ": value\r\n";
    return counted(respond(200, "many headers\n", headers));
  }
  if (path == "/hostile") {
    // Location: a C1 CSI ("red text") in UTF-8, which libcurl follows; Content-Type:
    // raw escapes, which libcurl passes on: "clear the screen", "set the title".
    return counted(respond(302, "moved\n",
                           "Location: /any/\xc2\x9b"
                           "31mred\r\n"
                           "Content-Type: text/\x1b[2J\x1b]0;pwned\x07"
                           "plain\r\n"));
  }
  if (path == "/hang") return counted(Reply{Reply::Kind::never, {}, {}, 0, keep});
  if (path == "/reset") {
    std::string partial =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1048576\r\n\r\n";
    partial.append(1000, 'x');
    return counted(Reply{Reply::Kind::reset_after, std::move(partial), {}, 0, false});
  }
  if (path == "/truncated") {
    std::string partial =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n";
    partial.append(500, 'x');
    return counted(Reply{Reply::Kind::close_after, std::move(partial), {}, 0, false});
  }
  if (path == "/malformed") {
    return counted(Reply{
        Reply::Kind::close_after, "HTTP/1.1 2x0 What\r\nContent-Length: 0\r\n\r\n", {}, 0, false});
  }
  return counted(respond(404, "no such route\n"));
}

}  // namespace cofetch::test
