#include "run/host_record.hpp"

#include <algorithm>

namespace cofetch::run {

namespace {

// Pauses for Retry-After a host may impose in one pass: a host that refuses
// everything would otherwise stretch the run by one pause per URL.
constexpr int k_max_pauses = 5;
// Probing slows down this far at most: 1024 x limit answers between raises.
constexpr std::size_t k_max_probe_factor = 1024;
// After a first 503 without Retry-After lowered the limit, this many answers to
// requests started since decide: as many 503s as this among them, and they are
// pages that fail whatever the load. (A 503 to a request that was alone in flight
// to its host decides at once.)
constexpr std::size_t k_watched_answers = 8;
constexpr std::size_t k_pages_503s = 2;
// A host given up is tried again at least this often, however long it stays gone.
constexpr std::chrono::seconds k_longest_reprobe{600};

bool is_refusal(const http::Result& result) noexcept {
  return !result.error && (result.status == 429 || result.status == 503);
}

}  // namespace

bool failed_to_connect(const http::Result& result, bool connected) noexcept {
  if (connected || !result.error) return false;
  switch (result.error->kind) {
    case http::ErrorKind::dns:
    case http::ErrorKind::connect: return true;
    case http::ErrorKind::timeout: {
      // libcurl reads a point it never reached as 0.
      const http::CurlTimes& times = result.curl_us;
      return times.connect == 0 && times.appconnect == 0 && times.pretransfer == 0;
    }
    default: return false;
  }
}

std::size_t HostRecord::capacity(const HostPolicy& policy) const noexcept {
  std::size_t capacity = m_limit;
  if (policy.per_host > 0) capacity = std::min(capacity, policy.per_host);
  if (policy.host_errors > 0) {
    if (m_reach == Reach::unknown) capacity = 1;
    // No more tries at once than failures it takes to give up: one that fails
    // is not replaced, so a host that never accepts costs --host-errors tries.
    if (m_reach == Reach::resolved)
      capacity = std::min(
          capacity, static_cast<std::size_t>(std::max(policy.host_errors - m_connect_failures, 1)));
  }
  return capacity;
}

HostClock::time_point HostRecord::ready_at() const noexcept {
  return std::max(m_not_before, m_next_start);
}

void HostRecord::resolved() noexcept {
  if (m_reach == Reach::unknown) m_reach = Reach::resolved;
}

void HostRecord::connected() noexcept {
  m_reach = Reach::connected;
  m_connect_failures = 0;
  if (m_verdict && m_verdict->kind == http::ErrorKind::host_skipped)
    m_verdict.reset();  // it came back
}

bool HostRecord::reprobe_due(HostClock::time_point now) const noexcept {
  return m_verdict && m_verdict->kind == http::ErrorKind::host_skipped && !m_reprobing &&
         now >= m_reprobe_at;
}

void HostRecord::started(const HostPolicy& policy, HostClock::time_point now) noexcept {
  if (policy.spacing.count() > 0) m_next_start = now + policy.spacing;
}

void HostRecord::set_limit(std::size_t limit, HostClock::time_point now) noexcept {
  m_limit = limit;
  m_limit_changed = now;
  m_answers_in_a_row = 0;
}

void HostRecord::learn(const HostPolicy& policy, const HostAttempt& attempt,
                       const http::Result& result, const std::string& host,
                       HostClock::time_point now, HostStats& stats) {
  if (result.status) watch_503s(attempt, result, now);
  if (is_refusal(result)) {
    connected();  // it answered
    refused(policy, attempt, result, now, stats);
    return;
  }
  if (!failed_to_connect(result, attempt.connected)) {
    connected();
    answered(result.status.has_value(), now);
    return;
  }
  if (attempt.reprobe) {  // still gone: the next look waits twice as long
    m_reprobing = false;
    m_reprobe_wait = std::min<HostClock::duration>(m_reprobe_wait * 2, k_longest_reprobe);
    m_reprobe_at = now + m_reprobe_wait;
    return;
  }
  if (policy.host_errors == 0 || m_reach == Reach::connected || m_verdict) return;
  if (result.error->kind == http::ErrorKind::dns) {
    // libcurl caches no failed lookup: every URL of the name would ask again.
    m_verdict = HostVerdict{
        http::ErrorKind::dns,
        result.error->message + " (not looked up again: the name failed for an earlier URL)",
        result.curl_code};
    ++stats.unresolved;
    return;
  }
  if (++m_connect_failures < policy.host_errors) return;
  m_verdict =
      HostVerdict{http::ErrorKind::host_skipped,
                  "skipped: " + host + " failed " + std::to_string(m_connect_failures) +
                      " times in a row and never connected (--host-errors " +
                      std::to_string(policy.host_errors) + "); last: " + result.error->message,
                  result.curl_code};
  m_reprobe_wait = policy.reprobe_after;
  m_reprobe_at = now + m_reprobe_wait;
  ++stats.given_up;
}

namespace {

// A 503 that asks for no wait may be a page that is broken, not a server that is full.
bool plain_503(const http::Result& result) noexcept {
  return result.status == 503 && !result.retry_after_s;
}

}  // namespace

void HostRecord::watch_503s(const HostAttempt& attempt, const http::Result& result,
                            HostClock::time_point now) {
  if (m_503s != Refusals::pages && result.status == 503) {
    if (!m_saw_503) {
      m_saw_503 = true;
      m_limit_before_503 = m_limit;  // (refused() lowers it after this)
    }
    if (attempt.level <= 1) {
      // Refused with nothing else of this run in flight to the host: not the
      // run's load. Whatever else the host refuses as 503 is pages too.
      take_503s_for_pages(now);
      return;
    }
  }
  if (m_503s == Refusals::unknown && plain_503(result) && !m_watching) {
    // The first: the limit drops (refused()); the answers to what starts from
    // now on tell whether that helped.
    m_watching = true;
    m_watch_from = now;
    return;
  }
  if (!m_watching || attempt.started < m_watch_from) return;
  ++m_watched;
  if (plain_503(result)) ++m_watched_503s;
  if (m_watched_503s >= k_pages_503s) {
    take_503s_for_pages(now);  // refused as often at the lower limit
  } else if (m_watched >= k_watched_answers) {
    m_503s = Refusals::load;
    m_watching = false;
  }
}

void HostRecord::take_503s_for_pages(HostClock::time_point now) {
  m_503s = Refusals::pages;
  m_watching = false;
  if (m_limit_before_503 > m_limit) set_limit(m_limit_before_503, now);
}

void HostRecord::refused(const HostPolicy& policy, const HostAttempt& attempt,
                         const http::Result& result, HostClock::time_point now, HostStats& stats) {
  ++stats.refusals;
  // `level` transfers in flight were too many for the host, unless its 503s
  // are pages (they may still ask for a pause).
  const bool load = !(m_503s == Refusals::pages && result.status == 503);
  if (!load && !result.retry_after_s) return;
  bool slowed = false;
  const std::size_t lowered = std::max<std::size_t>(attempt.level, 2) - 1;
  if (load && lowered < m_limit) {
    // A refusal of an attempt that started after the limit last moved is news:
    // the level probed for is not there, so probing slows down.
    if (m_limit != k_no_limit && attempt.started >= m_limit_changed)
      m_probe_factor = std::min(m_probe_factor * 2, k_max_probe_factor);
    set_limit(lowered, now);
    slowed = true;
  }
  if (result.retry_after_s) {
    m_told_to_wait = true;
    // Seconds first: the server's number may overflow milliseconds.
    const auto asked = std::chrono::milliseconds(
        std::clamp<std::int64_t>(*result.retry_after_s, 0,
                                 policy.longest_pause.count() / 1000 + 1) *
        1000);
    const auto until = now + std::min(asked, policy.longest_pause);
    if (attempt.started < m_pause_began) {
      // Started before the pause began: the same crowd, no new pause.
      m_not_before = std::max(m_not_before, until);
    } else if (m_pauses < k_max_pauses) {
      ++m_pauses;
      m_pause_began = now;
      m_not_before = std::max(m_not_before, until);
      slowed = true;
    }
  }
  if (slowed && !m_slowed) {
    m_slowed = true;
    ++stats.slowed;
  }
}

void HostRecord::answered(bool with_status, HostClock::time_point now) {
  if (!with_status || m_limit == k_no_limit) return;
  if (m_told_to_wait) return;  // a host that said how long to wait is not pushed again
  if (++m_answers_in_a_row >= m_probe_factor * m_limit) set_limit(m_limit + 1, now);
}

}  // namespace cofetch::run
