#pragma once
// Session: everything a program needs to fetch URLs on a loop, in one object; the
// analogue of aiohttp's ClientSession. It owns the libcurl multi driver and the
// options every fetch shares, and hands out reused easy handles, so connections
// are kept alive between fetches. fetch() may be awaited many times at once:
//
//   cofetch::uv::Loop loop;
//   cofetch::http::Session session(loop);
//   auto [a, b] = cofetch::uv::sync_wait(loop, cofetch::coro::when_all(
//       session.fetch("http://example.test/a"), session.fetch("http://example.test/b")));
//
// Destroy the session before its loop (declare it after the loop).

#include <cstddef>
#include <string>

#include "cofetch/coro/task.hpp"
#include "cofetch/http/curl_handles.hpp"
#include "cofetch/http/fetch.hpp"
#include "cofetch/http/multi.hpp"
#include "cofetch/http/result.hpp"
#include "cofetch/uv/loop.hpp"

namespace cofetch::http {

class Session {
 public:
  // An empty options.user_agent becomes "cofetch/VERSION".
  explicit Session(uv::Loop& loop, FetchOptions options = {});
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  // Fetches `url` (http or https). Never throws for network or HTTP trouble: the
  // Result says what happened. Results are numbered in call order (Result::index).
  coro::Task<Result> fetch(std::string url, BodyConsumer* body = nullptr);

  const FetchOptions& options() const noexcept { return m_context.options(); }
  std::size_t in_flight() const noexcept { return m_multi.in_flight(); }

 private:
  CurlGlobal m_curl;  // counted by libcurl: any number of sessions may hold one
  Multi m_multi;
  FetchContext m_context;
  Fetcher m_fetcher;
  std::size_t m_next_index = 0;
};

}  // namespace cofetch::http
