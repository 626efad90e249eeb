#pragma once
// Saving bodies (-O DIR). Each body is written off the loop, on libuv's thread
// pool, to a temporary file in DIR and renamed to its final name only when the
// transfer finished well, so a file under its final name is always complete.
// Renaming never replaces a file: a name already taken gets "-1", "-2"... If the
// disk falls behind, the transfer pauses rather than letting memory grow.

#include <coroutine>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cofetch/coro/task.hpp"
#include "cofetch/http/fetch.hpp"
#include "cofetch/uv/loop.hpp"

namespace cofetch::save {

// The -O directory, opened once; every file is made relative to it (openat), so
// nothing can land outside it.
class BodyDirectory {
 public:
  // Creates the directory if it is missing. Throws std::system_error naming it.
  explicit BodyDirectory(std::string path);
  BodyDirectory(const BodyDirectory&) = delete;
  BodyDirectory& operator=(const BodyDirectory&) = delete;
  ~BodyDirectory();

  int fd() const noexcept { return m_fd; }
  const std::string& path() const noexcept { return m_path; }

 private:
  std::string m_path;
  int m_fd = -1;
};

class BodyFile final : public http::BodyConsumer {
 public:
  BodyFile(uv::Loop& loop, std::shared_ptr<const BodyDirectory> directory, std::string name);
  BodyFile(const BodyFile&) = delete;
  BodyFile& operator=(const BodyFile&) = delete;
  ~BodyFile() override;  // never finished: the temporary file goes

  void transfer_started(std::function<void()> resume) override { m_resume = std::move(resume); }
  bool consume(std::string_view data) noexcept override;
  void transfer_ended() noexcept override { m_resume = nullptr; }

  // Writes what is left; with `keep`, gives the file its name and returns its
  // path ("DIR/name"), else removes it. Throws std::system_error when writing failed.
  coro::Task<std::optional<std::string>> finish(bool keep);

 private:
  struct Shared;
  struct Job;
  struct JobDone;
  static constexpr std::size_t k_write_chunk = 256 * 1024;
  static constexpr std::size_t k_pause_above = 8 * 1024 * 1024;

  void start_job() noexcept;
  void job_done() noexcept;

  uv::Loop& m_loop;
  std::shared_ptr<Shared> m_shared;
  std::string m_buffer;      // received, not yet handed to a job
  std::size_t m_in_job = 0;  // bytes the running job writes
  Job* m_job = nullptr;      // the one job in flight, if any
  bool m_paused = false;
  std::function<void()> m_resume;
  std::coroutine_handle<> m_waiter;  // finish() waiting for the job
  uv::ReadyNode m_ready;
};

}  // namespace cofetch::save
