#pragma once
// A scripted Fetch for the scheduler's tests: no sockets, so caps, order, hosts,
// retries, pacing and cancellation are checked exactly on a real loop.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/sleep.hpp"
#include "cofetch/uv/sync_wait.hpp"
#include "helpers.hpp"
#include "run/job.hpp"
#include "run/scheduler.hpp"

namespace cofetch::test {

using Clock = std::chrono::steady_clock;
using coro::Task;
using http::ErrorKind;
using http::FetchError;
using http::Result;
using run::Fetch;
using run::Job;
using run::Limits;
using run::PassOutcome;

// What one attempt does: take `ms`, then answer `status` or fail with `kind`.
struct Step {
  explicit Step(int duration_ms, int answer = 200, std::optional<ErrorKind> failure = {})
      : ms(duration_ms), status(answer), kind(failure) {}
  int ms;
  int status;
  std::optional<ErrorKind> kind;
  std::optional<std::int64_t> retry_after_s;  // sent with the answer
  bool connect_timeout = false;               // a timeout before any connection stood

  static Step timed_out_connecting(int duration_ms) {
    Step step(duration_ms, 0, ErrorKind::timeout);
    step.connect_timeout = true;
    return step;
  }
  Step& with_retry_after(std::int64_t seconds) {
    retry_after_s = seconds;
    return *this;
  }
};

// The host part of a test URL: "http://a.test" of "http://a.test/3".
inline std::string host_of(const std::string& url) {
  return url.substr(0, url.find('/', 8));
}

// A Fetch that follows a script: the steps of job `index`, one per attempt. A
// script may also see how many attempts at the same host run already, to play a
// server with room for so many. It records when each attempt started and ended,
// and how many ran at once, overall and per host.
class ScriptedFetch final : public Fetch {
 public:
  using Script = std::function<Step(std::size_t index, int attempt)>;
  // `running`: the host's attempts in flight when this one starts, itself excluded.
  using ServerScript = std::function<Step(std::size_t index, int attempt, int running)>;

  ScriptedFetch(uv::Loop& loop, Script script)
      : m_loop(loop), m_script([script = std::move(script)](std::size_t index, int attempt, int) {
          return script(index, attempt);
        }) {}
  ScriptedFetch(uv::Loop& loop, ServerScript script) : m_loop(loop), m_script(std::move(script)) {}

  Task<void> fetch(const Job& job, Result& result, http::TransferObserver& observer) override {
    const LifeCounter alive;  // counts frames: a stop must destroy them
    const std::size_t index = job.entry.index;
    const int attempt = ++m_attempts[index];
    const std::string host = host_of(job.entry.url);
    const Step step = m_script(index, attempt, m_running_per_host[host]);
    starts.push_back({index, Clock::now(), host, step.status, step.kind});
    peak = std::max(peak, ++m_running);
    peak_per_host[host] = std::max(peak_per_host[host], ++m_running_per_host[host]);
    const Running running{*this, host};
    // How far a real transfer would get: a name that does not resolve reaches
    // nothing, a refused or timed-out connect only the resolved name.
    const bool resolves = step.kind != ErrorKind::dns;
    const bool connects = resolves && step.kind != ErrorKind::connect && !step.connect_timeout;
    if (resolves) observer.resolved();
    if (connects) observer.connected();
    co_await uv::sleep(m_loop, std::chrono::milliseconds(step.ms));
    observer.ended();
    result.index = index;
    result.url = job.entry.url;
    if (step.kind) {
      result.error = FetchError{*step.kind, "scripted"};
      result.curl_code = 7;
    } else {
      result.status = step.status;
      result.retry_after_s = step.retry_after_s;
    }
  }

  struct Start {
    std::size_t index;
    Clock::time_point at;
    std::string host;
    int status;
    std::optional<ErrorKind> kind;
  };
  std::vector<Start> starts;
  int peak = 0;
  std::map<std::string, int> peak_per_host;

  std::size_t attempts_at(const std::string& host) const {
    return static_cast<std::size_t>(std::count_if(starts.begin(), starts.end(),
                                                  [&](const Start& s) { return s.host == host; }));
  }

 private:
  // Counts the attempt as running until its frame ends, however it ends.
  struct Running {
    ScriptedFetch& fetch;
    std::string host;
    ~Running() {
      --fetch.m_running;
      --fetch.m_running_per_host[host];
    }
  };

  uv::Loop& m_loop;
  ServerScript m_script;
  std::map<std::size_t, int> m_attempts;
  int m_running = 0;
  std::map<std::string, int> m_running_per_host;
};

// Keeps every result it is given, in order.
class Collect final : public report::ResultSink {
 public:
  void write(const Result& result) override { results.push_back(result); }
  std::vector<Result> results;
};

inline Job job(std::size_t index, std::string url) {
  Job made;
  made.entry.index = index;
  made.entry.url = std::move(url);
  return made;
}

inline std::vector<Job> jobs_on(const std::vector<std::string>& hosts) {
  std::vector<Job> jobs;
  for (std::size_t i = 0; i < hosts.size(); ++i)
    jobs.push_back(job(i, "http://" + hosts[i] + "/" + std::to_string(i)));
  return jobs;
}

inline std::vector<Job> jobs_count(std::size_t count) {
  return jobs_on(std::vector<std::string>(count, "host.test"));
}

// Jobs handed out one every `every`, as from a slow pipe.
class Trickle final : public run::JobSource {
 public:
  Trickle(uv::Loop& loop, std::vector<Job> jobs, std::chrono::milliseconds every)
      : m_loop(loop), m_jobs(std::move(jobs)), m_every(every) {}
  Task<std::optional<Job>> next() override {
    if (m_next == m_jobs.size()) co_return std::nullopt;
    co_await uv::sleep(m_loop, m_every);
    co_return std::move(m_jobs[m_next++]);
  }

 private:
  uv::Loop& m_loop;
  std::vector<Job> m_jobs;
  std::chrono::milliseconds m_every;
  std::size_t m_next = 0;
};

// Runs one pass over `jobs` to its end; returns the sink's results.
inline std::vector<Result> run_pass(run::JobSource& jobs, ScriptedFetch& fetch, uv::Loop& loop,
                                    const Limits& limits, PassOutcome* outcome = nullptr) {
  Collect sink;
  PassOutcome own;
  uv::sync_wait(loop, run::schedule(loop, jobs, fetch, limits, sink, nullptr, nullptr,
                                    outcome ? *outcome : own));
  return sink.results;
}

// Runs one pass to its end; returns the sink's results.
inline std::vector<Result> run_pass(std::vector<Job> jobs, ScriptedFetch& fetch, uv::Loop& loop,
                                    const Limits& limits, PassOutcome* outcome = nullptr) {
  run::JobList list(std::move(jobs));
  Collect sink;
  PassOutcome own;
  uv::sync_wait(loop, run::schedule(loop, list, fetch, limits, sink, nullptr, nullptr,
                                    outcome ? *outcome : own));
  return sink.results;
}

inline double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace cofetch::test
