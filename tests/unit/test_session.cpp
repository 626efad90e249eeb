#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <tuple>

#include "cofetch/cofetch.hpp"
#include "server_thread.hpp"

using cofetch::test::ServerThread;
using cofetch::test::shared_server;

namespace {

cofetch::Task<int> number(cofetch::Loop& loop, int value, int delay_ms) {
  co_await cofetch::sleep(loop, std::chrono::milliseconds(delay_ms));
  co_return value;
}

cofetch::Task<std::string> word(cofetch::Loop& loop, std::string value) {
  co_await cofetch::sleep(loop, std::chrono::milliseconds(1));
  co_return value;
}

}  // namespace

TEST_SUITE("session") {
  TEST_CASE("when_all of a few tasks gives a tuple in argument order") {
    cofetch::Loop loop;
    const auto start = std::chrono::steady_clock::now();
    auto [slow, fast, text] = cofetch::sync_wait(
        loop, cofetch::when_all(number(loop, 1, 60), number(loop, 2, 1), word(loop, "three")));
    CHECK(slow == 1);
    CHECK(fast == 2);
    CHECK(text == "three");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1000));
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a session fetches three URLs at once and numbers them in call order") {
    cofetch::Loop loop;
    {
      cofetch::Session session(loop);
      const std::string base = shared_server().url("/delay/500");
      const auto start = std::chrono::steady_clock::now();
      auto [a, b, c] = cofetch::sync_wait(
          loop, cofetch::when_all(session.fetch(base + "?a"), session.fetch(base + "?b"),
                                  session.fetch("http://127.0.0.1:9/")));
      const auto took = std::chrono::steady_clock::now() - start;
      CHECK(a.status == 200);
      CHECK(b.status == 200);
      CHECK(a.index == 0);
      CHECK(b.index == 1);
      CHECK(c.index == 2);
      REQUIRE(c.error);
      CHECK(c.error->kind == cofetch::ErrorKind::connect);
      CHECK(took < std::chrono::milliseconds(900));  // together, not 1 s one after the other
      CHECK(session.options().user_agent.starts_with("cofetch/"));
      CHECK(session.in_flight() == 0);
    }
    CHECK(loop.close() == 0);
  }
}
