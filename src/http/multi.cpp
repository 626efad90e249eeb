#include "cofetch/http/multi.hpp"

#include <cstring>
#include <new>
#include <stdexcept>

namespace cofetch::http {

// --- Transfer -------------------------------------------------------------------

Transfer::~Transfer() {
  if (linked()) {
    // Cancellation: the frame goes while curl still owns the easy handle.
    if (CURLMcode rc = curl_multi_remove_handle(m_multi->native(), m_easy); rc != CURLM_OK)
      m_multi->fail(std::string("curl_multi_remove_handle: ") + curl_multi_strerror(rc));
    m_multi->m_transfers.remove(*this);
  }
}

bool Transfer::await_suspend(std::coroutine_handle<> waiter) noexcept {
  m_waiter = waiter;
  m_result = curl_easy_setopt(m_easy, CURLOPT_PRIVATE, static_cast<void*>(this));
  if (m_result != CURLE_OK) return false;  // resume at once with the error
  if (curl_multi_add_handle(m_multi->native(), m_easy) != CURLM_OK) {
    m_result = CURLE_FAILED_INIT;
    return false;
  }
  m_multi->m_transfers.push_back(*this);
  return true;
}

void Transfer::finish(CURLcode result) noexcept {
  m_result = result;
  m_multi->m_transfers.remove(*this);
  if (m_observer) m_observer->ended();
  m_multi->m_loop.post(m_ready, m_waiter);
}

// --- Multi ----------------------------------------------------------------------

Multi::Multi(uv::Loop& loop, std::size_t connection_cache, bool share_cookies)
    : m_loop(loop),
      m_share(curl_share_init()),
      m_multi(curl_multi_init()),
      m_timer(uv::Handle<uv_timer_t>::make(uv_timer_init, loop.get())),
      m_sockets(loop, *this) {
  if (!m_multi || !m_share) throw std::runtime_error("curl_multi_init or curl_share_init failed");
  if (CURLSHcode rc = curl_share_setopt(m_share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
      rc != CURLSHE_OK) {
    throw std::runtime_error(std::string("libcurl refused to share TLS sessions: ") +
                             curl_share_strerror(rc));
  }
  // One thread: no lock functions are needed.
  if (share_cookies) {
    if (CURLSHcode rc = curl_share_setopt(m_share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
        rc != CURLSHE_OK) {
      throw std::runtime_error(std::string("libcurl refused to share cookies: ") +
                               curl_share_strerror(rc));
    }
  }
  m_timer->data = this;
  // curl_multi_setopt is varargs: no implicit conversion happens, so each callback
  // is passed as exactly the pointer type libcurl declares.
  CURLM* multi = m_multi.get();
  auto set = [multi](CURLMoption option, auto value, const char* name) {
    if (CURLMcode rc = curl_multi_setopt(multi, option, value); rc != CURLM_OK) {
      throw std::runtime_error(std::string("libcurl refused ") + name + ": " +
                               curl_multi_strerror(rc));
    }
  };
  set(CURLMOPT_SOCKETFUNCTION, static_cast<curl_socket_callback>(&Multi::on_socket),
      "CURLMOPT_SOCKETFUNCTION");
  set(CURLMOPT_SOCKETDATA, static_cast<void*>(this), "CURLMOPT_SOCKETDATA");
  set(CURLMOPT_TIMERFUNCTION, static_cast<curl_multi_timer_callback>(&Multi::on_timer),
      "CURLMOPT_TIMERFUNCTION");
  set(CURLMOPT_TIMERDATA, static_cast<void*>(this), "CURLMOPT_TIMERDATA");
  // HTTP/2: many transfers to one host share one connection.
  set(CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX), "CURLMOPT_PIPELINING");
  if (connection_cache > 0) {
    set(CURLMOPT_MAXCONNECTS, static_cast<long>(connection_cache), "CURLMOPT_MAXCONNECTS");
  }
}

Multi::~Multi() {
  while (Transfer* orphan = m_transfers.pop_front()) {
    // Its frame outlived the driver: it is never resumed, and its destructor finds
    // it unlinked. Removal cannot fail for a handle that is in the multi.
    (void)curl_multi_remove_handle(m_multi.get(), orphan->m_easy);
  }
  // Cleanup may still report sockets and timers to the callbacks; `this` is whole.
  // It fails only when called from inside a libcurl callback, which it is not.
  (void)curl_multi_cleanup(m_multi.get());
  m_multi.release();
  m_timer->data = nullptr;
}

int Multi::on_socket(CURL*, curl_socket_t socket, int what, void* user, void*) noexcept {
  auto* self = static_cast<Multi*>(user);
  const int error = what == CURL_POLL_REMOVE ? self->m_sockets.unwatch(socket)
                                             : self->m_sockets.watch(socket, what);
  if (error == 0) return 0;
  self->fail(std::string("cannot watch a socket (epoll_ctl): ") + std::strerror(error));
  // A socket given up may stay registered: only more wake-ups, nothing fails.
  return what == CURL_POLL_REMOVE ? 0 : -1;  // -1: libcurl fails the transfers in flight
}

int Multi::on_timer(CURLM*, long timeout_ms, void* user) noexcept {
  auto* self = static_cast<Multi*>(user);
  uv_timer_t* timer = self->m_timer.get();
  // Also for 0: the timer fires on the next loop turn, never inside this callback.
  const int rc = timeout_ms < 0 ? uv_timer_stop(timer)
                                : uv_timer_start(timer, &Multi::on_timeout,
                                                 static_cast<std::uint64_t>(timeout_ms), 0);
  if (rc == 0) return 0;
  self->fail(std::string("cannot start libcurl's timer: ") + uv_strerror(rc));
  return -1;  // libcurl fails the transfers in flight
}

void Multi::on_timeout(uv_timer_t* timer) noexcept {
  if (auto* self = static_cast<Multi*>(timer->data)) self->act(CURL_SOCKET_TIMEOUT, 0);
}

void Multi::act(curl_socket_t socket, int events) noexcept {
  int running = 0;
  const CURLMcode rc = curl_multi_socket_action(m_multi.get(), socket, events, &running);
  // A socket libcurl closed while its event was on the way is no failure; a
  // callback's -1 (CURLM_ABORTED_BY_CALLBACK) was recorded with its reason.
  if (rc != CURLM_OK && rc != CURLM_BAD_SOCKET && rc != CURLM_ABORTED_BY_CALLBACK)
    fail(std::string("curl_multi_socket_action: ") + curl_multi_strerror(rc));
  drain();
}

void Multi::fail(std::string what) noexcept {
  if (!m_failure) m_failure = std::move(what);
}

std::optional<std::string> Multi::adopt(CURL* easy) {
  if (CURLcode rc = m_sockets.adopt(easy); rc != CURLE_OK)
    return std::string("libcurl refused CURLOPT_OPENSOCKETFUNCTION: ") + curl_easy_strerror(rc);
  if (CURLcode rc = curl_easy_setopt(easy, CURLOPT_SHARE, m_share.get()); rc != CURLE_OK)
    return std::string("libcurl refused CURLOPT_SHARE: ") + curl_easy_strerror(rc);
  return std::nullopt;
}

void Multi::drain() noexcept {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(m_multi.get(), &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    // The message is invalid once its handle is removed: copy what we need first.
    CURL* easy = message->easy_handle;
    const CURLcode result = message->data.result;
    char* owner = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_PRIVATE, &owner) != CURLE_OK) owner = nullptr;
    if (CURLMcode rc = curl_multi_remove_handle(m_multi.get(), easy); rc != CURLM_OK)
      fail(std::string("curl_multi_remove_handle: ") + curl_multi_strerror(rc));
    // finish() only queues the coroutine; it runs after this drain, from the loop.
    if (owner) reinterpret_cast<Transfer*>(owner)->finish(result);
  }
}

}  // namespace cofetch::http
