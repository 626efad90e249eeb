#include "run/curl_fetch.hpp"

#include <optional>
#include <system_error>

#include "save/file_name.hpp"
#include "store/record_key.hpp"

namespace cofetch::run {

CurlFetch::CurlFetch(uv::Loop& loop, const http::FetchContext& context,
                     std::size_t connection_cache,
                     std::shared_ptr<const save::BodyDirectory> bodies)
    : m_loop(loop),
      m_multi(loop, connection_cache, context.options().cookies.store()),
      m_fetcher(m_multi, context),
      m_bodies(std::move(bodies)) {}

namespace {

http::Request request_for(const Job& job, http::TransferObserver& observer,
                          const store::ValidatorTable* validators) {
  http::Request request(job.entry.index, job.entry.url, job.url, &observer);
  if (validators) {
    if (const auto known = validators->find(store::as_recorded(job.entry.url))) {
      request.if_none_match = known->etag;
      request.if_modified_since = known->last_modified;
    }
  }
  return request;
}

}  // namespace

coro::Task<void> CurlFetch::fetch(const Job& job, http::Result& result,
                                  http::TransferObserver& observer) {
  if (m_bodies) return fetch_and_save(job, result, observer);
  return m_fetcher.fetch_into(request_for(job, observer, m_validators), nullptr, result);
}

coro::Task<void> CurlFetch::fetch_and_save(const Job& job, http::Result& result,
                                           http::TransferObserver& observer) {
  save::BodyFile body(m_loop, m_bodies, save::file_name_for(job.entry.url));
  co_await m_fetcher.fetch_into(request_for(job, observer, m_validators), &body, result);
  try {
    result.file = co_await body.finish(result.ok());  // a failed attempt leaves no file
  } catch (const std::system_error& error) {
    if (result.ok()) result.error = http::FetchError{http::ErrorKind::other, error.what()};
  }
}

}  // namespace cofetch::run
