#include "http/multi.hpp"

#include <cstdio>
#include <new>

namespace cofetch::http {

// The uv_poll_t watching one curl socket; its address is curl's socketp.
struct Multi::SocketWatch : coro::ListHook<SocketWatch> {
  Multi* owner = nullptr;
  curl_socket_t socket = CURL_SOCKET_BAD;
  int events = 0;        // UV_READABLE | UV_WRITABLE currently requested from libuv
  bool tracked = false;  // curl watches this socket now; else parked, stopped
  uv::Handle<uv_poll_t> poll;
};

// --- Transfer -------------------------------------------------------------------

Transfer::~Transfer() {
  if (linked()) {
    // Cancellation: the frame goes while curl still owns the easy handle.
    curl_multi_remove_handle(m_multi->native(), m_easy);
    m_multi->m_transfers.remove(*this);
  }
}

bool Transfer::await_suspend(std::coroutine_handle<> waiter) noexcept {
  m_waiter = waiter;
  curl_easy_setopt(m_easy, CURLOPT_PRIVATE, static_cast<void*>(this));
  if (curl_multi_add_handle(m_multi->native(), m_easy) != CURLM_OK) {
    m_result = CURLE_FAILED_INIT;
    return false;  // resume at once with the error
  }
  m_multi->m_transfers.push_back(*this);
  return true;
}

void Transfer::finish(CURLcode result) noexcept {
  m_result = result;
  m_multi->m_transfers.remove(*this);
  m_multi->m_loop.post(m_ready, m_waiter);
}

// --- Multi ----------------------------------------------------------------------

Multi::Multi(uv::Loop& loop, std::size_t connection_cache)
    : m_loop(loop),
      m_multi(curl_multi_init()),
      m_timer(uv::Handle<uv_timer_t>::make(uv_timer_init, loop.get())) {
  if (!m_multi) throw std::runtime_error("curl_multi_init failed");
  m_timer->data = this;
  // curl_multi_setopt is varargs: no implicit conversion happens, so each callback
  // is passed as exactly the pointer type libcurl declares.
  CURLM* multi = m_multi.get();
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION,
                    static_cast<curl_socket_callback>(&Multi::on_socket));
  curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, static_cast<void*>(this));
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION,
                    static_cast<curl_multi_timer_callback>(&Multi::on_timer));
  curl_multi_setopt(multi, CURLMOPT_TIMERDATA, static_cast<void*>(this));
  // HTTP/2: many transfers to one host share one connection.
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  if (connection_cache > 0) {
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(connection_cache));
  }
}

Multi::~Multi() {
  while (Transfer* orphan = m_transfers.pop_front()) {
    // Its frame outlived the driver: it is never resumed, and its destructor finds it unlinked.
    curl_multi_remove_handle(m_multi.get(), orphan->m_easy);
  }
  // Cleanup may still report sockets and timers to the callbacks; `this` is whole.
  curl_multi_cleanup(m_multi.get());
  m_multi.release();
  while (SocketWatch* leftover = m_watches.pop_front()) {
    leftover->poll.close();
    delete leftover;
  }
  m_timer->data = nullptr;
}

int Multi::on_socket(CURL*, curl_socket_t socket, int what, void* user,
                     void* socket_data) noexcept {
  auto* self = static_cast<Multi*>(user);
  auto* watch = static_cast<SocketWatch*>(socket_data);
  if (what == CURL_POLL_REMOVE) {
    if (watch) self->unwatch(socket, watch);
    return 0;
  }
  self->watch(socket, what, watch);
  return 0;
}

