#include "coro/semaphore.hpp"

namespace cofetch::coro {

Permit& Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    release();
    m_owner = std::exchange(other.m_owner, nullptr);
  }
  return *this;
}

void Permit::release() noexcept {
  if (Semaphore* owner = std::exchange(m_owner, nullptr)) owner->release();
}

Semaphore::Acquire::~Acquire() {
  if (m_queued) m_owner.remove(*this);
}

bool Semaphore::Acquire::await_ready() noexcept {
  // Waiters first: taking a free unit while others queue would break FIFO order.
  if (m_owner.m_available == 0 || m_owner.m_head != nullptr) return false;
  --m_owner.m_available;
  return true;
}

void Semaphore::Acquire::await_suspend(std::coroutine_handle<> waiter) noexcept {
  m_waiter = waiter;
  m_owner.enqueue(*this);
}

void Semaphore::release() noexcept {
  if (Acquire* first = m_head) {
    remove(*first);  // the unit passes to `first` without touching the count
    first->m_waiter.resume();
    return;
  }
  ++m_available;
}

void Semaphore::enqueue(Acquire& waiter) noexcept {
  waiter.m_prev = m_tail;
  waiter.m_next = nullptr;
  if (m_tail) m_tail->m_next = &waiter;
  else m_head = &waiter;
  m_tail = &waiter;
  waiter.m_queued = true;
  ++m_waiting;
}

void Semaphore::remove(Acquire& waiter) noexcept {
  if (waiter.m_prev) waiter.m_prev->m_next = waiter.m_next;
  else m_head = waiter.m_next;
  if (waiter.m_next) waiter.m_next->m_prev = waiter.m_prev;
  else m_tail = waiter.m_prev;
  waiter.m_prev = waiter.m_next = nullptr;
  waiter.m_queued = false;
  --m_waiting;
}

}  // namespace cofetch::coro
