#include "cofetch/http/multi.hpp"

#include <cstdio>
#include <new>

namespace cofetch::http {

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
      m_timer(uv::Handle<uv_timer_t>::make(uv_timer_init, loop.get())),
      m_sockets(loop, *this) {
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
  m_timer->data = nullptr;
}

int Multi::on_socket(CURL*, curl_socket_t socket, int what, void* user, void*) noexcept {
  auto* self = static_cast<Multi*>(user);
  if (what == CURL_POLL_REMOVE)
    self->m_sockets.unwatch(socket);
  else
    self->m_sockets.watch(socket, what);
  return 0;
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
