// Defences against hostile input: credentials kept out of outputs, option values
// parsed strictly, -j fitted to the open-file limit.

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include "cli/values.hpp"
#include "cofetch/http/access.hpp"
#include "cofetch/http/credentials.hpp"
#include "cofetch/http/url.hpp"
#include "cofetch/url/credentials.hpp"
#include "run/descriptor_budget.hpp"

using cofetch::http::is_secret_header;
using cofetch::url::redact_credentials;

TEST_SUITE("credentials") {
  TEST_CASE("the user information of a URL is redacted, the rest kept") {
    CHECK(redact_credentials("https://user:secret@example.com/a?b=c@d") ==
          "https://***@example.com/a?b=c@d");
    CHECK(redact_credentials("http://user@host:8080/") == "http://***@host:8080/");
    // The last '@' of the authority ends the user information.
    CHECK(redact_credentials("http://a@b:p@ss@host/x@y") == "http://***@host/x@y");
    CHECK(redact_credentials("http://host/path@x") == "http://host/path@x");
    CHECK(redact_credentials("http://host?q=a@b") == "http://host?q=a@b");
    CHECK(redact_credentials("http://host#a@b") == "http://host#a@b");
    CHECK(redact_credentials("user:secret@host/x") == "***@host/x");  // no scheme
    CHECK(redact_credentials("ftp://u:p@h/") == "ftp://***@h/");
    CHECK(redact_credentials("") == "");
    CHECK(redact_credentials("http://") == "http://");
  }

  TEST_CASE("secret request headers are recognised whatever their case") {
    CHECK(is_secret_header("Authorization: Bearer x"));
    CHECK(is_secret_header("proxy-authorization:Basic x"));
    CHECK(is_secret_header("COOKIE: a=b"));
    CHECK(is_secret_header("Cookie"));
    CHECK_FALSE(is_secret_header("Accept: */*"));
    CHECK_FALSE(is_secret_header("X-Cookie: a"));
  }

  TEST_CASE("problems with a line quote the shown form, not the credentials") {
    const auto outcome =
        cofetch::http::parse_url("user:secret@host/x", redact_credentials("user:secret@host/x"));
    REQUIRE(outcome.problem);
    CHECK(outcome.problem->find("secret") == std::string::npos);
    CHECK(*outcome.problem == "no scheme; did you mean http://***@host/x ?");
  }
}

TEST_SUITE("hostile lines") {
  TEST_CASE("a NUL byte makes a line invalid, even if libcurl would stop reading there") {
    using cofetch::http::parse_url;
    CHECK(parse_url(std::string("http://host/a\0b", 15)).problem == "contains a NUL byte");
    CHECK(parse_url("http://host/a").problem == std::nullopt);
  }

  TEST_CASE("a scheme made of other characters is not quoted back") {
    CHECK(cofetch::http::parse_url("a b\x1b[2J://x").problem == "no valid scheme before \"://\"");
  }
}

TEST_SUITE("option values") {
  using cofetch::cli::parse_rate;
  using cofetch::cli::parse_size;
  using cofetch::cli::resolve_entry_problem;

  TEST_CASE("--max-filesize takes bytes with k, M, G suffixes") {
    CHECK(parse_size("1", "--x") == 1);
    CHECK(parse_size("10k", "--x") == 10 * 1024);
    CHECK(parse_size("3M", "--x") == 3 * 1024 * 1024);
    CHECK(parse_size("2G", "--x") == 2ULL * 1024 * 1024 * 1024);
    for (const char* bad :
         {"", "0", "-1", "1.5M", "1T", "k", "1kk", " 1", "99999999999G", "18446744073709551616"}) {
      CAPTURE(bad);
      CHECK_THROWS_AS(parse_size(bad, "--max-filesize"), std::invalid_argument);
    }
  }

  TEST_CASE("--rate takes N, N/s, N/m, N/h with a finite N > 0") {
    CHECK(parse_rate("20") == 20);
    CHECK(parse_rate("90/m") == doctest::Approx(1.5));
    CHECK(parse_rate("3600/h") == doctest::Approx(1));
    for (const char* bad : {"", "0", "-1", "inf", "nan", "1/d", "/s", "1/", "1e999"}) {
      CAPTURE(bad);
      CHECK_THROWS_AS(parse_rate(bad), std::invalid_argument);
    }
  }

  TEST_CASE("--resolve takes HOST:PORT:ADDRESS") {
    CHECK(resolve_entry_problem("example.com:443:127.0.0.1") == std::nullopt);
    CHECK(resolve_entry_problem("example.com:443:::1") == std::nullopt);
    CHECK(resolve_entry_problem("example.com:80:127.0.0.1,127.0.0.2") == std::nullopt);
    for (const char* bad : {"", ":80:1.2.3.4", "host::1.2.3.4", "host:80:", "host:80",
                            "host:99999:1.2.3.4", "host:x:1.2.3.4", "host:80:1.2.3.4\n"}) {
      CAPTURE(bad);
      CHECK(resolve_entry_problem(bad).has_value());
    }
  }
}

