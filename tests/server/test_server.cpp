#include "test_server.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <unordered_set>
#include <utility>

#include "http_message.hpp"
#include "routes.hpp"

namespace cofetch::test {

namespace {
constexpr std::size_t k_max_header_bytes = 64 * 1024;

// "127.0.0.1:50000" or "[::1]:50000": where a connection came from (--interface,
// --local-port and -4/-6 are checked by it).
std::string peer_of(const uv_tcp_t& tcp) {
  sockaddr_storage address{};
  int length = sizeof(address);
  if (uv_tcp_getpeername(&tcp, reinterpret_cast<sockaddr*>(&address), &length) != 0) return {};
  char name[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET6) {
    const auto& six = reinterpret_cast<const sockaddr_in6&>(address);
    uv_ip6_name(&six, name, sizeof name);
    std::string peer = "[";
    peer += name;
    peer += "]:";
    return peer + std::to_string(ntohs(six.sin6_port));
  }
  const auto& four = reinterpret_cast<const sockaddr_in&>(address);
  uv_ip4_name(&four, name, sizeof name);
  return std::string(name) + ":" + std::to_string(ntohs(four.sin_port));
}
}  // namespace

struct TestServer::Impl {
  uv_loop_t* loop = nullptr;
  uv_tcp_t* listener = new uv_tcp_t{};  // freed in its close callback, which may outlive Impl
  std::unordered_set<Connection*> connections;
  Routes routes;
  std::uint64_t connections_accepted = 0;
  bool closed = false;

  static void on_connection(uv_stream_t* listener, int status) noexcept;
};

// One client connection: reads requests, answers them one at a time by carrying
// out the Reply the routes give.
struct Connection {
  enum class After { keep_open, close, reset, stream_more };

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
  uv_timer_t timer{};  // delays and drips
  std::string inbox;
  Reply pending;               // what is being carried out while busy
  std::size_t dripped = 0;     // bytes of pending.drip already sent
  std::uint64_t streamed = 0;  // body bytes of a pending stream already sent
  bool busy = false;           // a reply is in progress; later requests wait
  bool counted = false;        // the request in progress counts as in flight
  std::string counted_host;    // ... and for this simulated host
  std::uint64_t number = 0;    // of the connection, from 1
  std::string peer;            // the client's "address:port" ("[::1]:port" over IPv6)
  std::uint64_t requests = 0;  // answered or being answered on it
  bool closing = false;
  int open_handles = 2;

  void start() { uv_read_start(reinterpret_cast<uv_stream_t*>(&tcp), &on_alloc, &on_read); }

  void finish_request() {
    if (counted) server.routes.request_finished(counted_host);
    counted = false;
  }

  void close(bool reset = false) {
    if (closing) return;
    closing = true;
    finish_request();
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
    else if (after == After::stream_more)
      self->stream_more();
  }

  // Sends the next piece of a streamed body once the previous one is written, so
  // the server holds one piece at a time whatever the body's length.
  void stream_more() {
    constexpr std::uint64_t k_piece = 64 * 1024;
    if (pending.stream_bytes != Reply::k_endless && streamed >= pending.stream_bytes) {
      if (pending.chunked && !pending.last_chunk_sent) {
        pending.last_chunk_sent = true;
        send("0\r\n\r\n", After::stream_more);
        return;
      }
      if (!pending.keep_alive)
        close();
      else
        reply_done();
      return;
    }
    const std::uint64_t size = pending.stream_bytes == Reply::k_endless
                                   ? k_piece
                                   : std::min(k_piece, pending.stream_bytes - streamed);
    streamed += size;
    std::string piece(size, 'x');
    if (pending.chunked) {
      char length[32];
      std::snprintf(length, sizeof length, "%llx\r\n", static_cast<unsigned long long>(size));
      piece = length + piece + "\r\n";
    }
    send(std::move(piece), After::stream_more);
  }

  // Parses and answers every complete request in the inbox, one at a time.
  void process() {
    while (!busy && !closing) {
      const auto header_end = inbox.find("\r\n\r\n");
      if (header_end == std::string::npos) {
        if (inbox.size() > k_max_header_bytes)
          send(build_response(431, "headers too large\n", false), After::close);
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
      request.body = inbox.substr(header_end + 4, body_length);
      inbox.erase(0, total);
      request.connection = number;
      request.peer = peer;
      request.first_on_connection = requests++ == 0;
      carry_out(server.routes.answer(request));
    }
  }

  void carry_out(Reply reply) {
    counted = reply.counted;
    counted_host = reply.host;
    const After after_send = reply.keep_alive ? After::keep_open : After::close;
    switch (reply.kind) {
      case Reply::Kind::send:
        send(std::move(reply.bytes), after_send);
        finish_request();
        return;
      case Reply::Kind::delayed:
        busy = true;
        pending = std::move(reply);
        uv_timer_start(&timer, &on_delay_over, pending.interval_ms, 0);
        return;
      case Reply::Kind::never:
        busy = true;  // the client gives up; closing finishes the request
        return;
      case Reply::Kind::reset_after:
      case Reply::Kind::close_after:
        busy = true;
        send(std::move(reply.bytes),
             reply.kind == Reply::Kind::reset_after ? After::reset : After::close);
        finish_request();
        return;
      case Reply::Kind::stream:
        busy = true;
        pending = std::move(reply);
        streamed = 0;
        send(std::move(pending.bytes), After::stream_more);
        return;
      case Reply::Kind::drip:
        busy = true;
        send(std::move(reply.bytes), After::keep_open);
        pending = std::move(reply);
        dripped = 0;
        uv_timer_start(&timer, &on_drip, pending.interval_ms, pending.interval_ms);
        return;
    }
  }

  void reply_done() {
    finish_request();
    busy = false;
    process();  // a pipelined request may be waiting
  }

  static void on_delay_over(uv_timer_t* timer) noexcept {
    auto* self = static_cast<Connection*>(timer->data);
    self->send(std::move(self->pending.bytes),
               self->pending.keep_alive ? After::keep_open : After::close);
    self->reply_done();
  }

  static void on_drip(uv_timer_t* timer) noexcept {
    auto* self = static_cast<Connection*>(timer->data);
    Reply& reply = self->pending;
    if (self->dripped < reply.drip.size()) {
      self->send(reply.drip.substr(self->dripped++, 1), After::keep_open);
      return;
    }
    uv_timer_stop(timer);
    if (!reply.keep_alive)
      self->close();
    else
      self->reply_done();
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
  connection->number = ++self->connections_accepted;
  connection->peer = peer_of(connection->tcp);
  self->routes.connection_accepted();
  self->connections.insert(connection);
  connection->start();
}

TestServer::TestServer(uv_loop_t* loop, const std::string& host, int port)
    : m_impl(std::make_unique<Impl>()) {
  // libuv writes with write(2): a client that hangs up mid-body (an endless
  // stream cut by a limit) must cost an EPIPE, not the process.
  std::signal(SIGPIPE, SIG_IGN);
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

void TestServer::log_to(std::FILE* log) noexcept {
  m_impl->routes.log_to(log);
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
