#include "routes.hpp"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string_view>
#include <vector>

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

// A JSON string literal of `text`: quotes, backslashes and control bytes escaped.
std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte >= 0x80) {  // each byte as the code point of its value
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// What the server received, as the body of /echo/...: the oracle of what a client sent.
std::string echo_body(const Request& request) {
  std::string out = "{\"method\":" + json_string(request.method) +
                    ",\"target\":" + json_string(request.target) +
                    ",\"path\":" + json_string(request.path) + ",\"headers\":[";
  for (std::size_t i = 0; i < request.headers.size(); ++i) {
    if (i > 0) out += ',';
    out += '[';
    out += json_string(request.headers[i].first);
    out += ',';
    out += json_string(request.headers[i].second);
    out += ']';
  }
  return out + "],\"body\":" + json_string(request.body) + "}\n";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Every value of `name` in a query string, percent-decoded, in order.
std::vector<std::string> query_values(std::string_view query, std::string_view name) {
  std::vector<std::string> values;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (!pair.starts_with(name) || pair.size() <= name.size() || pair[name.size()] != '=') continue;
    const std::string_view raw = pair.substr(name.size() + 1);
    std::string value;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const int high = i + 2 < raw.size() ? hex_value(raw[i + 1]) : -1;
      const int low = i + 2 < raw.size() ? hex_value(raw[i + 2]) : -1;
      if (raw[i] == '%' && high >= 0 && low >= 0) {
        value += static_cast<char>(high * 16 + low);
        i += 2;
      } else {
        value += raw[i] == '+' ? ' ' : raw[i];
      }
    }
    values.push_back(std::move(value));
  }
  return values;
}

// The first value of `name` in a query string, percent-decoded; empty when absent.
std::string query_value(std::string_view query, std::string_view name) {
  std::vector<std::string> values = query_values(query, name);
  return values.empty() ? std::string() : std::move(values.front());
}

// "?after=MS" on a route that takes it: the answer waits MS milliseconds (a slow
// hop of a redirect chain, an echo that holds its transfer a while).
void answer_after_asked(const Request& request, Reply& reply) {
  const std::string after = query_value(request.query, "after");
  if (after.empty()) return;
  reply.kind = Reply::Kind::delayed;
  std::from_chars(after.data(), after.data() + after.size(), reply.interval_ms);
}

// 64-bit FNV-1a: the torture route's outcomes follow from its seed and id alone.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

Reply Routes::counted(Reply reply) {
  reply.counted = true;
  ++m_in_flight;
  ++m_requests;
  if (m_in_flight > m_peak) m_peak = m_in_flight;
  return reply;
}

