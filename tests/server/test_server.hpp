#pragma once
// A deliberately small HTTP/1.1 server on libuv for the tests and the demo. It
// listens on loopback, keeps connections alive, and can misbehave on purpose;
// routes.hpp lists what it answers.

#include <uv.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace cofetch::test {

struct Connection;

class TestServer {
 public:
  // Binds and listens at once; port 0 picks a free ephemeral port.
  TestServer(uv_loop_t* loop, const std::string& host, int port);
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  ~TestServer();

  int port() const noexcept { return m_port; }

  // Logs every answer to `log` as a JSON line (routes.hpp).
  void log_to(std::FILE* log) noexcept;

  // Stops listening and closes every connection; the loop then runs dry.
  void close();

 private:
  friend struct Connection;
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  int m_port = 0;
};

}  // namespace cofetch::test
