#include "cofetch/http/session.hpp"

#include <utility>

#include "cofetch/version.hpp"

namespace cofetch::http {

namespace {

FetchOptions with_user_agent(FetchOptions options) {
  if (options.user_agent.empty()) options.user_agent = std::string("cofetch/") + k_version;
  return options;
}

}  // namespace

Session::Session(uv::Loop& loop, FetchOptions options)
    : m_multi(loop),
      m_context(with_user_agent(std::move(options))),
      m_fetcher(m_multi, m_context) {}

Session::~Session() = default;

coro::Task<Result> Session::fetch(std::string url, BodyConsumer* body) {
  Request request(m_next_index++, std::move(url));
  co_return co_await m_fetcher.fetch(std::move(request), body);
}

}  // namespace cofetch::http
