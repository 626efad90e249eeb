#pragma once
// CurlFetch: the scheduler's Fetch that drives libcurl. One per pass: it owns the
// pass's multi handle (fresh connections and DNS cache for every pass) and the
// easy handles its transfers reuse, and with -O saves each body in its own file.

#include <cstddef>
#include <memory>

#include "cofetch/http/fetch.hpp"
#include "cofetch/http/multi.hpp"
#include "cofetch/uv/loop.hpp"
#include "run/scheduler.hpp"
#include "save/body_file.hpp"
#include "store/validators.hpp"

namespace cofetch::run {

class CurlFetch final : public Fetch {
 public:
  // `connection_cache`: connections libcurl may keep open (Multi); `bodies`: the
  // -O directory, or null.
  CurlFetch(uv::Loop& loop, const http::FetchContext& context, std::size_t connection_cache,
            std::shared_ptr<const save::BodyDirectory> bodies);

  // Without -O this is the Fetcher's own task (no frame of its own: this runs
  // for every URL).
  coro::Task<void> fetch(const Job& job, http::Result& result,
                         http::TransferObserver& observer) override;

  // --if-changed: ask each URL's server whether it changed since `table` was
  // written (null: no conditions). The table outlives the fetch.
  void ask_if_changed(const store::ValidatorTable* table) noexcept { m_validators = table; }

  // The multi driver's own trouble, if any (multi.hpp): a run error.
  const http::Multi& multi() const noexcept { return m_multi; }

 private:
  coro::Task<void> fetch_and_save(const Job& job, http::Result& result,
                                  http::TransferObserver& observer);

  uv::Loop& m_loop;
  http::Multi m_multi;
  http::Fetcher m_fetcher;  // after `m_multi`: its idle handles go first
  std::shared_ptr<const save::BodyDirectory> m_bodies;
  const store::ValidatorTable* m_validators = nullptr;
};

}  // namespace cofetch::run
