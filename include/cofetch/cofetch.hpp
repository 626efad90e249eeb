#pragma once
// cofetch::core in one include: the coroutine runtime, the libuv loop and the
// libcurl engine, with the names a program uses most lifted into `cofetch::`.
//
//   cofetch::Loop loop;
//   cofetch::Session session(loop);
//   auto [a, b, c] = cofetch::sync_wait(loop, cofetch::when_all(
//       session.fetch(x), session.fetch(y), session.fetch(z)));
//
// The asyncio tutorial's `await asyncio.gather(*(fetch(s, u) for u in urls))`
// reads the same way. Link with cofetch::core (find_package(cofetch)).

#include "cofetch/coro/scope.hpp"
#include "cofetch/coro/semaphore.hpp"
#include "cofetch/coro/task.hpp"
#include "cofetch/coro/when_all.hpp"
#include "cofetch/http/error_kind.hpp"
#include "cofetch/http/fetch.hpp"
#include "cofetch/http/result.hpp"
#include "cofetch/http/session.hpp"
#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/run_blocking.hpp"
#include "cofetch/uv/sleep.hpp"
#include "cofetch/uv/sync_wait.hpp"
#include "cofetch/version.hpp"

namespace cofetch {

using coro::Scope;
using coro::Semaphore;
using coro::Task;
using coro::when_all;
using http::ErrorKind;
using http::FetchOptions;
using http::Result;
using http::Session;
using uv::Loop;
using uv::run_blocking;
using uv::sleep;
using uv::sync_wait;

}  // namespace cofetch
