#include "cofetch/http/curl_sockets.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "cofetch/http/multi.hpp"

namespace cofetch::http {

namespace {

std::uint32_t epoll_events(int what) {
  return ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
}

}  // namespace

CurlSockets::CurlSockets(uv::Loop& loop, Multi& owner) : m_owner(owner) {
  m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
  if (m_epoll < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
  try {
    m_poll = uv::Handle<uv_poll_t>::make(uv_poll_init, loop.get(), m_epoll);
  } catch (...) {
    ::close(m_epoll);
    throw;
  }
  m_poll->data = this;
  if (int rc = uv_poll_start(m_poll.get(), UV_READABLE, &CurlSockets::on_ready); rc < 0) {
    m_poll.close();
    ::close(m_epoll);
    uv::throw_uv_error("uv_poll_start", rc);
  }
}

CurlSockets::~CurlSockets() {
  // uv_close takes the descriptor out of the loop's epoll now; closing it after is safe.
  m_poll.close();
  ::close(m_epoll);
}

CurlSockets::State& CurlSockets::state(curl_socket_t socket) {
  const auto slot = static_cast<std::size_t>(socket);
  if (slot >= m_states.size()) m_states.resize(slot + 1);
  return m_states[slot];
}

int CurlSockets::set_events(curl_socket_t socket, State& s, std::uint32_t events) noexcept {
  if (s.registered == events) return 0;  // the common case: no system call
  epoll_event change{};
  change.events = events;
  change.data.fd = socket;
  int rc = 0;
  if (events == 0) {
    rc = ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, socket, &change);
    if (rc != 0 && errno == ENOENT) rc = 0;  // already gone
  } else if (s.registered == 0) {
    rc = ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, socket, &change);
    if (rc != 0 && errno == EEXIST) rc = ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, socket, &change);
  } else {
    rc = ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, socket, &change);
    if (rc != 0 && errno == ENOENT) rc = ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, socket, &change);
  }
  if (rc != 0) {
    s.registered = 0;
    return errno;
  }
  s.registered = events;
  return 0;
}

int CurlSockets::watch(curl_socket_t socket, int what) noexcept {
  State* s = nullptr;
  try {
    s = &state(socket);
  } catch (...) {
    return ENOMEM;
  }
  if (!s->wanted) ++m_watched;
  s->wanted = true;
  return set_events(socket, *s, epoll_events(what));
}

int CurlSockets::unwatch(curl_socket_t socket) noexcept {
  const auto slot = static_cast<std::size_t>(socket);
  if (slot >= m_states.size()) return 0;
  State& s = m_states[slot];
  if (s.wanted) --m_watched;
  s.wanted = false;
  if (!s.connection) return set_events(socket, s, 0);  // libcurl may close it without telling us
  // An idle socket is always writable: that would spin.
  if (!(s.registered & EPOLLOUT)) return 0;
  epoll_event change{};
  change.events = EPOLLIN;
  change.data.fd = socket;
  if (::epoll_ctl(m_epoll, EPOLL_CTL_MOD, socket, &change) == 0) {
    s.registered = EPOLLIN;
    return 0;
  }
  // libcurl 7.88 closes a socket that never finished connecting (a connect
  // timeout) with close() itself, not through CURLOPT_CLOSESOCKETFUNCTION
  // (curl/curl#11439), and says CURL_POLL_REMOVE after: the kernel dropped it from
  // epoll as it closed, so it is forgotten here. (ENOENT: its number already
  // belongs to a descriptor that is not ours to watch.)
  if (errno == EBADF || errno == ENOENT) {
    s = State{};
    return 0;
  }
  const int error = errno;
  s.registered = 0;
  return error;
}

CURLcode CurlSockets::adopt(CURL* easy) noexcept {
  CURLcode rc = curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION,
                                 static_cast<curl_opensocket_callback>(&CurlSockets::on_open));
  if (rc == CURLE_OK) rc = curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, static_cast<void*>(this));
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION,
                          static_cast<curl_closesocket_callback>(&CurlSockets::on_close));
  }
  if (rc == CURLE_OK)
    rc = curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, static_cast<void*>(this));
  return rc;
}

curl_socket_t CurlSockets::on_open(void* self, curlsocktype purpose,
                                   curl_sockaddr* address) noexcept {
  const curl_socket_t socket =
      ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  if (socket == CURL_SOCKET_BAD || purpose != CURLSOCKTYPE_IPCXN) return socket;
  try {
    // A new socket with this number: whatever was registered for the number went
    // with the old socket's close.
    static_cast<CurlSockets*>(self)->state(socket) = State{0, false, true};
  } catch (...) {
    ::close(socket);
    return CURL_SOCKET_BAD;
  }
  return socket;
}

int CurlSockets::on_close(void* self, curl_socket_t socket) noexcept {
  auto* sockets = static_cast<CurlSockets*>(self);
  const auto slot = static_cast<std::size_t>(socket);
  if (slot < sockets->m_states.size()) {
    State& s = sockets->m_states[slot];
    if (s.wanted) --sockets->m_watched;
    s = State{};  // the kernel drops it from epoll as it closes
  }
  return ::close(socket);
}

void CurlSockets::on_ready(uv_poll_t* poll, int, int) noexcept {
  if (auto* self = static_cast<CurlSockets*>(poll->data)) self->dispatch();
}

void CurlSockets::dispatch() noexcept {
  std::array<epoll_event, 256> ready;
  const int count = ::epoll_wait(m_epoll, ready.data(), static_cast<int>(ready.size()), 0);
  for (int i = 0; i < count; ++i) {
    const curl_socket_t socket = ready[static_cast<std::size_t>(i)].data.fd;
    const std::uint32_t events = ready[static_cast<std::size_t>(i)].events;
    const auto slot = static_cast<std::size_t>(socket);
    if (slot >= m_states.size()) continue;
    State& s = m_states[slot];
    if (!s.wanted) {
      // An idle kept-alive connection: the peer closed it or sent something. Out of
      // epoll until libcurl asks for it again (its liveness check will see why). A
      // failure to take it out only means more such wake-ups.
      (void)set_events(socket, s, 0);
      continue;
    }
    int flags = 0;
    if (events & (EPOLLERR | EPOLLHUP)) {
      // CURL_CSELECT_ERR alone makes curl fail with a bare "select/poll returned
      // error"; adding the directions it waited for lets its own read or write meet
      // the socket's real error ("Connection reset by peer").
      flags = CURL_CSELECT_ERR;
      if (s.registered & EPOLLIN) flags |= CURL_CSELECT_IN;
      if (s.registered & EPOLLOUT) flags |= CURL_CSELECT_OUT;
    } else {
      if (events & EPOLLIN) flags |= CURL_CSELECT_IN;
      if (events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
    }
    // An event for a socket libcurl closed during this batch (and whose number a
    // new socket took) is at worst a spurious wake-up, which libcurl tolerates.
    m_owner.act(socket, flags);
  }
}

}  // namespace cofetch::http
