// cofetch-test-server [--host ADDRESS] [--port PORT]
//
// Prints the port it listens on as the first line of standard output, then serves
// until SIGINT or SIGTERM.

#include <uv.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "test_server.hpp"

namespace {

struct Stopper {
  cofetch::test::TestServer* server;
  uv_signal_t interrupt{};
  uv_signal_t terminate{};
};

void on_signal(uv_signal_t* signal, int) {
  auto* stopper = static_cast<Stopper*>(signal->data);
  stopper->server->close();
  uv_close(reinterpret_cast<uv_handle_t*>(&stopper->interrupt), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&stopper->terminate), nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  int port = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--host") == 0 && i + 1 < argc) {
      host = argv[++i];
    } else if (std::strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      port = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--host ADDRESS] [--port PORT]\n", argv[0]);
      return 2;
    }
  }
  uv_loop_t* loop = uv_default_loop();
  try {
    cofetch::test::TestServer server(loop, host, port);
    std::printf("%d\n", server.port());
    std::fflush(stdout);

    Stopper stopper{&server};
    uv_signal_init(loop, &stopper.interrupt);
    uv_signal_init(loop, &stopper.terminate);
    stopper.interrupt.data = stopper.terminate.data = &stopper;
    uv_signal_start(&stopper.interrupt, &on_signal, SIGINT);
    uv_signal_start(&stopper.terminate, &on_signal, SIGTERM);
    uv_run(loop, UV_RUN_DEFAULT);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "cofetch-test-server: %s\n", error.what());
    return 1;
  }
  uv_run(loop, UV_RUN_DEFAULT);
  return uv_loop_close(loop) == 0 ? 0 : 1;
}
