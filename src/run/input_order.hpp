#pragma once
// InputOrder: --order input. Results arrive in completion order and leave in the
// order of their index. Each result holds its window permit until it leaves, so
// while a slow URL holds up the ones after it the window fills and the
// scheduler stops reading input: memory stays bounded by the window.

#include <cstddef>
#include <functional>
#include <map>
#include <utility>

#include "cofetch/coro/semaphore.hpp"
#include "cofetch/http/result.hpp"

namespace cofetch::run {

class InputOrder {
 public:
  using Emit = std::function<void(http::Result&)>;

  explicit InputOrder(Emit emit) : m_emit(std::move(emit)) {}

  // Takes a result; emits it and every held one that now follows in order.
  void push(http::Result result, coro::Permit window);

  // Emits everything held, in index order, gaps and all (the run is stopping).
  void flush();

  std::size_t held() const noexcept { return m_held.size(); }

 private:
  void emit_ready();

  Emit m_emit;
  std::map<std::size_t, std::pair<http::Result, coro::Permit>> m_held;
  std::size_t m_next = 0;
  bool m_emitting = false;  // a permit given back inside emit may bring a push
};

}  // namespace cofetch::run