TEST_SUITE("curl's access option values") {
  using cofetch::cli::connect_to_problem;
  using cofetch::cli::parse_port_range;
  using cofetch::http::split_certificate;

  TEST_CASE("-E splits FILE:PASSWORD at the first colon not escaped, as curl") {
    using Split = std::pair<std::string, std::optional<std::string>>;
    CHECK(split_certificate("client.pem") == Split{"client.pem", std::nullopt});
    CHECK(split_certificate("client.pem:secret") == Split{"client.pem", "secret"});
    CHECK(split_certificate("client.pem:pass:word") == Split{"client.pem", "pass:word"});
    CHECK(split_certificate("client.pem:") == Split{"client.pem", std::nullopt});
    CHECK(split_certificate("dir/a\\:b.pem:pw") == Split{"dir/a:b.pem", "pw"});
    CHECK(split_certificate("a\\\\b:pw") == Split{"a\\b", "pw"});
    CHECK(split_certificate("a\\xb") == Split{"a\\xb", std::nullopt});
    CHECK(split_certificate("end\\") == Split{"end\\", std::nullopt});
    CHECK(split_certificate("pkcs11:token=a;object=b") ==
          Split{"pkcs11:token=a;object=b", std::nullopt});
  }

  TEST_CASE("--local-port takes N or N-M") {
    CHECK(parse_port_range("40000") == std::pair<long, long>{40000, 1});
    CHECK(parse_port_range("40000-40099") == std::pair<long, long>{40000, 100});
    CHECK(parse_port_range("1-65535") == std::pair<long, long>{1, 65535});
    for (const char* bad : {"", "0", "65536", "5-4", "-5", "5-", "x", "1-2-3", " 1"}) {
      CAPTURE(bad);
      CHECK_THROWS_AS(parse_port_range(bad), std::invalid_argument);
    }
  }

  TEST_CASE("--connect-to takes HOST1:PORT1:HOST2:PORT2, any part empty") {
    for (const char* good :
         {"a:80:b:8080", "::b:", ":::", "a:443:[::1]:8443", "[::1]:80:127.0.0.1:81"}) {
      CAPTURE(good);
      CHECK(connect_to_problem(good) == std::nullopt);
    }
    for (const char* bad :
         {"", "a:80:b", "a:80:b:8080:x", "a:x:b:1", "a:80:b:99999", "a:1:b:2\n"}) {
      CAPTURE(bad);
      CHECK(connect_to_problem(bad).has_value());
    }
  }
}

TEST_SUITE("descriptor budget") {
  using cofetch::run::descriptor_budget;
  using cofetch::run::k_reserved_descriptors;

  TEST_CASE("a generous limit leaves -j alone") {
    const auto budget = descriptor_budget(500, false, 1'048'576, 10);
    CHECK(budget.concurrency == 500);
    // Room for many hosts' idle connections, bounded.
    CHECK(budget.connection_cache == cofetch::run::k_max_connection_cache);
    CHECK_FALSE(budget.warning);
  }

  TEST_CASE("a small limit lowers -j and says so") {
    const auto budget = descriptor_budget(500, false, 64, 6);
    const std::size_t available = 64 - 6 - k_reserved_descriptors;
    CHECK(budget.concurrency == available / 3);
    REQUIRE(budget.warning);
    CHECK(budget.warning->find("-j 500 needs more open files than the limit allows (64)") == 0);
    // Transfers, their other descriptors and the cache fit in what is available.
    CHECK(budget.connection_cache >= budget.concurrency);
    CHECK(budget.connection_cache + budget.concurrency * 2 <= available);
  }

  TEST_CASE("saving bodies needs a descriptor more per transfer") {
    CHECK(descriptor_budget(500, true, 64, 6).concurrency == (64 - 6 - k_reserved_descriptors) / 4);
  }

  TEST_CASE("at least one transfer, however small the limit") {
    CHECK(descriptor_budget(10, false, 8, 20).concurrency == 1);
  }

  TEST_CASE("the peak counts every transfer's descriptors and the cache, within the limit") {
    const auto budget = descriptor_budget(100, false, 1'048'576, 10);
    CHECK(budget.peak == 10 + k_reserved_descriptors + budget.connection_cache + 100 * 2);
    CHECK(descriptor_budget(500, false, 64, 6).peak <= 64);
  }

  TEST_CASE("the descriptor table is grown ahead, and nothing is left open") {
    const auto table_size = [] {  // the kernel's FDSize: the table, not what is open
      std::ifstream status("/proc/self/status");
      for (std::string line; std::getline(status, line);) {
        if (line.starts_with("FDSize:")) return std::stoul(line.substr(7));
      }
      return 0UL;
    };
    const std::size_t open_before = cofetch::run::open_descriptors();
    const std::size_t limit = cofetch::run::raise_descriptor_limit();
    const std::size_t wanted =
        std::min<std::size_t>(std::max<std::size_t>(2 * table_size(), 1000), limit);
    REQUIRE(wanted > table_size());  // the check below would prove nothing otherwise
    cofetch::run::reserve_descriptor_table(wanted);
    CHECK(table_size() >= wanted);
    CHECK(cofetch::run::open_descriptors() == open_before);
  }
}
