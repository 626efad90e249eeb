#pragma once
// Semaphore: an async counting semaphore with FIFO hand-off, like asyncio.Semaphore.
//
// `auto permit = co_await slots.acquire();` suspends while no unit is free; the
// Permit gives its unit back when destroyed. A released unit goes straight to the
// longest waiter (the waiter is resumed inside release()), so a newcomer can never
// overtake a waiter and the count of units held never exceeds the capacity.
// `acquire(true)` waits among the urgent: they get released units before every
// other waiter, in their own FIFO order.

#include <coroutine>
#include <cstddef>
#include <utility>

#include "cofetch/coro/intrusive_list.hpp"

namespace cofetch::coro {

class Semaphore;

// One unit of a Semaphore, returned on destruction. Move-only.
class [[nodiscard]] Permit {
 public:
  Permit() noexcept = default;
  explicit Permit(Semaphore& owner) noexcept : m_owner(&owner) {}
  Permit(Permit&& other) noexcept : m_owner(std::exchange(other.m_owner, nullptr)) {}
  Permit& operator=(Permit&& other) noexcept;
  Permit(const Permit&) = delete;
  Permit& operator=(const Permit&) = delete;
  ~Permit() { release(); }

  void release() noexcept;
  explicit operator bool() const noexcept { return m_owner != nullptr; }

 private:
  Semaphore* m_owner = nullptr;
};

class Semaphore {
 public:
  explicit Semaphore(std::size_t capacity) noexcept : m_available(capacity) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  class [[nodiscard]] Acquire : public ListHook<Acquire> {
   public:
    explicit Acquire(Semaphore& owner, bool urgent = false) noexcept
        : m_owner(owner), m_urgent(urgent) {}
    Acquire(const Acquire&) = delete;
    Acquire& operator=(const Acquire&) = delete;
    ~Acquire();  // a waiter whose frame is destroyed leaves the queue

    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<> waiter) noexcept;
    Permit await_resume() noexcept { return Permit(m_owner); }

   private:
    friend class Semaphore;
    IntrusiveList<Acquire>& line() noexcept {
      return m_urgent ? m_owner.m_urgent_waiters : m_owner.m_waiters;
    }
    Semaphore& m_owner;
    bool m_urgent;
    std::coroutine_handle<> m_waiter;
  };

  Acquire acquire(bool urgent = false) noexcept { return Acquire(*this, urgent); }

  // Returns one unit; if a coroutine waits, it receives the unit and resumes now.
  void release() noexcept;

  std::size_t available() const noexcept { return m_available; }
  std::size_t waiting() const noexcept { return m_urgent_waiters.size() + m_waiters.size(); }

 private:
  std::size_t m_available;
  IntrusiveList<Acquire> m_urgent_waiters;  // FIFO, served first
  IntrusiveList<Acquire> m_waiters;         // FIFO
};

}  // namespace cofetch::coro
