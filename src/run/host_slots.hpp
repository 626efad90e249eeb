#pragma once
// HostSlots: --per-host, at most N transfers in flight per host (scheme, host and
// port). Each host gets a FIFO semaphore when it is first needed; the entry goes
// again when nobody holds or waits for it, so memory follows the hosts in use.

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

#include "cofetch/coro/semaphore.hpp"
#include "cofetch/coro/task.hpp"

namespace cofetch::run {

class HostSlots {
  struct Host;

 public:
  explicit HostSlots(std::size_t per_host) : m_per_host(per_host) {}  // 0: no limit
  HostSlots(const HostSlots&) = delete;
  HostSlots& operator=(const HostSlots&) = delete;

  bool limited() const noexcept { return m_per_host > 0; }
  std::size_t hosts_tracked() const noexcept { return m_hosts.size(); }

  // A place among `host`'s transfers, given back on destruction. Move-only.
  class [[nodiscard]] Permit {
   public:
    Permit() noexcept = default;
    Permit(Permit&& other) noexcept;
    Permit& operator=(Permit&& other) noexcept;
    ~Permit() { leave(); }

   private:
    friend class HostSlots;
    Permit(HostSlots& owner, Host& host) noexcept;
    void leave() noexcept;

    HostSlots* m_owner = nullptr;
    Host* m_host = nullptr;
    coro::Permit m_slot;
  };

  // Waits for a place among `host`'s transfers; at once when there is no limit.
  coro::Task<Permit> acquire(const std::string& host);

 private:
  struct Host {
    Host(std::string name, std::size_t capacity) : key(std::move(name)), slots(capacity) {}
    std::string key;
    coro::Semaphore slots;
    std::size_t users = 0;  // holding or waiting
  };

  std::size_t m_per_host;
  std::unordered_map<std::string, std::unique_ptr<Host>> m_hosts;
};

}  // namespace cofetch::run
