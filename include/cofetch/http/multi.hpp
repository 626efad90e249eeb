#pragma once
// Multi: libcurl's multi interface driven by the libuv loop through
// curl_multi_socket_action. `co_await multi.perform(easy)` runs one transfer and
// yields its CURLcode; any number of coroutines may await transfers at once.
//
// The rules it keeps (curl's multi-uv.c and hiperfifo.c follow the same ones):
// - Curl's sockets are watched in an epoll instance of their own, one descriptor
//   for the loop (curl_sockets.hpp says why and how). A socket curl gives up
//   (CURL_POLL_REMOVE) and may close without telling leaves epoll at once.
// - One non-repeating uv_timer_t for CURLMOPT_TIMERFUNCTION: -1 stops it, any other
//   value (0 too) starts it. libcurl is never called from inside that callback.
// - A socket error is reported as CURL_CSELECT_ERR, together with the directions
//   curl was waiting for, so that curl reports the socket's own error.
// - After every curl_multi_socket_action, the timer path too, all CURLMSG_DONE
//   messages are drained: {easy, result} copied out, the handle removed, and only
//   then are the waiting coroutines handed to the loop's ready queue.
// - A frame destroyed while its transfer is in flight removes its easy handle
//   first, so CURLOPT_PRIVATE never points at freed memory.
// - Every libcurl and libuv call is checked. A socket that cannot be watched or a
//   timer that cannot start makes the callback return -1, and libcurl fails the
//   transfers in flight; that, and any other failure of the multi handle, is kept
//   in failure() for the run to report. Nothing here prints.

#include <curl/curl.h>

#include <coroutine>
#include <cstddef>
#include <optional>
#include <string>

#include "cofetch/coro/intrusive_list.hpp"
#include "cofetch/http/curl_handles.hpp"
#include "cofetch/http/curl_sockets.hpp"
#include "cofetch/http/transfer_observer.hpp"
#include "cofetch/uv/handle.hpp"
#include "cofetch/uv/loop.hpp"

namespace cofetch::http {

class Multi;

// The awaiter for one transfer. Not movable: its address is the transfer's CURLOPT_PRIVATE.
class [[nodiscard]] Transfer : public coro::ListHook<Transfer> {
 public:
  Transfer(Multi& multi, CURL* easy, TransferObserver* observer = nullptr) noexcept
      : m_multi(&multi), m_easy(easy), m_observer(observer) {}
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer();

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> waiter) noexcept;
  CURLcode await_resume() const noexcept { return m_result; }

 private:
  friend class Multi;
  void finish(CURLcode result) noexcept;

  Multi* m_multi;
  CURL* m_easy;
  TransferObserver* m_observer;  // told when it ended, if any
  CURLcode m_result = CURLE_OK;
  std::coroutine_handle<> m_waiter;
  uv::ReadyNode m_ready;
};

class Multi {
 public:
  // `connection_cache`: how many connections libcurl may keep open, busy or idle
  // (CURLMOPT_MAXCONNECTS); 0 leaves libcurl's default, 4 x the handles added,
  // which shrinks when transfers end in a burst and then closes connections that
  // the next transfers would have reused.
  // `share_cookies`: the transfers keep one cookie store (-b FILE, -c), which
  // cookie_jar.hpp fills and reads through share().
  // Throws std::runtime_error when libcurl refuses to set the handle up.
  explicit Multi(uv::Loop& loop, std::size_t connection_cache = 0, bool share_cookies = false);
  Multi(const Multi&) = delete;
  Multi& operator=(const Multi&) = delete;
  // Shutdown order: remove any easy handle still attached, curl_multi_cleanup with
  // the loop alive (curl may still report sockets and timers), then close the
  // timer and any poll handle curl did not remove.
  ~Multi();

  // `observer`, if any, hears ended() in the drain, before any waiter resumes.
  Transfer perform(CURL* easy, TransferObserver* observer = nullptr) noexcept {
    return Transfer(*this, easy, observer);
  }

  std::size_t in_flight() const noexcept { return m_transfers.size(); }
  // Sockets curl currently asks us to watch.
  std::size_t watched_sockets() const noexcept { return m_sockets.watched(); }
  CURLM* native() const noexcept { return m_multi.get(); }
  // What the adopted handles share: TLS sessions, and cookies if asked.
  CURLSH* share() const noexcept { return m_share.get(); }

  // Makes `easy` open and close its connection sockets through this driver, so
  // their registrations can outlive a transfer (curl_sockets.hpp), and share the
  // driver's TLS sessions. Nothing, or what libcurl refused.
  std::optional<std::string> adopt(CURL* easy);

  // The first failure of the driver itself (not of one transfer), if any:
  // "cannot watch a socket: ...", "curl_multi_socket_action: ...".
  const std::optional<std::string>& failure() const noexcept { return m_failure; }

  // Tells libcurl a socket (or CURL_SOCKET_TIMEOUT) is ready, then drains.
  void act(curl_socket_t socket, int events) noexcept;

 private:
  friend class Transfer;

  static int on_socket(CURL* easy, curl_socket_t socket, int what, void* user,
                       void* socket_data) noexcept;
  static int on_timer(CURLM* multi, long timeout_ms, void* user) noexcept;
  static void on_timeout(uv_timer_t* timer) noexcept;

  void drain() noexcept;
  void fail(std::string what) noexcept;

  uv::Loop& m_loop;
  // TLS sessions shared by every transfer of this driver: a new connection to a
  // host seen before resumes its session instead of a full handshake. Declared
  // first, cleaned up last: easy handles that use it go before the driver.
  SharePtr m_share;
  MultiPtr m_multi;
  uv::Handle<uv_timer_t> m_timer;
  CurlSockets m_sockets;
  coro::IntrusiveList<Transfer> m_transfers;  // added to the multi handle, not finished
  std::optional<std::string> m_failure;
};

}  // namespace cofetch::http