void Multi::watch(curl_socket_t socket, int what, SocketWatch* watch) noexcept {
  if (!watch) {
    const auto slot = static_cast<std::size_t>(socket);
    if (slot < m_by_socket.size()) watch = m_by_socket[slot];  // parked for this number
    if (!watch) {
      try {
        if (slot >= m_by_socket.size()) m_by_socket.resize(slot + 1, nullptr);
        watch = new SocketWatch{};
        watch->poll = uv::Handle<uv_poll_t>::make(uv_poll_init_socket, m_loop.get(), socket);
      } catch (const std::exception& error) {
        std::fprintf(stderr, "cofetch: cannot watch socket %d: %s\n", static_cast<int>(socket),
                     error.what());
        delete watch;
        return;  // curl's own timeouts will fail the transfer
      }
      watch->owner = this;
      watch->socket = socket;
      watch->poll->data = watch;
      m_watches.push_back(*watch);
      m_by_socket[slot] = watch;
    }
    watch->tracked = true;
    ++m_tracked;
    curl_multi_assign(m_multi.get(), socket, watch);
  }
  const int events =
      ((what & CURL_POLL_IN) ? UV_READABLE : 0) | ((what & CURL_POLL_OUT) ? UV_WRITABLE : 0);
  if (events == watch->events) return;  // no system call when nothing changed
  watch->events = events;
  if (events == 0)
    uv_poll_stop(watch->poll.get());
  else
    uv_poll_start(watch->poll.get(), events, &Multi::on_poll);
}

void Multi::unwatch(curl_socket_t, SocketWatch* watch) noexcept {
  // Stopped now: curl may close the descriptor as soon as we return. Kept, parked,
  // for the next socket with this number (curl has forgotten the assignment).
  if (watch->events != 0) uv_poll_stop(watch->poll.get());
  watch->events = 0;
  if (watch->tracked) --m_tracked;
  watch->tracked = false;
}

int Multi::on_timer(CURLM*, long timeout_ms, void* user) noexcept {
  auto* self = static_cast<Multi*>(user);
  uv_timer_t* timer = self->m_timer.get();
  if (timeout_ms < 0) {
    uv_timer_stop(timer);
  } else {
    // Also for 0: the timer fires on the next loop turn, never inside this callback.
    uv_timer_start(timer, &Multi::on_timeout, static_cast<std::uint64_t>(timeout_ms), 0);
  }
  return 0;
}

void Multi::on_poll(uv_poll_t* poll, int status, int events) noexcept {
  auto* watch = static_cast<SocketWatch*>(poll->data);
  if (!watch) return;
  int flags = 0;
  if (status < 0) {
    // libuv reports POLLERR as status < 0 and stops the handle. CURL_CSELECT_ERR
    // alone makes curl fail with a bare "select/poll returned error"; adding the
    // directions it was waiting for lets its own read or write meet the socket's
    // real error ("Connection reset by peer").
    flags = CURL_CSELECT_ERR;
    if (watch->events & UV_READABLE) flags |= CURL_CSELECT_IN;
    if (watch->events & UV_WRITABLE) flags |= CURL_CSELECT_OUT;
    watch->events = 0;  // stopped: a later request from curl must start it again
  } else {
    if (events & UV_READABLE) flags |= CURL_CSELECT_IN;
    if (events & UV_WRITABLE) flags |= CURL_CSELECT_OUT;
  }
  // `watch` may be deleted inside act(); nothing below touches it.
  watch->owner->act(watch->socket, flags);
}

void Multi::on_timeout(uv_timer_t* timer) noexcept {
  if (auto* self = static_cast<Multi*>(timer->data)) self->act(CURL_SOCKET_TIMEOUT, 0);
}

void Multi::act(curl_socket_t socket, int events) noexcept {
  int running = 0;
  curl_multi_socket_action(m_multi.get(), socket, events, &running);
  drain();
}

void Multi::drain() noexcept {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(m_multi.get(), &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    // The message is invalid once its handle is removed: copy what we need first.
    CURL* easy = message->easy_handle;
    const CURLcode result = message->data.result;
    char* owner = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &owner);
    curl_multi_remove_handle(m_multi.get(), easy);
    // finish() only queues the coroutine; it runs after this drain, from the loop.
    if (owner) reinterpret_cast<Transfer*>(owner)->finish(result);
  }
}

}  // namespace cofetch::http
