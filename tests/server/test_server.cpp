#include "test_server.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cofetch::test {

namespace {

constexpr std::size_t k_max_header_bytes = 64 * 1024;
constexpr std::size_t k_max_body_bytes = 256 * 1024 * 1024;

struct Request {
  std::string method;
  std::string path;  // without the query string
  bool keep_alive = true;
  std::vector<std::pair<std::string, std::string>> headers;
};

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 408:
      return "Request Timeout";
    case 418:
      return "I'm a teapot";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc{} && end == text.data() + text.size();
}

// "/name/123" with prefix "/name/" -> 123
template <typename Number>
bool route_number(std::string_view path, std::string_view prefix, Number& out) {
  return path.starts_with(prefix) && parse_number(path.substr(prefix.size()), out);
}

std::string build_response(int status, std::string_view body, bool keep_alive,
                           std::string_view extra_headers = {}, bool head = false) {
  std::string out;
  out.reserve(128 + body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += reason_phrase(status);
  out += "\r\nContent-Type: text/plain\r\nContent-Length: ";
  out += std::to_string(body.size());
  out += "\r\n";
  out += extra_headers;
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  if (!head) out += body;
  return out;
}

}  // namespace

struct Connection;

struct TestServer::Impl {
  uv_loop_t* loop = nullptr;
  uv_tcp_t* listener = new uv_tcp_t{};  // freed in its close callback, which may outlive Impl
  std::unordered_set<Connection*> connections;
  bool closed = false;

  static void on_connection(uv_stream_t* listener, int status) noexcept;
};

struct Connection {
  enum class After { keep_open, close, reset };

  struct Write {
    uv_write_t request{};
    std::string data;
    Connection* connection = nullptr;
    After after = After::keep_open;
  };

  explicit Connection(TestServer::Impl& owner) : server(owner) {
    uv_tcp_init(server.loop, &tcp);
    uv_timer_init(server.loop, &timer);
    tcp.data = timer.data = this;
  }

  TestServer::Impl& server;
  uv_tcp_t tcp{};
  uv_timer_t timer{};
  std::string inbox;
  std::string delayed_response;
  bool delayed_keep_alive = true;
  bool busy = false;  // a response is pending (delay or hang); later requests wait
  bool closing = false;
  int open_handles = 2;

  void start() { uv_read_start(reinterpret_cast<uv_stream_t*>(&tcp), &on_alloc, &on_read); }

  void close(bool reset = false) {
    if (closing) return;
    closing = true;
    server.connections.erase(this);
    if (reset)
      uv_tcp_close_reset(&tcp, &on_closed);
    else
      uv_close(reinterpret_cast<uv_handle_t*>(&tcp), &on_closed);
    uv_close(reinterpret_cast<uv_handle_t*>(&timer), &on_closed);
  }

  static void on_closed(uv_handle_t* handle) noexcept {
    auto* self = static_cast<Connection*>(handle->data);
    if (--self->open_handles == 0) delete self;
  }

  static void on_alloc(uv_handle_t*, std::size_t suggested, uv_buf_t* buf) noexcept {
    buf->base = static_cast<char*>(std::malloc(suggested));
    buf->len = buf->base ? suggested : 0;
  }

