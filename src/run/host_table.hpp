#pragma once
// HostTable: one HostRecord per host (scheme, host and port), owned by the
// scheduler, and the wait of every attempt for its host's leave.
//
//   job:      Ref (held while the job lives: its host's record stays)
//   attempt:  Place (a place among the host's transfers; waits in FIFO order for
//             the host's capacity, its Retry-After pause and --per-host-rate's
//             spacing) -> start() -> the fetch tells it how far it got
//             (TransferObserver) -> finish(result): the record learns from it
//
// A place is taken before the -j slot and holds none while it waits; one that no
// longer fits when its slot comes (the host slowed down meanwhile) gives both
// back and waits again. With
// --per-host-rate only one attempt per host waits for a -j slot at a time, so the
// spacing holds between real starts. Records of hosts that no job holds stay, so
// what was learnt (gone, unresolvable, slow down, connected once) still applies to
// the host's URLs further down the list; the least recently used of them go once
// more than 65,536 are kept.

#include <coroutine>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cofetch/coro/intrusive_list.hpp"
#include "cofetch/coro/task.hpp"
#include "cofetch/http/fetch.hpp"
#include "cofetch/uv/loop.hpp"
#include "run/host_record.hpp"

namespace cofetch::run {

class HostTable {
  struct Host;
  struct Waiter;
  struct UntilWoken;
  class Line;

 public:
  static constexpr std::size_t k_idle_records = 65'536;

  // Counts what the hosts did into `stats` as it happens (a stopped pass keeps it).
  HostTable(uv::Loop& loop, HostPolicy policy, HostStats& stats);
  HostTable(const HostTable&) = delete;
  HostTable& operator=(const HostTable&) = delete;
  ~HostTable();

  // A job's hold on the record of its URL's host. Move-only.
  class [[nodiscard]] Ref {
   public:
    Ref() noexcept = default;
    Ref(Ref&& other) noexcept;
    Ref& operator=(Ref&& other) noexcept;
    ~Ref() { release(); }
    const HostRecord& record() const noexcept;

   private:
    friend class HostTable;
    Ref(HostTable& table, Host& host) noexcept;
    void release() noexcept;
    HostTable* m_table = nullptr;
    Host* m_host = nullptr;
  };

  Ref hold(std::string_view url);

  // An attempt's place among its host's transfers, given back on destruction.
  // It is the attempt's TransferObserver. Move-only; observe only once settled.
  class [[nodiscard]] Place final : public http::TransferObserver {
   public:
    Place() noexcept = default;
    Place(Place&& other) noexcept;
    Place& operator=(Place&& other) noexcept;
    ~Place() { leave(); }

    // A place was given; else the host's remaining URLs are not tried (verdict).
    // (A host given up lets one URL through now and then: HostRecord.)
    bool admitted() const noexcept { return m_state != State::none; }
    // Whether the host still takes it now: a refusal or a Retry-After that came
    // while it waited for its -j slot may have lowered the limit under it.
    bool still_fits() const noexcept;
    // Whether its wait for a -j slot keeps a scarce place idle: its host is held
    // to a limit (learnt, --per-host, spacing), or not known yet (its first
    // attempts find out whether it is there at all). Such an attempt goes first.
    bool urgent() const noexcept;
    // The attempt starts now (it holds its -j slot).
    void start();
    // The attempt ended with `result`: the host's record learns from it.
    void finish(const http::Result& result);

    void resolved() noexcept override;
    void connected() noexcept override;
    void ended() noexcept override;

   private:
    friend class HostTable;
    enum class State { none, admitted, started, finished };
    // `counted`: grant() counted it among the host's places already.
    Place(HostTable& table, Host& host, bool counted = false) noexcept;
    void leave() noexcept;

    HostTable* m_table = nullptr;
    Host* m_host = nullptr;
    State m_state = State::none;
    bool m_ended = false;  // counted out of the host's transfers in flight
    HostAttempt m_attempt;
  };

  // A place now if the host has one free and nothing to wait for; otherwise one
  // not admitted, and the attempt waits with enter().
  Place try_enter(const Ref& ref);
  // Waits for a place; one not admitted when the host is given up meanwhile.
  coro::Task<Place> enter(const Ref& ref);

  const HostPolicy& policy() const noexcept { return m_policy; }
  const HostStats& stats() const noexcept { return m_stats; }
  std::size_t records() const noexcept { return m_hosts.size(); }

 private:
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept {
      return std::hash<std::string_view>{}(key);
    }
  };

  bool may_enter_now(const Host& host, HostClock::time_point now) const noexcept;
  Place reprobe(Host& host);
  bool has_room(const Host& host) const noexcept;
  // Hands places to the first waiters of `host` while it has room and nothing to
  // wait for, in line order, and posts them to the loop (never resumes them from
  // here); a first waiter held only by time is posted to sleep until then.
  void grant(Host& host) noexcept;
  // Posts every waiter: the host got a verdict.
  void wake_all(Host& host) noexcept;
  void post(Waiter& waiter) noexcept;

  uv::Loop& m_loop;
  HostPolicy m_policy;
  HostStats& m_stats;
  std::unordered_map<std::string, std::unique_ptr<Host>, KeyHash, std::equal_to<>> m_hosts;
  coro::IntrusiveList<Host> m_idle;  // held by no job, least recently used first
  std::string m_key;                 // the origin being looked up (no allocation per URL)
  // The last URL's origin as written, and its host: lists often name one host
  // many times in a row, and then the origin is not worked out again.
  std::string m_last_written;
  Host* m_last = nullptr;
};

}  // namespace cofetch::run
