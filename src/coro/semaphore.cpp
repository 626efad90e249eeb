#include "cofetch/coro/semaphore.hpp"

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
  if (linked()) line().remove(*this);
}

bool Semaphore::Acquire::await_ready() noexcept {
  // Waiters first: taking a free unit while others queue would break FIFO order.
  if (m_owner.m_available == 0 || m_owner.waiting() > 0) return false;
  --m_owner.m_available;
  return true;
}

void Semaphore::Acquire::await_suspend(std::coroutine_handle<> waiter) noexcept {
  m_waiter = waiter;
  line().push_back(*this);
}

void Semaphore::release() noexcept {
  Acquire* first = m_urgent_waiters.pop_front();
  if (!first) first = m_waiters.pop_front();
  if (first) {
    first->m_waiter.resume();  // the unit passes to `first` without touching the count
    return;
  }
  ++m_available;
}

}  // namespace cofetch::coro
