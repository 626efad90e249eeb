#include "run/job.hpp"

namespace cofetch::run {

coro::Task<std::optional<Job>> UrlJobs::next() {
  std::optional<input::Entry> entry = co_await m_entries.next();
  if (!entry) co_return std::nullopt;
  Job job{std::move(*entry), nullptr};
  if (!job.entry.problem) {
    http::UrlCheck checked = http::parse_url(job.entry.text(), job.entry.url);
    if (checked.problem) job.entry.problem = job.entry.place.describe() + ": " + *checked.problem;
    job.url = std::move(checked.url);
  }
  co_return job;
}

coro::Task<std::optional<Job>> JobList::next() {
  if (m_next == m_jobs.size()) co_return std::nullopt;
  co_return std::move(m_jobs[m_next++]);
}

}  // namespace cofetch::run
