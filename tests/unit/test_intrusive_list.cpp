#include <doctest/doctest.h>

#include <vector>

#include "cofetch/coro/intrusive_list.hpp"

using cofetch::coro::IntrusiveList;
using cofetch::coro::ListHook;

namespace {

struct Item : ListHook<Item> {
  explicit Item(int v) : value(v) {}
  int value;
};

std::vector<int> drain(IntrusiveList<Item>& list) {
  std::vector<int> values;
  while (Item* item = list.pop_front()) values.push_back(item->value);
  return values;
}

}  // namespace

TEST_SUITE("coro.intrusive_list") {
  TEST_CASE("items come out in the order they went in") {
    Item a(1), b(2), c(3);
    IntrusiveList<Item> list;
    list.push_back(a);
    list.push_back(b);
    list.push_back(c);
    CHECK(list.size() == 3);
    CHECK(drain(list) == std::vector<int>{1, 2, 3});
    CHECK(list.empty());
    CHECK_FALSE(a.linked());
  }

  TEST_CASE("removing from the front, the middle or the back keeps the rest linked") {
    for (int removed = 1; removed <= 3; ++removed) {
      Item a(1), b(2), c(3);
      Item* items[] = {&a, &b, &c};
      IntrusiveList<Item> list;
      for (Item* item : items) list.push_back(*item);
      list.remove(*items[removed - 1]);
      CHECK_FALSE(items[removed - 1]->linked());
      std::vector<int> expected;
      for (int v = 1; v <= 3; ++v) {
        if (v != removed) expected.push_back(v);
      }
      CHECK(drain(list) == expected);
    }
  }

  TEST_CASE("an item can join again after it left") {
    Item a(1), b(2);
    IntrusiveList<Item> list;
    list.push_back(a);
    list.push_back(b);
    list.remove(a);
    list.push_back(a);
    CHECK(drain(list) == std::vector<int>{2, 1});
  }
}