  static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) noexcept {
    auto* self = static_cast<Connection*>(stream->data);
    if (nread > 0) self->inbox.append(buf->base, static_cast<std::size_t>(nread));
    std::free(buf->base);
    if (nread < 0) {
      self->close();
      return;
    }
    self->process();
  }

  void send(std::string data, After after) {
    if (closing) return;
    auto* write = new Write{};
    write->data = std::move(data);
    write->connection = this;
    write->after = after;
    uv_buf_t buf = uv_buf_init(write->data.data(), static_cast<unsigned>(write->data.size()));
    if (uv_write(&write->request, reinterpret_cast<uv_stream_t*>(&tcp), &buf, 1, &on_written) < 0) {
      delete write;
      close();
    }
  }

  static void on_written(uv_write_t* request, int status) noexcept {
    auto* write = reinterpret_cast<Write*>(request);
    Connection* self = write->connection;
    const After after = write->after;
    delete write;
    if (status < 0 || after == After::close)
      self->close();
    else if (after == After::reset)
      self->close(/*reset=*/true);
  }

  void respond(int status, std::string_view body, const Request& request,
               std::string_view extra_headers = {}) {
    send(build_response(status, body, request.keep_alive, extra_headers, request.method == "HEAD"),
         request.keep_alive ? After::keep_open : After::close);
  }

  // Parses and answers every complete request in the inbox, one at a time.
  void process() {
    while (!busy && !closing) {
      const auto header_end = inbox.find("\r\n\r\n");
      if (header_end == std::string::npos) {
        if (inbox.size() > k_max_header_bytes) {
          send(build_response(431, "headers too large\n", false), After::close);
        }
        return;
      }
      Request request;
      std::size_t body_length = 0;
      if (!parse_head(std::string_view(inbox).substr(0, header_end), request, body_length)) {
        send(build_response(400, "bad request\n", false), After::close);
        return;
      }
      const std::size_t total = header_end + 4 + body_length;
      if (inbox.size() < total) return;  // the body is still arriving
      inbox.erase(0, total);
      dispatch(request);
    }
  }

  static bool parse_head(std::string_view head, Request& request, std::size_t& body_length) {
    const auto line_end = head.find("\r\n");
    const std::string_view request_line = head.substr(0, line_end);
    const auto first_space = request_line.find(' ');
    const auto second_space = request_line.find(' ', first_space + 1);
    if (first_space == std::string_view::npos || second_space == std::string_view::npos)
      return false;
    request.method = std::string(request_line.substr(0, first_space));
    std::string_view target = request_line.substr(first_space + 1, second_space - first_space - 1);
    request.path = std::string(target.substr(0, target.find('?')));
    const std::string_view version = request_line.substr(second_space + 1);
    request.keep_alive = version == "HTTP/1.1";

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
        if (!parse_number(value, body_length) || body_length > k_max_body_bytes) return false;
      } else if (iequals(name, "Connection")) {
        if (iequals(value, "close"))
          request.keep_alive = false;
        else if (iequals(value, "keep-alive"))
          request.keep_alive = true;
      }
    }
    return true;
  }

  void dispatch(const Request& request) {
    const std::string_view path = request.path;
    std::uint64_t number = 0;
    if (path == "/") {
      respond(200, "cofetch test server\n", request);
    } else if (route_number(path, "/delay/", number)) {
      busy = true;
      delayed_keep_alive = request.keep_alive;
      delayed_response = build_response(200, "delayed " + std::to_string(number) + " ms\n",
                                        request.keep_alive, {}, request.method == "HEAD");
      uv_timer_start(&timer, &on_delay_over, number, 0);
    } else if (route_number(path, "/status/", number) && number >= 100 && number <= 999) {
      const int status = static_cast<int>(number);
      const bool no_body = status == 204 || status == 304 || status < 200;
      respond(status, no_body ? "" : "status " + std::to_string(status) + "\n", request);
    } else if (route_number(path, "/bytes/", number) && number <= k_max_body_bytes) {
      respond(200, std::string(number, 'x'), request);
    } else if (route_number(path, "/redirect/", number)) {
      if (number == 0)
        respond(200, "redirects done\n", request);
      else
        respond(302, "", request, "Location: /redirect/" + std::to_string(number - 1) + "\r\n");
    } else if (path.starts_with("/echo-header/")) {
      const std::string_view wanted = path.substr(std::string_view("/echo-header/").size());
      const auto found =
          std::find_if(request.headers.begin(), request.headers.end(),
                       [&](const auto& header) { return iequals(header.first, wanted); });
      if (found == request.headers.end())
        respond(404, "", request);
      else
        respond(200, found->second, request);
    } else if (path == "/hang") {
      busy = true;  // never answered; the client gives up
    } else if (path == "/reset") {
      std::string partial =
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1048576\r\n\r\n";
      partial.append(1000, 'x');
      send(std::move(partial), After::reset);
      busy = true;
    } else {
      respond(404, "no such route\n", request);
    }
  }

  static void on_delay_over(uv_timer_t* timer) noexcept {
    auto* self = static_cast<Connection*>(timer->data);
    self->busy = false;
    self->send(std::move(self->delayed_response),
               self->delayed_keep_alive ? After::keep_open : After::close);
    self->process();  // a pipelined request may be waiting
  }
};

void TestServer::Impl::on_connection(uv_stream_t* listener, int status) noexcept {
  auto* self = static_cast<Impl*>(listener->data);
  if (status < 0 || self->closed) return;
  auto* connection = new Connection(*self);
  if (uv_accept(listener, reinterpret_cast<uv_stream_t*>(&connection->tcp)) != 0) {
    connection->close();
    return;
  }
  uv_tcp_nodelay(&connection->tcp, 1);
  self->connections.insert(connection);
  connection->start();
}

TestServer::TestServer(uv_loop_t* loop, const std::string& host, int port)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->loop = loop;
  uv_tcp_init(loop, m_impl->listener);
  m_impl->listener->data = m_impl.get();

  sockaddr_storage address{};
  int rc = uv_ip4_addr(host.c_str(), port, reinterpret_cast<sockaddr_in*>(&address));
  if (rc != 0) rc = uv_ip6_addr(host.c_str(), port, reinterpret_cast<sockaddr_in6*>(&address));
  if (rc == 0) rc = uv_tcp_bind(m_impl->listener, reinterpret_cast<const sockaddr*>(&address), 0);
  if (rc == 0)
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(m_impl->listener), 1024, &Impl::on_connection);
  if (rc != 0) {
    close();
    throw std::runtime_error(std::string("test server cannot listen on ") + host + ": " +
                             uv_strerror(rc));
  }
  sockaddr_storage bound{};
  int length = sizeof(bound);
  uv_tcp_getsockname(m_impl->listener, reinterpret_cast<sockaddr*>(&bound), &length);
  m_port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                       : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
}

TestServer::~TestServer() {
  close();
}

void TestServer::close() {
  if (!m_impl || m_impl->closed) return;
  m_impl->closed = true;
  uv_close(reinterpret_cast<uv_handle_t*>(m_impl->listener),
           [](uv_handle_t* handle) { delete reinterpret_cast<uv_tcp_t*>(handle); });
  auto open = m_impl->connections;  // close() edits the set
  for (Connection* connection : open) connection->close();
}

}  // namespace cofetch::test
