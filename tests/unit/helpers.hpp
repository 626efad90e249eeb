#pragma once
// Small tools shared by the unit tests.

#include <coroutine>
#include <vector>

namespace cofetch::test {

// Counts live instances; put one in a coroutine frame to see when the frame dies.
struct LifeCounter {
  static inline int constructed = 0;
  static inline int destroyed = 0;
  static void reset() { constructed = destroyed = 0; }
  static int alive() { return constructed - destroyed; }

  LifeCounter() { ++constructed; }
  LifeCounter(const LifeCounter&) { ++constructed; }
  LifeCounter(LifeCounter&&) noexcept { ++constructed; }
  LifeCounter& operator=(const LifeCounter&) = default;
  ~LifeCounter() { ++destroyed; }
};

// An event the test sets by hand; every coroutine awaiting it resumes inside set().
class ManualEvent {
 public:
  bool is_set() const { return m_set; }
  void set() {
    m_set = true;
    auto waiters = std::move(m_waiters);
    for (auto waiter : waiters) waiter.resume();
  }

  struct Awaiter {
    ManualEvent& event;
    bool await_ready() const noexcept { return event.m_set; }
    void await_suspend(std::coroutine_handle<> waiter) { event.m_waiters.push_back(waiter); }
    void await_resume() const noexcept {}
  };
  Awaiter operator co_await() { return Awaiter{*this}; }

 private:
  bool m_set = false;
  std::vector<std::coroutine_handle<>> m_waiters;
};

}  // namespace cofetch::test
