#pragma once
// CurlSockets: the sockets libcurl asks to watch, in an epoll instance of their
// own that the loop watches as one descriptor (one uv_poll_t).
//
// Why not one uv_poll_t per socket: libcurl gives up a kept-alive connection's
// socket after every transfer (CURL_POLL_REMOVE) and asks for it again on the
// next one, and with libuv's per-descriptor watchers each round costs a probe of
// epoll on creation, an add, a modify and a delete. Here only the needed
// epoll_ctl calls are made, and most are not needed at all:
//
// - Connection sockets are opened and closed through CURLOPT_OPENSOCKETFUNCTION
//   and CURLOPT_CLOSESOCKETFUNCTION, so their whole life is known. When libcurl
//   gives one up between transfers it stays registered (for reading only): when
//   libcurl asks for it again, nothing is to be done. If the peer closes or sends
//   something meanwhile, the socket is taken out until libcurl asks again. When
//   libcurl closes it, the kernel drops it from epoll by itself.
// - Any other socket (the threaded resolver's socket pair) leaves epoll at once on
//   CURL_POLL_REMOVE, since libcurl may close it right after without telling us.
//
// Readiness is handed back through `Multi::act` with libcurl's CURL_CSELECT_* bits.
// A failed epoll_ctl is returned (its errno) for the driver to report; nothing
// here prints. Linux only (epoll), as is cofetch.

#include <curl/curl.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "cofetch/uv/handle.hpp"
#include "cofetch/uv/loop.hpp"

namespace cofetch::http {

class Multi;

class CurlSockets {
 public:
  CurlSockets(uv::Loop& loop, Multi& owner);
  CurlSockets(const CurlSockets&) = delete;
  CurlSockets& operator=(const CurlSockets&) = delete;
  ~CurlSockets();

  // CURLMOPT_SOCKETFUNCTION's requests; 0, or the errno of a failed epoll_ctl.
  int watch(curl_socket_t socket, int what) noexcept;  // CURL_POLL_IN, _OUT, _INOUT
  int unwatch(curl_socket_t socket) noexcept;          // CURL_POLL_REMOVE

  // Makes `easy` open and close its connection sockets through this set; what
  // libcurl refused, if it did.
  CURLcode adopt(CURL* easy) noexcept;

  // Sockets libcurl currently wants watched.
  std::size_t watched() const noexcept { return m_watched; }

 private:
  struct State {
    std::uint32_t registered = 0;  // epoll events registered now; 0: not in epoll
    bool wanted = false;           // libcurl asks for it now
    bool connection = false;       // opened through us: we will hear of its close
  };

  static curl_socket_t on_open(void* self, curlsocktype purpose, curl_sockaddr* address) noexcept;
  static int on_close(void* self, curl_socket_t socket) noexcept;
  static void on_ready(uv_poll_t* poll, int status, int events) noexcept;

  State& state(curl_socket_t socket);
  int set_events(curl_socket_t socket, State& state, std::uint32_t events) noexcept;
  void dispatch() noexcept;

  Multi& m_owner;
  int m_epoll = -1;
  uv::Handle<uv_poll_t> m_poll;
  std::vector<State> m_states;  // by descriptor number
  std::size_t m_watched = 0;
};

}  // namespace cofetch::http
