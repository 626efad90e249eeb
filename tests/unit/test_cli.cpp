#include <doctest/doctest.h>

#include <vector>

#include "cli/parse.hpp"
#include "cli_args.hpp"

using cofetch::cli::parse;
using cofetch::cli::Parsed;
using cofetch::test::parse_args;

namespace {}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("repeatable -i and -H take one value each, like curl's") {
    const auto parsed =
        parse_args({"-i", "a.txt", "http://x/", "-H", "A: b", "http://y/", "-i", "b.txt"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->input_files == std::vector<std::string>{"a.txt", "b.txt"});
    CHECK(parsed.options->fetch.headers == std::vector<std::string>{"A: b"});
    CHECK(parsed.options->urls == std::vector<std::string>{"http://x/", "http://y/"});
  }

  TEST_CASE("defaults: -j 50, 30 s per URL, 10 s to connect, text results and summary") {
    const auto parsed = parse_args({"http://x/"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->limits.concurrency == 50);
    CHECK(parsed.options->fetch.max_time.count() == 30'000);
    CHECK(parsed.options->fetch.connect_timeout.count() == 10'000);
    CHECK(parsed.options->fetch.user_agent.starts_with("cofetch/"));
    CHECK(parsed.options->format == cofetch::run::ResultFormat::text);
    CHECK(parsed.options->summary == cofetch::run::SummaryFormat::text);
  }

  TEST_CASE("standard input is read when no URL is given and it is not a terminal") {
    const auto piped = parse_args({}, /*stdin_is_terminal=*/false);
    REQUIRE(piped.options);
    CHECK(piped.options->input_files == std::vector<std::string>{"-"});

    const auto with_url = parse_args({"http://x/"}, false);
    CHECK(with_url.options->input_files.empty());

    const auto terminal = parse_args({}, true);
    CHECK_FALSE(terminal.options);
    CHECK(terminal.exit_status == 2);
  }

  TEST_CASE("--sequential means one at a time; fractional seconds are honoured") {
    const auto parsed =
        parse_args({"--sequential", "-m", "1.5", "--connect-timeout", "0.25", "http://x/"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->limits.concurrency == 1);
    CHECK(parsed.options->fetch.max_time.count() == 1500);
    CHECK(parsed.options->fetch.connect_timeout.count() == 250);
  }

  TEST_CASE("bad values are usage errors") {
    for (auto args : std::vector<std::vector<const char*>>{{"-j", "0", "http://x/"},
                                                           {"--summary", "xml", "http://x/"},
                                                           {"-H", "nocolon", "http://x/"},
                                                           {"-H", ";", "http://x/"},
                                                           {"-H", "A;b;", "http://x/"},
                                                           {"-I", "-d", "x", "http://x/"},
                                                           {"-I", "-X", "GET", "http://x/"},
                                                           {"-m", "-2", "http://x/"},
                                                           {"--bogus"},
                                                           {"-i", "-", "-i", "-"}}) {
      const auto parsed = parse_args(args);
      CHECK_FALSE(parsed.options);
      CHECK(parsed.exit_status == 2);
    }
  }

  TEST_CASE("curl's header forms: add, remove with \"Name:\", send empty with \"Name;\"") {
    const auto parsed = parse_args({"-H", "A: b", "-H", "Accept:", "-H", "X-Empty;", "http://x/"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->fetch.headers == std::vector<std::string>{"A: b", "Accept:", "X-Empty;"});
  }

  TEST_CASE("-I asks with HEAD") {
    const auto parsed = parse_args({"-I", "http://x/"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->fetch.method == "HEAD");
  }

  TEST_CASE("an option given twice takes its last value, as in curl") {
    const auto parsed = parse_args({"-m", "5", "-A", "one", "-m", "7", "-A", "two", "http://x/"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->fetch.max_time.count() == 7000);
    CHECK(parsed.options->fetch.user_agent == "two");
  }

  TEST_CASE("-d, --data-binary and --data-raw join with & in command-line order") {
    const auto parsed = parse_args(
        {"--data-raw", "@raw", "-d", "a=1", "--data-binary", "b=2", "-d", "c", "http://x/"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->fetch.body == "@raw&a=1&b=2&c");
  }
}
