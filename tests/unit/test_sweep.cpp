// The sweep's recommendation, from figures alone.

#include <doctest/doctest.h>

#include <deque>

#include "report/sweep.hpp"

using cofetch::http::ErrorKind;
using cofetch::http::FetchError;
using cofetch::http::Result;
using cofetch::report::BatchStats;
using cofetch::report::Sweep;
using cofetch::report::SweepLevel;

namespace {

// A level of `count` URLs over `wall_ms`, `failures` of them failed and `busy` 503.
struct Level {
  std::size_t level;
  double wall_ms;
  std::size_t count;
  std::size_t failures = 0;
  std::size_t busy = 0;
};

Sweep sweep_of(const std::vector<Level>& levels, std::deque<BatchStats>& stats) {
  Sweep sweep;
  for (const Level& level : levels) {
    BatchStats& made = stats.emplace_back();
    for (std::size_t i = 0; i < level.count; ++i) {
      Result r;
      r.ms.total = 10;
      if (i < level.failures)
        r.error = FetchError{ErrorKind::timeout, "slow"};
      else
        r.status = i < level.failures + level.busy ? 503 : 200;
      made.add(r);
    }
    sweep.levels.push_back(SweepLevel{level.level, level.wall_ms, &made});
  }
  return sweep;
}

}  // namespace

TEST_SUITE("report.sweep") {
  TEST_CASE("the smallest level within 5% of the best throughput is recommended") {
    std::deque<BatchStats> stats;
    const Sweep sweep =
        sweep_of({{1, 1000, 10}, {4, 260, 10}, {16, 250, 10}, {64, 252, 10}}, stats);
    const auto made = cofetch::report::recommend(sweep);
    REQUIRE(made);
    CHECK(made->level == 4);  // 38.5 req/s is within 5% of 40
    CHECK_FALSE(made->knee);
    CHECK(made->why.find("within 5%") != std::string::npos);
  }

  TEST_CASE("levels from the first one with failures or 429/503 on are not candidates") {
    std::deque<BatchStats> stats;
    const Sweep sweep = sweep_of({{1, 1000, 10}, {4, 260, 10}, {16, 100, 10, 0, 4}}, stats);
    const auto made = cofetch::report::recommend(sweep);
    REQUIRE(made);
    CHECK(made->knee == 16);
    CHECK(made->level == 4);
    CHECK(made->why.find("start at -j 16") != std::string::npos);
  }

  TEST_CASE("trouble at every level is not the concurrency's doing") {
    std::deque<BatchStats> stats;
    const Sweep sweep = sweep_of({{1, 1000, 40, 1}, {8, 200, 40, 1}}, stats);
    const auto made = cofetch::report::recommend(sweep);
    REQUIRE(made);
    CHECK_FALSE(made->knee);
    CHECK(made->level == 8);
  }

  TEST_CASE("a level where too many URLs failed is no candidate, however fast") {
    std::deque<BatchStats> stats;
    Sweep sweep = sweep_of({{1, 1000, 20, 2}, {8, 50, 20, 10}}, stats);  // 10%, then 50% failed
    auto made = cofetch::report::recommend(sweep);
    REQUIRE(made);
    CHECK_FALSE(made->level);
    CHECK(made->why.find("more than 5%") != std::string::npos);

    sweep.max_trouble_rate = 0.2;  // --sweep-max-errors 20: level 1 is a candidate, 8 is not
    made = cofetch::report::recommend(sweep);
    REQUIRE(made);
    CHECK(made->level == 1);
  }

  TEST_CASE("levels above the list's length are the same level: noise does not choose them") {
    std::deque<BatchStats> stats;
    // 16 URLs: -j 64 runs 16 at once, as -j 16 did; 8% faster here by chance.
    const Sweep sweep = sweep_of({{1, 1600, 16}, {16, 108, 16}, {64, 100, 16}}, stats);
    const auto made = cofetch::report::recommend(sweep);
    REQUIRE(made);
    CHECK(made->level == 16);
  }

  TEST_CASE("auto levels are powers of two up to the highest") {
    CHECK(cofetch::report::auto_levels(64) == std::vector<std::size_t>{1, 2, 4, 8, 16, 32, 64});
    CHECK(cofetch::report::auto_levels(50) == std::vector<std::size_t>{1, 2, 4, 8, 16, 32, 50});
    CHECK(cofetch::report::auto_levels(1) == std::vector<std::size_t>{1});
  }
}
