#include "run/host_table.hpp"

#include <cassert>
#include <utility>

#include "cofetch/url/parts.hpp"
#include "cofetch/uv/sleep.hpp"

namespace cofetch::run {

// An attempt waiting for a place, in its host's FIFO line.
struct HostTable::Waiter : coro::ListHook<Waiter> {
  std::coroutine_handle<> handle;
  uv::ReadyNode ready;
  bool asleep = false;   // suspended until posted
  bool granted = false;  // out of the line with a place counted for it (grant())
};

struct HostTable::Host : coro::ListHook<Host> {
  explicit Host(std::string name) : key(std::move(name)) {}
  std::string key;
  HostRecord record;
  std::size_t admitted = 0;  // places held or granted: waiting for a -j slot, or fetching
  std::size_t fetching = 0;  // of them, started and not ended
  coro::IntrusiveList<Waiter> waiters;
  std::size_t users = 0;  // jobs holding a Ref
};

// Suspends a waiter until it is posted.
struct HostTable::UntilWoken {
  explicit UntilWoken(Waiter& self) noexcept : waiter(self) {}
  Waiter& waiter;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> handle) const noexcept {
    waiter.handle = handle;
    waiter.asleep = true;
  }
  void await_resume() const noexcept {}
};

// A waiter's place in its host's line, left however the frame ends: a place
// granted and never taken is given back, and the next in line may go.
class HostTable::Line {
 public:
  Line(HostTable& table, Host& host, Waiter& self) noexcept
      : m_table(table), m_host(host), m_self(self) {
    m_host.waiters.push_back(m_self);
  }
  Line(const Line&) = delete;
  Line& operator=(const Line&) = delete;
  ~Line() {
    if (m_self.linked()) {
      const bool was_first = m_host.waiters.front() == &m_self;
      m_host.waiters.remove(m_self);
      if (was_first) m_table.grant(m_host);
    } else if (m_self.granted && !m_taken) {
      --m_host.admitted;
      m_table.grant(m_host);
    }
  }

  bool first() const noexcept { return m_host.waiters.front() == &m_self; }
  void taken() noexcept { m_taken = true; }

 private:
  HostTable& m_table;
  Host& m_host;
  Waiter& m_self;
  bool m_taken = false;
};

HostTable::HostTable(uv::Loop& loop, HostPolicy policy, HostStats& stats)
    : m_loop(loop), m_policy(policy), m_stats(stats) {}

HostTable::~HostTable() {
  while (Host* idle = m_idle.pop_front()) (void)idle;  // the map owns them
}

// --- Ref

HostTable::Ref::Ref(HostTable& table, Host& host) noexcept : m_table(&table), m_host(&host) {
  if (host.users++ == 0 && host.linked()) table.m_idle.remove(host);
}

HostTable::Ref::Ref(Ref&& other) noexcept
    : m_table(std::exchange(other.m_table, nullptr)),
      m_host(std::exchange(other.m_host, nullptr)) {}

HostTable::Ref& HostTable::Ref::operator=(Ref&& other) noexcept {
  if (this != &other) {
    release();
    m_table = std::exchange(other.m_table, nullptr);
    m_host = std::exchange(other.m_host, nullptr);
  }
  return *this;
}

const HostRecord& HostTable::Ref::record() const noexcept {
  return m_host->record;
}

void HostTable::Ref::release() noexcept {
  Host* host = std::exchange(m_host, nullptr);
  HostTable* table = std::exchange(m_table, nullptr);
  if (!host || --host->users > 0) return;
  // Kept for the host's URLs further down the list, up to a bound.
  table->m_idle.push_back(*host);
  if (table->m_idle.size() > k_idle_records) {
    Host* oldest = table->m_idle.pop_front();
    if (oldest == table->m_last) table->m_last = nullptr;
    table->m_hosts.erase(oldest->key);
  }
}

HostTable::Ref HostTable::hold(std::string_view url) {
  const std::string_view written = url::written_origin(url);
  if (m_last && !written.empty() && written == m_last_written) return Ref(*this, *m_last);
  // A URL without an origin (libcurl took it, url::origin did not) is a host of its own text.
  if (!url::origin_into(url, m_key)) m_key.assign(url);
  auto found = m_hosts.find(std::string_view(m_key));
  if (found == m_hosts.end()) found = m_hosts.emplace(m_key, std::make_unique<Host>(m_key)).first;
  m_last = found->second.get();
  m_last_written.assign(written);
  return Ref(*this, *m_last);
}

// --- Place

HostTable::Place::Place(HostTable& table, Host& host, bool counted) noexcept
    : m_table(&table), m_host(&host), m_state(State::admitted) {
  if (!counted) ++host.admitted;
}

HostTable::Place::Place(Place&& other) noexcept
    : m_table(std::exchange(other.m_table, nullptr)),
      m_host(std::exchange(other.m_host, nullptr)),
      m_state(std::exchange(other.m_state, State::none)),
      m_ended(other.m_ended),
      m_attempt(other.m_attempt) {}

HostTable::Place& HostTable::Place::operator=(Place&& other) noexcept {
  if (this != &other) {
    leave();
    m_table = std::exchange(other.m_table, nullptr);
    m_host = std::exchange(other.m_host, nullptr);
    m_state = std::exchange(other.m_state, State::none);
    m_ended = other.m_ended;
    m_attempt = other.m_attempt;
  }
  return *this;
}

