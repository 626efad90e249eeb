#pragma once
// Job: one URL on its way through the scheduler, and where jobs come from.
//
//   input::EntrySource (lines: arguments, files, stdin; --shard, --resume)
//     -> UrlJobs (each line parsed by libcurl's URL API: http/url.hpp)
//     -> the scheduler (scheduler.hpp)
//
// A line that is not a URL cofetch fetches still becomes a job: its entry's
// `problem` says why, and the scheduler reports it without fetching.

#include <cstddef>
#include <optional>
#include <vector>

#include "cofetch/coro/task.hpp"
#include "cofetch/http/url.hpp"
#include "input/url_source.hpp"

namespace cofetch::run {

struct Job {
  input::Entry entry;
  http::ParsedUrl url;  // what is fetched; null when entry.problem says why not
};

class JobSource {
 public:
  virtual ~JobSource() = default;
  // The next job, or nothing at the end. Throws std::system_error on read errors.
  virtual coro::Task<std::optional<Job>> next() = 0;
};

// The entries of `entries`, each parsed as a URL.
class UrlJobs final : public JobSource {
 public:
  explicit UrlJobs(input::EntrySource& entries) : m_entries(entries) {}
  coro::Task<std::optional<Job>> next() override;

 private:
  input::EntrySource& m_entries;
};

// Jobs already made, handed out in order (the scheduler's unit tests).
class JobList final : public JobSource {
 public:
  explicit JobList(std::vector<Job> jobs) : m_jobs(std::move(jobs)) {}
  coro::Task<std::optional<Job>> next() override;

 private:
  std::vector<Job> m_jobs;
  std::size_t m_next = 0;
};

}  // namespace cofetch::run
