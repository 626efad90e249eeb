#pragma once
// Handle<H>: the single owner of one libuv handle (uv_timer_t, uv_poll_t, ...).
//
// libuv rule: a handle's memory may be released only in its close callback, after
// uv_close(). The owner therefore allocates the handle on the heap and, when it is
// destroyed, calls uv_close() with a callback that deletes it; the loop frees it on
// its next turn, long after the owner is gone.

#include <uv.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace cofetch::uv {

[[noreturn]] inline void throw_uv_error(const char* what, int code) {
  throw std::runtime_error(std::string(what) + ": " + uv_strerror(code));
}

template <typename H>
class Handle {
 public:
  Handle() noexcept = default;

  // Allocates the handle and runs `init(handle, args...)`, e.g. uv_timer_init.
  template <typename Init, typename... Args>
  static Handle make(Init init, uv_loop_t* loop, Args&&... args) {
    H* raw = new H{};
    if (int rc = init(loop, raw, std::forward<Args>(args)...); rc < 0) {
      delete raw;  // never initialised, so there is nothing to close
      throw_uv_error("uv handle init", rc);
    }
    return Handle(raw);
  }

  Handle(Handle&& other) noexcept : m_raw(std::exchange(other.m_raw, nullptr)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      close();
      m_raw = std::exchange(other.m_raw, nullptr);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { close(); }

  H* get() const noexcept { return m_raw; }
  H* operator->() const noexcept { return m_raw; }
  explicit operator bool() const noexcept { return m_raw != nullptr; }

  // Starts closing now; the memory goes in the close callback.
  void close() noexcept {
    if (H* raw = std::exchange(m_raw, nullptr)) {
      auto* base = reinterpret_cast<uv_handle_t*>(raw);
      base->data = nullptr;  // callbacks that still fire see no owner
      uv_close(base, [](uv_handle_t* closed) { delete reinterpret_cast<H*>(closed); });
    }
  }

 private:
  explicit Handle(H* raw) noexcept : m_raw(raw) {}
  H* m_raw = nullptr;
};

}  // namespace cofetch::uv
