// cofetch-test-server [--host ADDRESS] [--port PORT] [--log FILE]
//
// Prints the port it listens on as the first line of standard output, then serves
// until SIGINT or SIGTERM. --help lists the routes.

#include <uv.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "routes.hpp"
#include "test_server.hpp"

namespace {

constexpr const char* k_usage =
    "usage: cofetch-test-server [--host ADDRESS] [--port PORT] [--log FILE]\n"
    "\n"
    "A small HTTP/1.1 server for cofetch's tests and demo. It listens on ADDRESS\n"
    "(default 127.0.0.1) and PORT (default 0: a free one), prints the port on the\n"
    "first line of standard output, and serves until SIGINT or SIGTERM. --log FILE\n"
    "appends one JSON line per answer (target, method, status, body bytes, kind).\n"
    "\n"
    "Routes:\n";

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
  const char* log_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--host") == 0 && i + 1 < argc) {
      host = argv[++i];
    } else if (std::strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      port = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--log") == 0 && i + 1 < argc) {
      log_path = argv[++i];
    } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::printf("%s", k_usage);
      std::printf("%s", cofetch::test::k_routes_help);
      return 0;
    } else {
      std::fprintf(stderr, "%s", k_usage);
      return 2;
    }
  }
  std::FILE* log = nullptr;
  if (log_path && !(log = std::fopen(log_path, "a"))) {
    std::fprintf(stderr, "cofetch-test-server: cannot write %s\n", log_path);
    return 2;
  }
  uv_loop_t* loop = uv_default_loop();
  try {
    cofetch::test::TestServer server(loop, host, port);
    server.log_to(log);
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