Reply Routes::route(const Request& request) {
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
  if (path == "/peer") return counted(respond(200, request.peer));
  if (path.starts_with("/any/")) return counted(respond(200, "any\n"));
  if (path == "/echo-body") return counted(respond(200, request.body));
  if (path.starts_with("/echo/")) {
    Reply reply = respond(200, echo_body(request), "Content-Type: application/json\r\n");
    answer_after_asked(request, reply);
    return counted(std::move(reply));
  }
  if (path == "/set-cookie") {
    // One Set-Cookie line per `c`, as given: cookies set, changed and expired.
    std::string headers;
    for (std::string cookie : query_values(request.query, "c")) {
      std::erase_if(cookie, [](char c) { return c == '\r' || c == '\n'; });
      headers += "Set-Cookie: " + cookie + "\r\n";
    }
    std::string to = query_value(request.query, "to");
    std::erase_if(to, [](char c) { return c == '\r' || c == '\n'; });
    Reply reply = to.empty() ? respond(200, echo_body(request),
                                       headers + "Content-Type: application/json\r\n")
                             : respond(302, "moved\n", headers + "Location: " + to + "\r\n");
    answer_after_asked(request, reply);
    return counted(std::move(reply));
  }
  if (route_number(path, "/moved/", number) && number >= 300 && number <= 399) {
    std::string to = query_value(request.query, "to");
    std::erase_if(to, [](char c) { return c == '\r' || c == '\n'; });
    if (to.empty()) to = "/echo/moved";
    Reply reply = respond(static_cast<int>(number), "moved\n", "Location: " + to + "\r\n");
    answer_after_asked(request, reply);
    return counted(std::move(reply));
  }
  if (route_number(path, "/chunked/", number) && number <= k_max_body_bytes) {
    Reply reply{Reply::Kind::stream, {}, {}, 0, keep};
    reply.bytes = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n";
    reply.bytes += keep ? "\r\n" : "Connection: close\r\n\r\n";
    reply.stream_bytes = number;
    reply.chunked = true;
    if (head_only) return counted(respond(200, ""));
    return counted(std::move(reply));
  }
  if (path.starts_with("/torture/")) return counted(torture(request, seen));
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
  if (route_two_numbers(path, "/busy/", number, second)) {
    // A server with room for N: beyond that many requests in flight, 503 at once.
    if (m_in_flight >= number) return counted(respond(503, "busy\n", "Retry-After: 1\r\n"));
    Reply reply = respond(200, "served in " + std::to_string(second) + " ms\n");
    reply.kind = Reply::Kind::delayed;
    reply.interval_ms = second;
    return counted(std::move(reply));
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

Reply Routes::torture(const Request& request, std::uint64_t seen) const {
  // "/torture/SEED/ID" starts a URL's story; "/torture/SEED/ID/hop/N" are the steps
  // of its redirect chain. The outcome follows from "SEED/ID" alone.
  const bool keep = request.keep_alive;
  const std::string_view rest = std::string_view(request.path).substr(std::strlen("/torture/"));
  const auto hop_at = rest.find("/hop/");
  const std::string_view key = rest.substr(0, hop_at);
  const std::string base = "/torture/" + std::string(key);
  auto respond = [&](int status, std::string_view body, std::string_view headers = {}) {
    return Reply{Reply::Kind::send,
                 build_response(status, body, keep, headers, request.method == "HEAD"),
                 {},
                 0,
                 keep};
  };
  const std::uint64_t roll = fnv1a(key);
  if (hop_at != std::string_view::npos) {
    std::uint64_t hop = 0;
    if (!parse_number(rest.substr(hop_at + 5), hop)) return respond(404, "no such hop\n");
    if (hop == 0) return respond(200, "end of the chain of " + std::string(key) + "\n");
    return respond(302, "", "Location: " + base + "/hop/" + std::to_string(hop - 1) + "\r\n");
  }
  switch (roll % 100 / 5) {
    case 0: {  // reset mid-body
      std::string partial =
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n";
      partial.append(1000, 'r');
      return Reply{Reply::Kind::reset_after, std::move(partial), {}, 0, false};
    }
    case 1: {  // truncated: fewer bytes than Content-Length, then closed
      std::string partial =
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n";
      partial.append(500, 't');
      return Reply{Reply::Kind::close_after, std::move(partial), {}, 0, false};
    }
    case 2: {  // slow drip: 20 bytes, one every 5 ms
      Reply reply{Reply::Kind::drip, {}, std::string(20, 'd'), 5, keep};
      reply.bytes = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n";
      reply.bytes += keep ? "\r\n" : "Connection: close\r\n\r\n";
      return reply;
    }
    case 3: return respond(302, "", "Location: " + base + "/hop/2\r\n");
    case 4: return respond(404, "not found\n");
    case 5:
      if (seen == 1) return respond(503, "come back later\n", "Retry-After: 1\r\n");
      return respond(200, "served after a wait\n");
    default: return respond(200, std::string(roll / 100 % 4000, 'x'));
  }
}

Reply Routes::answer(const Request& request) {
  const SimulatedHost host = simulated_host(request.header("Host"));
  Reply reply;
  std::uint64_t host_level = 0;
  if (host.limit > 0 && m_host_in_flight[host.name] >= host.limit) {
    const std::string retry_after =
        host.retry_after_s >= 0 ? "Retry-After: " + std::to_string(host.retry_after_s) + "\r\n"
                                : std::string();
    reply = counted(Reply{Reply::Kind::send,
                          build_response(host.refuse_status, "slow down\n", request.keep_alive,
                                         retry_after, request.method == "HEAD"),
                          {},
                          0,
                          request.keep_alive});
  } else {
    reply = route(request);
    if (host.simulated() && reply.counted) {
      reply.host = host.name;
      host_level = ++m_host_in_flight[host.name];
    }
  }
  // The round trip: the answer leaves after it, and a new connection costs one more.
  const std::uint64_t delay = host.rtt_ms * (request.first_on_connection ? 2 : 1);
  if (delay > 0 && reply.kind == Reply::Kind::send) {
    reply.kind = Reply::Kind::delayed;
    reply.interval_ms = delay;
  } else if (delay > 0 && reply.kind == Reply::Kind::delayed) {
    reply.interval_ms += delay;
  }
  if (m_log) log(request, reply, host_level);
  return reply;
}

void Routes::request_finished(const std::string& host) noexcept {
  --m_in_flight;
  if (host.empty()) return;
  const auto found = m_host_in_flight.find(host);
  if (found != m_host_in_flight.end() && --found->second == 0) m_host_in_flight.erase(found);
}

void Routes::log(const Request& request, const Reply& reply, std::uint64_t host_level) {
  // The status and Location from the reply's head, and the body bytes the client
  // is given: all of them for a whole reply, what comes before a cut otherwise.
  const std::string_view head_and_body = reply.bytes;
  const auto head_end = head_and_body.find("\r\n\r\n");
  const std::string_view head = head_and_body.substr(0, head_end);
  int status = 0;
  if (head.starts_with("HTTP/1.1 ")) parse_number(head.substr(9, 3), status);
  std::string location;
  if (const auto at = head.find("\r\nLocation: "); at != std::string_view::npos) {
    const auto start = at + std::strlen("\r\nLocation: ");
    location = std::string(head.substr(start, head.find("\r\n", start) - start));
  }
  std::uint64_t body = 0;
  const char* kind = "send";
  switch (reply.kind) {
    case Reply::Kind::send:
    case Reply::Kind::delayed:
      body = head_end == std::string_view::npos ? 0 : head_and_body.size() - head_end - 4;
      break;
    case Reply::Kind::never: kind = "never"; break;
    case Reply::Kind::reset_after:
      kind = "reset";
      body = head_and_body.size() - head_end - 4;
      break;
    case Reply::Kind::close_after:
      kind = "truncated";
      body = head_end == std::string_view::npos ? 0 : head_and_body.size() - head_end - 4;
      break;
    case Reply::Kind::drip:
      kind = "drip";
      body = reply.drip.size();
      break;
    case Reply::Kind::stream:
      kind = "stream";
      body = reply.stream_bytes;
      break;
  }
  const std::string* host = request.header("Host");
  const double t =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_started)
          .count();
  std::fprintf(m_log,
               "{\"target\":%s,\"method\":%s,\"status\":%d,\"bytes\":%llu,\"kind\":\"%s\","
               "\"location\":%s,\"t\":%.3f,\"host\":%s,\"conn\":%llu,\"first\":%s,"
               "\"host_in_flight\":%llu}\n",
               json_string(request.target).c_str(), json_string(request.method).c_str(), status,
               static_cast<unsigned long long>(body), kind, json_string(location).c_str(), t,
               json_string(host ? *host : std::string()).c_str(),
               static_cast<unsigned long long>(request.connection),
               request.first_on_connection ? "true" : "false",
               static_cast<unsigned long long>(host_level));
  std::fflush(m_log);
}

}  // namespace cofetch::test
