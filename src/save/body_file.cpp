#include "save/body_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <random>
#include <system_error>

#include "cofetch/uv/handle.hpp"
#include "cofetch/uv/run_blocking.hpp"
#include "save/file_name.hpp"

namespace cofetch::save {

// State the loop and the thread-pool jobs share; jobs run one at a time per file.
struct BodyFile::Shared {
  std::shared_ptr<const BodyDirectory> directory;
  std::string name;       // wanted
  std::string temporary;  // ".cofetch-....partial", once created
  int fd = -1;
  int error = 0;  // first errno of a failed write
};

struct BodyFile::Job {
  uv_work_t work{};
  std::shared_ptr<Shared> shared;
  std::string data;
  BodyFile* owner = nullptr;  // null once the BodyFile is gone
};

namespace {

// A name of our own in the directory, created exclusively and never through a link.
void open_temporary(int directory, std::string& name, int& fd, int& error) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  for (int tries = 0; tries < 100 && fd < 0; ++tries) {
    char candidate[64];
    std::snprintf(candidate, sizeof candidate, ".cofetch-%016llx.partial",
                  static_cast<unsigned long long>(random()));
    fd = ::openat(directory, candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0)
      name = candidate;
    else if (errno != EEXIST)
      break;
  }
  if (fd < 0) error = errno;
}

void write_all(int fd, std::string_view data, int& error) {
  while (!data.empty() && error == 0) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0)
      error = errno;
    else
      data.remove_prefix(static_cast<std::size_t>(written));
  }
}

// Appends to the temporary file, creating it first; after an error, does nothing.
void append(int directory, std::string& temporary, int& fd, int& error, std::string_view data) {
  if (error != 0) return;
  if (fd < 0) open_temporary(directory, temporary, fd, error);
  if (fd >= 0) write_all(fd, data, error);
}

// Gives the temporary file its name without ever replacing one: RENAME_NOREPLACE,
// or link + unlink on a filesystem that lacks it. Returns the name used.
std::optional<std::string> name_file(int directory, const std::string& temporary,
                                     const std::string& wanted, int& error) {
  for (unsigned n = 0; n < 10'000; ++n) {
    const std::string name = n == 0 ? wanted : numbered(wanted, n);
    if (::renameat2(directory, temporary.c_str(), directory, name.c_str(), RENAME_NOREPLACE) == 0)
      return name;
    if (errno == EEXIST) continue;
    if (errno != EINVAL && errno != ENOSYS) break;
    if (::linkat(directory, temporary.c_str(), directory, name.c_str(), 0) == 0) {
      ::unlinkat(directory, temporary.c_str(), 0);
      return name;
    }
    if (errno != EEXIST) break;
  }
  error = errno;
  return std::nullopt;
}

void discard(int directory, const std::string& temporary, int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
  if (!temporary.empty()) ::unlinkat(directory, temporary.c_str(), 0);
}

}  // namespace

BodyDirectory::BodyDirectory(std::string path) : m_path(std::move(path)) {
  if (::mkdir(m_path.c_str(), 0755) != 0 && errno != EEXIST) {
    throw std::system_error(errno, std::generic_category(), "cannot create " + m_path);
  }
  m_fd = ::open(m_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (m_fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + m_path);
}

BodyDirectory::~BodyDirectory() {
  if (m_fd >= 0) ::close(m_fd);
}

BodyFile::BodyFile(uv::Loop& loop, std::shared_ptr<const BodyDirectory> directory, std::string name)
    : m_loop(loop), m_shared(std::make_shared<Shared>()) {
  m_shared->directory = std::move(directory);
  m_shared->name = std::move(name);
}

BodyFile::~BodyFile() {
  if (m_job) {
    m_job->owner = nullptr;  // the job finishes on its own and, seeing no owner, cleans up
    return;
  }
  discard(m_shared->directory->fd(), m_shared->temporary, m_shared->fd);
}

bool BodyFile::consume(std::string_view data) noexcept {
  if (m_buffer.size() + m_in_job + data.size() > k_pause_above && !m_buffer.empty()) {
    m_paused = true;  // libcurl keeps `data` and offers it again when resumed
    return false;
  }
  m_buffer.append(data);
  if (!m_job && m_buffer.size() >= k_write_chunk) start_job();
  return true;
}

void BodyFile::start_job() noexcept {
  auto* job = new Job{};
  job->shared = m_shared;
  job->data.swap(m_buffer);
  job->owner = this;
  job->work.data = job;
  m_in_job = job->data.size();
  m_job = job;
  const int rc = uv_queue_work(
      m_loop.get(), &job->work,
      [](uv_work_t* work) {
        auto* running = static_cast<Job*>(work->data);
        Shared& s = *running->shared;
        append(s.directory->fd(), s.temporary, s.fd, s.error, running->data);
      },
      [](uv_work_t* work, int) {
        auto* finished = static_cast<Job*>(work->data);
        if (finished->owner) {
          finished->owner->job_done();
        } else {
          Shared& s = *finished->shared;
          discard(s.directory->fd(), s.temporary, s.fd);
        }
        delete finished;
      });
  if (rc < 0) {
    m_shared->error = -rc;
    m_buffer.swap(job->data);
    m_job = nullptr;
    m_in_job = 0;
    delete job;
  }
}

void BodyFile::job_done() noexcept {
  m_job = nullptr;
  m_in_job = 0;
  if (m_waiter) {
    m_loop.post(m_ready, std::exchange(m_waiter, {}));  // finish() takes it from here
    return;
  }
  if (m_buffer.size() >= k_write_chunk) start_job();
  if (m_paused && m_resume) {
    m_paused = false;
    m_resume();
  }
}

// finish() waits here while a job is writing.
struct BodyFile::JobDone {
  BodyFile& file;
  explicit JobDone(BodyFile& owner) noexcept : file(owner) {}
  bool await_ready() const noexcept { return file.m_job == nullptr; }
  void await_suspend(std::coroutine_handle<> waiter) noexcept { file.m_waiter = waiter; }
  void await_resume() const noexcept {}
};

coro::Task<std::optional<std::string>> BodyFile::finish(bool keep) {
  co_await JobDone(*this);
  // The last job writes the rest, closes the file and names it (or removes it).
  auto last = [shared = m_shared, data = std::move(m_buffer),
               keep]() -> std::optional<std::string> {
    Shared& s = *shared;
    const int directory = s.directory->fd();
    if (keep) append(directory, s.temporary, s.fd, s.error, data);
    if (s.fd >= 0 && ::close(s.fd) != 0 && s.error == 0) s.error = errno;
    s.fd = -1;
    std::optional<std::string> name;
    if (keep && s.error == 0) name = name_file(directory, s.temporary, s.name, s.error);
    if (!name) discard(directory, s.temporary, s.fd);
    s.temporary.clear();
    if (keep && s.error != 0)
      throw std::system_error(s.error, std::generic_category(),
                              "cannot save the body in " + s.directory->path());
    return name;
  };
  const std::optional<std::string> name = co_await uv::run_blocking(m_loop, std::move(last));
  if (!name) co_return std::nullopt;
  co_return m_shared->directory->path() + "/" + *name;
}

}  // namespace cofetch::save
