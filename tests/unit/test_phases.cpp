#include <doctest/doctest.h>

#include "cofetch/http/phases.hpp"

using cofetch::http::CurlTimes;
using cofetch::http::phases_from;

namespace {

CurlTimes times(std::int64_t namelookup, std::int64_t connect, std::int64_t appconnect,
                std::int64_t pretransfer, std::int64_t starttransfer, std::int64_t total,
                bool secure = false) {
  CurlTimes t;
  t.namelookup = namelookup;
  t.connect = connect;
  t.appconnect = appconnect;
  t.pretransfer = pretransfer;
  t.starttransfer = starttransfer;
  t.total = total;
  t.secure = secure;
  return t;
}

}  // namespace

TEST_SUITE("http.phases") {
  TEST_CASE("a plain http fetch splits into dns, connect, wait and receive") {
    // Measured on libcurl 7.88 against the test server's /delay/50.
    const auto p = phases_from(times(25, 184, 0, 212, 50'503, 50'538));
    CHECK(p.dns == doctest::Approx(0.025));
    CHECK(p.connect == doctest::Approx(0.159));
    CHECK(p.tls == 0);
    CHECK(p.wait == doctest::Approx(50.291));
    CHECK(p.receive == doctest::Approx(0.035));
    CHECK(p.total == doctest::Approx(50.538));
  }

  TEST_CASE("https adds the handshake as tls") {
    const auto p = phases_from(times(1000, 2000, 5000, 5100, 9000, 9500, true));
    CHECK(p.connect == doctest::Approx(1.0));
    CHECK(p.tls == doctest::Approx(3.0));
    CHECK(p.wait == doctest::Approx(3.9));
    CHECK(p.receive == doctest::Approx(0.5));
  }

  TEST_CASE("a reused connection has no connect phase and no negative one") {
    const auto p = phases_from(times(20, 0, 0, 70, 50'243, 50'261));
    CHECK(p.connect == 0);
    CHECK(p.tls == 0);
    CHECK(p.wait == doctest::Approx(50.173));
  }

  TEST_CASE("a failure gives the rest of its time to the phase it was stuck in") {
    SUBCASE("never resolved") {
      const auto p = phases_from(times(0, 0, 0, 0, 0, 114));
      CHECK(p.dns == doctest::Approx(0.114));
    }
    SUBCASE("refused while connecting") {
      const auto p = phases_from(times(8, 0, 0, 0, 0, 145));
      CHECK(p.connect == doctest::Approx(0.137));
    }
    SUBCASE("the handshake never finished") {
      const auto p = phases_from(times(10, 200, 0, 0, 0, 10'000, true));
      CHECK(p.tls == doctest::Approx(9.8));
    }
    SUBCASE("the request went out and no answer came") {
      const auto p = phases_from(times(9, 0, 0, 36, 0, 500'718));
      CHECK(p.wait == doctest::Approx(500.682));
      CHECK(p.receive == 0);
    }
  }

  TEST_CASE("the phases never add up to more than the total") {
    const auto p = phases_from(times(36, 0, 0, 181, 191, 221));  // a chain of 3 redirects
    CHECK(p.dns + p.connect + p.tls + p.wait + p.receive <= p.total + 1e-9);
    CHECK(p.dns >= 0);
    CHECK(p.wait >= 0);
    CHECK(p.receive >= 0);
  }
}
