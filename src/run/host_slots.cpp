#include "run/host_slots.hpp"

#include <utility>

namespace cofetch::run {

HostSlots::Permit::Permit(HostSlots& owner, Host& host) noexcept : m_owner(&owner), m_host(&host) {
  ++host.users;
}

HostSlots::Permit::Permit(Permit&& other) noexcept
    : m_owner(std::exchange(other.m_owner, nullptr)),
      m_host(std::exchange(other.m_host, nullptr)),
      m_slot(std::move(other.m_slot)) {}

HostSlots::Permit& HostSlots::Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    leave();
    m_owner = std::exchange(other.m_owner, nullptr);
    m_host = std::exchange(other.m_host, nullptr);
    m_slot = std::move(other.m_slot);
  }
  return *this;
}

void HostSlots::Permit::leave() noexcept {
  if (!m_host) return;
  m_slot.release();  // may hand the slot to a waiter of the same host, who is still a user
  if (--m_host->users == 0) m_owner->m_hosts.erase(m_host->key);
  m_host = nullptr;
  m_owner = nullptr;
}

coro::Task<HostSlots::Permit> HostSlots::acquire(const std::string& host) {
  if (!limited()) co_return Permit{};
  auto& entry = m_hosts[host];
  if (!entry) entry = std::make_unique<Host>(host, m_per_host);
  // Counted as a user from here, so a frame cancelled while waiting still leaves.
  Permit permit(*this, *entry);
  permit.m_slot = co_await entry->slots.acquire();
  co_return permit;
}

}  // namespace cofetch::run
