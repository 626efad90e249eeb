#pragma once
// IntrusiveList<T>: a doubly linked list threaded through its elements, for
// registries of objects that live elsewhere (awaiters in coroutine frames,
// spawned tasks, socket watches). Linking and unlinking never allocate and never
// fail, so they are safe in destructors and noexcept callbacks.
//
// An element derives from ListHook<T> and may be in at most one list at a time;
// it must be removed before it is destroyed.

#include <cassert>
#include <cstddef>

namespace cofetch::coro {

template <typename T>
class IntrusiveList;

template <typename T>
class ListHook {
 public:
  ListHook() noexcept = default;
  ListHook(const ListHook&) = delete;
  ListHook& operator=(const ListHook&) = delete;

  bool linked() const noexcept { return m_linked; }

 private:
  friend class IntrusiveList<T>;
  T* m_prev = nullptr;
  T* m_next = nullptr;
  bool m_linked = false;
};

template <typename T>
class IntrusiveList {
 public:
  IntrusiveList() noexcept = default;
  IntrusiveList(const IntrusiveList&) = delete;
  IntrusiveList& operator=(const IntrusiveList&) = delete;

  bool empty() const noexcept { return m_head == nullptr; }
  std::size_t size() const noexcept { return m_size; }
  T* front() const noexcept { return m_head; }
  // The element after `item` in its list, or null.
  static T* next(const T& item) noexcept { return static_cast<const ListHook<T>&>(item).m_next; }

  void push_back(T& item) noexcept {
    ListHook<T>& hook = item;
    assert(!hook.m_linked);
    hook.m_prev = m_tail;
    hook.m_next = nullptr;
    if (m_tail)
      static_cast<ListHook<T>&>(*m_tail).m_next = &item;
    else
      m_head = &item;
    m_tail = &item;
    hook.m_linked = true;
    ++m_size;
  }

  void remove(T& item) noexcept {
    ListHook<T>& hook = item;
    assert(hook.m_linked);
    if (hook.m_prev)
      static_cast<ListHook<T>&>(*hook.m_prev).m_next = hook.m_next;
    else
      m_head = hook.m_next;
    if (hook.m_next)
      static_cast<ListHook<T>&>(*hook.m_next).m_prev = hook.m_prev;
    else
      m_tail = hook.m_prev;
    hook.m_prev = hook.m_next = nullptr;
    hook.m_linked = false;
    --m_size;
  }

  T* pop_front() noexcept {
    T* first = m_head;
    if (first) remove(*first);
    return first;
  }

 private:
  T* m_head = nullptr;
  T* m_tail = nullptr;
  std::size_t m_size = 0;
};

}  // namespace cofetch::coro
