// gather: cofetch's engine used as a library. Fetches three URLs at once, the way
// the asyncio tutorial does with
//
//   results = await asyncio.gather(fetch(session, a), fetch(session, b), fetch(session, c))
//
// and prints each status and time, then how long all three took together: about
// as long as the slowest, not the sum.
//
//   gather http://127.0.0.1:8080/a http://127.0.0.1:8080/b http://127.0.0.1:8080/c

#include <cofetch/cofetch.hpp>

#include <chrono>
#include <cstdio>
#include <string>

namespace {

// Failures are results too (as with gather(..., return_exceptions=True)).
bool report(const cofetch::Result& result) {
  if (result.ok()) {
    std::printf("%d  %7.1f ms  %s\n", result.status.value_or(0), result.ms.total,
                result.url.c_str());
    return true;
  }
  const std::string_view kind = to_string(result.error->kind);
  std::printf("%.*s  %s: %s\n", static_cast<int>(kind.size()), kind.data(), result.url.c_str(),
              result.error->message.c_str());
  return false;
}

cofetch::Task<int> fetch_three(cofetch::Session& session, std::string a, std::string b,
                               std::string c) {
  auto [first, second, third] =
      co_await cofetch::when_all(session.fetch(a), session.fetch(b), session.fetch(c));
  int failures = 0;
  for (const cofetch::Result* result : {&first, &second, &third}) {
    if (!report(*result)) ++failures;
  }
  co_return failures;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: gather URL URL URL\n");
    return 2;
  }
  cofetch::Loop loop;
  cofetch::Session session(loop);  // after the loop: it must go first
  const auto start = std::chrono::steady_clock::now();
  const int failures = cofetch::sync_wait(loop, fetch_three(session, argv[1], argv[2], argv[3]));
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  std::printf("3 URLs in %.1f ms (cofetch %s)\n", took.count(), cofetch::k_version);
  return failures == 0 ? 0 : 1;
}