bool HostTable::Place::still_fits() const noexcept {
  const HostRecord& record = m_host->record;
  if (m_attempt.reprobe) return true;  // the one URL that looks whether a host came back
  return !record.verdict() && m_host->fetching < record.capacity(m_table->m_policy) &&
         record.ready_at() <= HostClock::now();
}

bool HostTable::Place::urgent() const noexcept {
  return m_attempt.reprobe || m_table->m_policy.spacing.count() > 0 ||
         m_host->record.capacity(m_table->m_policy) != HostRecord::k_no_limit;
}

void HostTable::Place::start() {
  assert(m_state == State::admitted);
  m_state = State::started;
  const auto now = HostClock::now();
  m_attempt.level = ++m_host->fetching;
  m_attempt.started = now;
  m_host->record.started(m_table->m_policy, now);
  // With spacing, the next in line may now wait for its turn (it waited for this start).
  if (m_table->m_policy.spacing.count() > 0) m_table->grant(*m_host);
}

void HostTable::Place::finish(const http::Result& result) {
  assert(m_state == State::started);
  m_state = State::finished;
  ended();  // if the fetch did not say so
  const bool had_verdict = m_host->record.verdict().has_value();
  m_host->record.learn(m_table->m_policy, m_attempt, result, m_host->key, HostClock::now(),
                       m_table->m_stats);

  // A verdict concerns every waiter; anything else may make room.
  if (!had_verdict && m_host->record.verdict())
    m_table->wake_all(*m_host);
  else
    m_table->grant(*m_host);
}

void HostTable::Place::resolved() noexcept {
  if (!m_host || m_host->record.reach() != HostRecord::Reach::unknown) return;
  m_host->record.resolved();
  m_table->grant(*m_host);
}

void HostTable::Place::connected() noexcept {
  if (!m_host) return;
  m_attempt.connected = true;
  if (m_host->record.reach() == HostRecord::Reach::connected) return;
  m_host->record.connected();
  m_table->grant(*m_host);
}

void HostTable::Place::ended() noexcept {
  if (!m_host || m_ended || m_state == State::admitted) return;
  m_ended = true;
  --m_host->fetching;
}

void HostTable::Place::leave() noexcept {
  if (!m_host) return;
  ended();  // cancelled mid-transfer
  if (m_attempt.reprobe && m_state != State::finished) m_host->record.reprobe_abandoned();
  --m_host->admitted;
  m_table->grant(*m_host);
  m_host = nullptr;
  m_table = nullptr;
  m_state = State::none;
}

// --- waiting

bool HostTable::has_room(const Host& host) const noexcept {
  if (host.admitted >= host.record.capacity(m_policy)) return false;
  // Spaced starts: the next attempt is admitted once the one before it started.
  return m_policy.spacing.count() == 0 || host.admitted == host.fetching;
}

bool HostTable::may_enter_now(const Host& host, HostClock::time_point now) const noexcept {
  return host.waiters.empty() && has_room(host) && host.record.ready_at() <= now;
}

void HostTable::post(Waiter& waiter) noexcept {
  if (!waiter.asleep) return;  // running, or asleep on a timer that will bring it back
  waiter.asleep = false;
  m_loop.post(waiter.ready, waiter.handle);
}

void HostTable::grant(Host& host) noexcept {
  if (host.record.verdict()) return;  // wake_all() told them
  HostClock::time_point now{};
  while (Waiter* first = host.waiters.front()) {
    if (!has_room(host)) return;
    if (now == HostClock::time_point{}) now = HostClock::now();
    if (host.record.ready_at() > now) {
      post(*first);  // it sleeps until then
      return;
    }
    // The place passes to the first in line at once: a line of any length
    // drains in one turn of the loop, in order.
    host.waiters.remove(*first);
    ++host.admitted;
    first->granted = true;
    post(*first);
  }
}

void HostTable::wake_all(Host& host) noexcept {
  for (Waiter* waiter = host.waiters.front(); waiter; waiter = host.waiters.next(*waiter))
    post(*waiter);
}

HostTable::Place HostTable::reprobe(Host& host) {
  // A host given up: one URL now and then looks whether it came back; the rest
  // are not admitted (skipped), without waiting.
  if (!host.record.reprobe_due(HostClock::now())) return Place{};
  host.record.reprobe_started();
  Place place(*this, host);
  place.m_attempt.reprobe = true;
  return place;
}

HostTable::Place HostTable::try_enter(const Ref& ref) {
  Host& host = *ref.m_host;
  if (host.record.verdict()) return reprobe(host);
  if (!may_enter_now(host, HostClock::now())) return Place{};
  return Place(*this, host);
}

coro::Task<HostTable::Place> HostTable::enter(const Ref& ref) {
  Host& host = *ref.m_host;
  Waiter self;
  Line line(*this, host, self);
  for (;;) {
    if (!self.granted) {
      if (host.record.verdict()) co_return reprobe(host);
      grant(host);  // room, and it is first in line: granted now
    }
    if (self.granted) {
      line.taken();
      co_return Place(*this, host, /*counted=*/true);
    }
    if (line.first() && has_room(host)) {
      // Only time holds it (Retry-After, spacing): the first in line sleeps.
      const auto wait = host.record.ready_at() - HostClock::now();
      co_await uv::sleep(m_loop, std::chrono::ceil<std::chrono::milliseconds>(wait));
      continue;
    }
    co_await UntilWoken(self);
  }
}

}  // namespace cofetch::run
