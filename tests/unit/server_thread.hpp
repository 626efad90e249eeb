#pragma once
// Runs the test HTTP server on its own thread and loop, for in-process tests.

#include <uv.h>

#include <future>
#include <memory>
#include <string>
#include <thread>

#include "test_server.hpp"

namespace cofetch::test {

class ServerThread {
 public:
  ServerThread() {
    std::promise<int> port;
    auto ready = port.get_future();
    m_thread = std::thread([this, promise = std::move(port)]() mutable { serve(promise); });
    m_port = ready.get();
  }
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;
  ~ServerThread() {
    uv_async_send(&m_stop);
    m_thread.join();
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
  }

 private:
  void serve(std::promise<int>& port) {
    uv_loop_t loop;
    uv_loop_init(&loop);
    {
      TestServer server(&loop, "127.0.0.1", 0);
      m_server = &server;
      m_stop.data = this;
      uv_async_init(&loop, &m_stop, [](uv_async_t* async) {
        auto* self = static_cast<ServerThread*>(async->data);
        self->m_server->close();
        uv_close(reinterpret_cast<uv_handle_t*>(async), nullptr);
      });
      port.set_value(server.port());
      uv_run(&loop, UV_RUN_DEFAULT);
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
  }

  std::thread m_thread;
  uv_async_t m_stop{};
  TestServer* m_server = nullptr;
  int m_port = 0;
};

// One server for every test of the process, started when first asked for.
inline ServerThread& shared_server() {
  static ServerThread instance;
  return instance;
}

}  // namespace cofetch::test
