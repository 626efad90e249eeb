#pragma once
// run_blocking(loop, fn): asyncio's run_in_executor. `fn` runs on libuv's thread
// pool (uv_queue_work) and the awaiting coroutine resumes on the loop thread with
// its result or exception. Use it for work that would block the loop: writing
// files, hashing.
//
// The job lives on the heap and belongs to libuv until the after-work callback,
// which libuv always calls (also for a cancelled job, with UV_ECANCELED). A frame
// destroyed while the job runs abandons it: the job then frees itself there.

#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "cofetch/coro/task.hpp"
#include "cofetch/uv/handle.hpp"
#include "cofetch/uv/loop.hpp"

namespace cofetch::uv {

namespace detail {

template <typename F>
class BlockingJob {
 public:
  using Result = std::invoke_result_t<F&>;

  class Awaiter;

  BlockingJob(Loop& loop, F&& fn) : m_loop(loop), m_fn(std::move(fn)) { m_work.data = this; }

 private:
  static void on_work(uv_work_t* work) noexcept {
    auto* job = static_cast<BlockingJob*>(work->data);
    try {
      if constexpr (std::is_void_v<Result>) {
        job->m_fn();
      } else {
        job->m_value.emplace(job->m_fn());
      }
    } catch (...) {
      job->m_exception = std::current_exception();
    }
  }

  static void on_after_work(uv_work_t* work, int status) noexcept {
    auto* job = static_cast<BlockingJob*>(work->data);
    if (!job->m_awaiter) {
      delete job;  // abandoned by a destroyed frame
      return;
    }
    if (status == UV_ECANCELED && !job->m_exception) {
      job->m_exception = std::make_exception_ptr(std::runtime_error("blocking job cancelled"));
    }
    job->m_loop.post(job->m_awaiter->m_ready, job->m_awaiter->m_waiter);
  }

  Loop& m_loop;
  F m_fn;
  uv_work_t m_work{};
  std::conditional_t<std::is_void_v<Result>, bool, std::optional<Result>> m_value{};
  std::exception_ptr m_exception;
  Awaiter* m_awaiter = nullptr;
};

template <typename F>
class BlockingJob<F>::Awaiter {
 public:
  Awaiter(Loop& loop, F&& fn) : m_job(new BlockingJob(loop, std::move(fn))) {}
  Awaiter(const Awaiter&) = delete;
  Awaiter& operator=(const Awaiter&) = delete;
  ~Awaiter() {
    if (!m_job) return;
    if (m_queued && !m_ready.posted() && !m_resumed) {
      m_job->m_awaiter = nullptr;  // still running: the after-work callback frees it
      uv_cancel(reinterpret_cast<uv_req_t*>(&m_job->m_work));
    } else {
      delete m_job;
    }
  }

  bool await_ready() const noexcept { return false; }

  void await_suspend(std::coroutine_handle<> waiter) {
    m_waiter = waiter;
    m_job->m_awaiter = this;
    if (int rc = uv_queue_work(m_job->m_loop.get(), &m_job->m_work, &BlockingJob::on_work,
                               &BlockingJob::on_after_work);
        rc < 0) {
      throw_uv_error("uv_queue_work", rc);
    }
    m_queued = true;
  }

  Result await_resume() {
    m_resumed = true;
    if (m_job->m_exception) std::rethrow_exception(m_job->m_exception);
    if constexpr (!std::is_void_v<Result>) return std::move(*m_job->m_value);
  }

 private:
  friend class BlockingJob;
  BlockingJob* m_job;
  std::coroutine_handle<> m_waiter;
  ReadyNode m_ready;
  bool m_queued = false;
  bool m_resumed = false;
};

}  // namespace detail

template <typename F>
auto run_blocking(Loop& loop, F fn) -> coro::Task<std::invoke_result_t<F&>> {
  co_return co_await typename detail::BlockingJob<F>::Awaiter(loop, std::move(fn));
}

}  // namespace cofetch::uv
