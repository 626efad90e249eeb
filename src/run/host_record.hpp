#pragma once
// HostRecord: what the scheduler knows of one host (scheme, host and port, the key
// of --per-host and --shard) from the attempts at its URLs, and what it allows
// next. Plain data and decisions, no waiting: the HostTable (host_table.hpp) keeps
// one per host and makes attempts wait for what this says.
//
// A host goes through three stages before it is trusted:
//   unknown   its name has not resolved yet: one attempt at a time, so a name that
//             does not resolve is looked up once, not once per URL;
//   resolved  a socket was opened for it: --host-errors attempts at a time, less
//             those that failed already, so a host that never accepts costs
//             --host-errors tries and one connect timeout of waiting;
//   connected a connection stood once: only --per-host and the limit below apply.
// Before it connects, N connect-phase failures in a row (refused, connect timeout;
// DNS at once) give it up: its remaining URLs are not tried (kind host_skipped, or
// dns for a name that failed). A host that connected once is never given up. A
// host given up gets one URL through again after 30 s (then 60, 120... up to 10
// minutes): if that one connects, the host is back and its URLs are tried again.
//
// Back-off: a 429 or 503 answer to an attempt that started while L of the host's
// transfers were in flight says L was too many: the host's limit drops to L - 1
// (at least 1). A 503 may also be one page that is broken, whatever the load:
// a 503 to an attempt that was alone in flight to its host says so at once, and
// after a first 503 without Retry-After the next 8 answers to requests started at
// the lowered limit decide (2 more 503s among them, and they are pages). Then the
// host's 503s are taken for pages: the limit goes back to what it was before the
// first and they no longer lower it (their Retry-After still pauses; 429s still
// lower it). A host that
// never sent Retry-After is probed: after 16 x limit answers in a row the limit
// rises by one, and every refusal that lowers it again doubles that count.
// Retry-After pauses the host's next starts as long as it asks (capped as retries
// are, at most 5 pauses per host, so a host that refuses everything cannot stall a
// run), and such a host is not probed past the level it accepted.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "cofetch/http/result.hpp"
#include "report/host_counts.hpp"

namespace cofetch::run {

using HostClock = std::chrono::steady_clock;

// What the options say about every host.
struct HostPolicy {
  static constexpr int k_default_host_errors = 2;
  std::size_t per_host = 0;  // --per-host: transfers in flight per host; 0 = no cap
  // --host-errors: give up a host that never connected after this many
  // connect-phase failures in a row, and look an unresolvable name up once;
  // 0: every URL is tried.
  int host_errors = k_default_host_errors;
  HostClock::duration spacing{};  // --per-host-rate, --delay: least time between two starts
  // The longest pause one Retry-After may impose (the retries' cap).
  std::chrono::milliseconds longest_pause{10 * 60 * 1000};
  // A host given up lets one URL through after this, then after twice as long...
  std::chrono::milliseconds reprobe_after{30'000};
};

// What the hosts did during a pass, for the summary.
using HostStats = report::HostCounts;

// One attempt at a host, as the host sees it.
struct HostAttempt {
  std::size_t level = 0;  // the host's transfers in flight when it started, itself included
  HostClock::time_point started{};
  bool connected = false;  // a connection stood (TransferObserver::connected)
  bool reprobe = false;    // the one URL let through to a host given up
};

// Why the remaining URLs of a host are not tried.
struct HostVerdict {
  http::ErrorKind kind = http::ErrorKind::host_skipped;  // or dns: the name failed
  std::string message;
  int curl_code = 0;  // the code curl gave the failures that decided it
};

// A failure before any connection to the host stood: its name, refused, or the
// connect timeout. (A timeout once connected, or a TLS failure, means the host
// is there.)
bool failed_to_connect(const http::Result& result, bool connected) noexcept;

class HostRecord {
 public:
  static constexpr std::size_t k_no_limit = std::numeric_limits<std::size_t>::max();

  enum class Reach { unknown, resolved, connected };

  // How many attempts may hold a place now.
  std::size_t capacity(const HostPolicy& policy) const noexcept;
  // The earliest time the next attempt may start: after a Retry-After pause, and
  // --per-host-rate's spacing after the last start.
  HostClock::time_point ready_at() const noexcept;

  // The stages reached, as the transfers report them.
  void resolved() noexcept;
  void connected() noexcept;
  // A host given up: whether one URL may go through now to see if it came back;
  // then that it went, or that it was cancelled before it knew.
  bool reprobe_due(HostClock::time_point now) const noexcept;
  void reprobe_started() noexcept { m_reprobing = true; }
  void reprobe_abandoned() noexcept { m_reprobing = false; }
  // An attempt starts now.
  void started(const HostPolicy& policy, HostClock::time_point now) noexcept;
  // What `result` of `attempt` teaches; counts into `stats`.
  void learn(const HostPolicy& policy, const HostAttempt& attempt, const http::Result& result,
             const std::string& host, HostClock::time_point now, HostStats& stats);

  // Set once the host's remaining URLs are not to be tried.
  const std::optional<HostVerdict>& verdict() const noexcept { return m_verdict; }
  Reach reach() const noexcept { return m_reach; }
  std::size_t limit() const noexcept { return m_limit; }
  bool slowed() const noexcept { return m_slowed; }

 private:
  void refused(const HostPolicy& policy, const HostAttempt& attempt, const http::Result& result,
               HostClock::time_point now, HostStats& stats);
  void answered(bool with_status, HostClock::time_point now);
  // Whether 503s without Retry-After are a sign of load or of broken pages.
  void watch_503s(const HostAttempt& attempt, const http::Result& result,
                  HostClock::time_point now);
  // The host's 503s are pages: they no longer lower the limit, which goes back
  // to what it was before the first.
  void take_503s_for_pages(HostClock::time_point now);
  void set_limit(std::size_t limit, HostClock::time_point now) noexcept;

  Reach m_reach = Reach::unknown;
  int m_connect_failures = 0;
  std::optional<HostVerdict> m_verdict;
  HostClock::time_point m_reprobe_at{};
  HostClock::duration m_reprobe_wait{};
  bool m_reprobing = false;

  std::size_t m_limit = k_no_limit;
  HostClock::time_point m_limit_changed{};  // when m_limit last moved
  std::size_t m_answers_in_a_row = 0;       // since the limit last moved
  std::size_t m_probe_factor = 16;          // answers per unit of the limit before probing
  bool m_told_to_wait = false;              // a refusal came with Retry-After

  enum class Refusals { unknown, load, pages };
  Refusals m_503s = Refusals::unknown;  // what its 503s say
  bool m_saw_503 = false;
  std::size_t m_limit_before_503 = k_no_limit;
  bool m_watching = false;  // the answers after the first 503 without Retry-After decide
  HostClock::time_point m_watch_from{};
  std::size_t m_watched = 0;
  std::size_t m_watched_503s = 0;

  HostClock::time_point m_not_before{};  // Retry-After
  HostClock::time_point m_pause_began{};
  int m_pauses = 0;
  HostClock::time_point m_next_start{};  // --per-host-rate
  bool m_slowed = false;
};

}  // namespace cofetch::run
