#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "cofetch/coro/scope.hpp"
#include "cofetch/coro/semaphore.hpp"
#include "cofetch/coro/task.hpp"
#include "helpers.hpp"

using cofetch::coro::Scope;
using cofetch::coro::Semaphore;
using cofetch::coro::Task;
using cofetch::test::ManualEvent;

namespace {

struct Occupancy {
  int now = 0;
  int peak = 0;
};

Task<void> use_slot(Semaphore& slots, ManualEvent& done, Occupancy& occupancy,
                    std::vector<int>& order, int id) {
  auto permit = co_await slots.acquire();
  order.push_back(id);
  occupancy.peak = std::max(occupancy.peak, ++occupancy.now);
  co_await done;
  --occupancy.now;
}

}  // namespace

TEST_SUITE("coro.semaphore") {
  TEST_CASE("waiters get their units in the order they asked, and never more than the count") {
    Semaphore slots(2);
    std::vector<ManualEvent> done(6);
    std::vector<int> order;
    Occupancy occupancy;
    Scope scope;
    for (int i = 0; i < 6; ++i) {
      scope.spawn(use_slot(slots, done[static_cast<std::size_t>(i)], occupancy, order, i));
    }
    CHECK(order == std::vector<int>{0, 1});
    CHECK(slots.waiting() == 4);
    done[1].set();
    CHECK(order == std::vector<int>{0, 1, 2});
    done[0].set();
    done[2].set();
    CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
    for (auto& event : done) {
      if (!event.is_set()) event.set();
    }
    CHECK(order == std::vector<int>{0, 1, 2, 3, 4, 5});
    CHECK(occupancy.peak == 2);
    CHECK(slots.available() == 2);
  }

  TEST_CASE("a newcomer does not overtake a queued waiter when a unit is freed") {
    Semaphore slots(1);
    ManualEvent first_done, never;
    std::vector<int> order;
    Occupancy occupancy;
    Scope scope;
    scope.spawn(use_slot(slots, first_done, occupancy, order, 1));
    scope.spawn(use_slot(slots, never, occupancy, order, 2));
    first_done.set();  // the unit goes straight to waiter 2
    scope.spawn(use_slot(slots, never, occupancy, order, 3));
    CHECK(order == std::vector<int>{1, 2});
    CHECK(slots.waiting() == 1);
  }

  TEST_CASE("a waiter whose frame is destroyed leaves the queue") {
    Semaphore slots(1);
    ManualEvent release_first;
    std::vector<int> order;
    Occupancy occupancy;
    Scope holder;
    holder.spawn(use_slot(slots, release_first, occupancy, order, 1));
    {
      Scope cancelled;
      cancelled.spawn(use_slot(slots, release_first, occupancy, order, 2));
      CHECK(slots.waiting() == 1);
    }
    CHECK(slots.waiting() == 0);
    release_first.set();
    CHECK(slots.available() == 1);
    CHECK(order == std::vector<int>{1});
  }
}
