#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "cofetch/coro/semaphore.hpp"
#include "cofetch/http/result.hpp"
#include "report/har.hpp"
#include "report/latency_bars.hpp"
#include "report/output.hpp"
#include "report/sink.hpp"
#include "report/waterfall.hpp"
#include "report/write_out.hpp"
#include "run/input_order.hpp"
#include "save/file_name.hpp"

using namespace std::chrono_literals;
using cofetch::http::ErrorKind;
using cofetch::http::FetchError;
using cofetch::http::Result;
using namespace cofetch::report;

namespace {

Result fetched(std::size_t index, int status, double total_ms) {
  Result result;
  result.index = index;
  result.url = "http://a.test/" + std::to_string(index);
  result.final_url = result.url;
  result.status = status;
  result.http_version = "1.1";
  result.attempts = 1;
  result.bytes = 3;
  result.ms.total = total_ms;
  result.ms.wait = total_ms;
  return result;
}

// What a sink writes, through a pipe.
template <typename MakeSink>
std::string sink_output(MakeSink make, const std::vector<Result>& results) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  {
    Output out(fds[1]);
    auto sink = make(out);
    for (const auto& result : results) sink->write(result);
  }
  close(fds[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<std::size_t>(n));
  close(fds[0]);
  return text;
}

}  // namespace

TEST_SUITE("save.file_name") {
  TEST_CASE("names are one harmless path component whatever the URL holds") {
    for (const char* url :
         {"http://h/../../etc/passwd", "http://h/%2e%2e/%2e%2e/x", "http://h/..%2f..%2fx",
          "http://h/", "http://h/.hidden", "http://h/-rf", "http://h/a%00b", "http://h/%ff%fe",
          "http://h/?a=../../b", "https://h//etc//passwd", "http://h/..."}) {
      CAPTURE(url);
      const std::string name = cofetch::save::file_name_for(url);
      CHECK_FALSE(name.empty());
      CHECK(name.find('/') == std::string::npos);
      CHECK(name.find("..") == std::string::npos);
      CHECK(name.front() != '.');
      CHECK(name.front() != '-');
      for (char c : name)
        CHECK((std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'));
    }
  }

  TEST_CASE("names keep what tells URLs apart, and their extension when cut") {
    CHECK(cofetch::save::file_name_for("http://example.com:8080/a/b.json?x=1") ==
          "example.com_8080_a_b.json_x_1");
    const std::string name =
        cofetch::save::file_name_for("http://h/" + std::string(5000, 'a') + ".html");
    CHECK(name.size() <= 200);
    CHECK(name.ends_with(".html"));
    CHECK(cofetch::save::numbered("a.json", 2) == "a-2.json");
    CHECK(cofetch::save::numbered("index", 1) == "index-1");
  }
}

TEST_SUITE("report.write_out") {
  TEST_CASE("variables render as curl renders them") {
    Result r = fetched(7, 200, 12.5);
    r.curl_us.namelookup = 25;
    r.curl_us.total = 12'500;
    r.bytes = 1234;
    r.redirects = 2;
    r.remote_ip = "127.0.0.1";
    const auto format = WriteOut::parse(
        "%{http_code} %{time_namelookup} %{time_total} %{size_download} "
        "%{num_redirects} %{remote_ip} %{http_version} %{exitcode} %{index}\\n");
    CHECK(format.render(r) == "200 0.000025 0.012500 1234 2 127.0.0.1 1.1 0 7\n");
  }

  TEST_CASE("a failure renders code 000, its message and libcurl's code") {
    Result r;
    r.url = "http://x/";
    r.error = FetchError{ErrorKind::connect, "refused"};
    r.curl_code = 7;
    CHECK(WriteOut::parse("%{http_code}|%{errormsg}|%{exitcode}|%{http_version}|%{error_kind}")
              .render(r) == "000|refused|7|0|connect");
  }

  TEST_CASE("escapes, a literal percent and the JSON record") {
    const Result r = fetched(0, 204, 1);
    CHECK(WriteOut::parse("a\\tb\\\\c 100%% %{http_code}").render(r) == "a\tb\\\\c 100% 204");
    // As curl: only \n \t \r are escapes; a backslash before anything else stays,
    // and the character after it starts nothing.
    CHECK(WriteOut::parse("\\q\\%{http_code}\\").render(r) == "\\q\\%{http_code}\\");
    CHECK(nlohmann::json::parse(WriteOut::parse("%{json}").render(r))["status"] == 204);
  }

  TEST_CASE("an unknown variable or an unclosed brace is refused by name") {
    CHECK_THROWS_WITH_AS(WriteOut::parse("%{http_cod}"), doctest::Contains("%{http_cod}"),
                         std::invalid_argument);
    CHECK_THROWS_AS(WriteOut::parse("%{time_total"), std::invalid_argument);
  }
}

TEST_SUITE("report.csv") {
  TEST_CASE("a header, CRLF rows, and quoting where RFC 4180 wants it") {
    Result r = fetched(0, 200, 1);
    r.url = "http://a.test/?q=1,2&say=\"hi\"";
    const std::string text =
        sink_output([](Output& out) { return csv_sink(out, RecordShape{}); }, {r});
    const auto header_end = text.find("\r\n");
    CHECK(text.substr(0, header_end).starts_with("index,url,final_url,status,http_version,bytes,"));
    CHECK(text.find(
              "ms_dns,ms_connect,ms_tls,ms_wait,ms_receive,ms_total,error_kind,error_message") !=
          std::string::npos);
    CHECK(text.find("\"http://a.test/?q=1,2&say=\"\"hi\"\"\"") != std::string::npos);
    CHECK(text.ends_with("\r\n"));
  }
}

TEST_SUITE("run.input_order") {
  TEST_CASE("results leave in index order, and a held result keeps its window slot") {
    cofetch::coro::Semaphore window(3);
    std::vector<std::size_t> emitted;
    cofetch::run::InputOrder order([&](Result& result) { emitted.push_back(result.index); });
    std::vector<cofetch::coro::Permit> permits;
    for (int i = 0; i < 3; ++i) {
      REQUIRE(window.acquire().await_ready());
      permits.emplace_back(window);
    }
    order.push(fetched(2, 200, 1), std::move(permits[2]));
    order.push(fetched(1, 200, 1), std::move(permits[1]));
    CHECK(emitted.empty());
    CHECK(window.available() == 0);  // held results keep their slots: reading pauses
    order.push(fetched(0, 200, 1), std::move(permits[0]));
    CHECK(emitted == std::vector<std::size_t>{0, 1, 2});
    CHECK(window.available() == 3);
  }

  TEST_CASE("a stop flushes what is held, gaps and all") {
    std::vector<std::size_t> emitted;
    cofetch::run::InputOrder order([&](Result& result) { emitted.push_back(result.index); });
    order.push(fetched(3, 200, 1), {});
    order.push(fetched(1, 200, 1), {});
    order.flush();
    CHECK(emitted == std::vector<std::size_t>{1, 3});
  }
}

TEST_SUITE("report.har") {
  TEST_CASE("an entry's time is the sum of its timings, with ssl inside connect") {
    Result r = fetched(0, 200, 0);
    r.url = "https://a.test/x?a=1&b=2";
    r.queued_ms = 2;
    r.ms = cofetch::http::Phases{1, 3, 5, 20, 4, 33.5};
    r.curl_us = cofetch::http::CurlTimes{1000, 4000, 9000, 9500, 29500, 33500, 0, true};
    const auto entry = har_entry(r, HarRequest{});
    const auto& t = entry["timings"];
    CHECK(t["connect"].get<double>() == doctest::Approx(8));  // 3 connect + 5 tls
    CHECK(t["ssl"].get<double>() == doctest::Approx(5));
    CHECK(t["send"].get<double>() == doctest::Approx(0.5));
    const double sum = t["blocked"].get<double>() + t["dns"].get<double>() +
                       t["connect"].get<double>() + t["send"].get<double>() +
                       t["wait"].get<double>() + t["receive"].get<double>();
    CHECK(entry["time"].get<double>() == doctest::Approx(sum));
    CHECK(entry["request"]["queryString"].size() == 2);
    CHECK(entry["response"]["status"] == 200);
  }

  TEST_CASE("plain http has no ssl timing, and a failure says why") {
    Result r = fetched(0, 200, 5);
    r.status.reset();
    r.error = FetchError{ErrorKind::timeout, "total timeout"};
    const auto entry = har_entry(r, HarRequest{});
    CHECK(entry["timings"]["ssl"] == -1);
    CHECK(entry["response"]["status"] == 0);
    CHECK(entry["_error"] == "total timeout");
    CHECK(entry["_errorKind"] == "timeout");
  }
}

TEST_SUITE("report.latency_bars") {
  TEST_CASE("rows cover the samples from the smallest to the largest") {
    LatencyHistogram histogram;
    for (double ms : {10.0, 20.0, 30.0, 40.0, 100.0}) histogram.add(ms);
    const auto rows = latency_rows(histogram, 5);
    REQUIRE(rows.size() == 5);
    std::uint64_t total = 0;
    for (const auto& row : rows) total += row.count;
    CHECK(total == 5);
    CHECK(rows.front().from_ms == doctest::Approx(10).epsilon(0.01));
    CHECK(rows.back().to_ms == doctest::Approx(100).epsilon(0.01));
  }

  TEST_CASE("nearly equal samples make no bars rather than hair-splitting ones") {
    LatencyHistogram histogram;
    for (double ms : {300.1, 300.2, 300.4}) histogram.add(ms);
    CHECK(latency_rows(histogram, 8).empty());
  }
}

TEST_SUITE("report.waterfall") {
  TEST_CASE("rows sit on one time axis: later starts are further right") {
    const auto origin = std::chrono::steady_clock::now();
    Waterfall waterfall(10);
    for (std::size_t i = 0; i < 3; ++i) {
      Result r = fetched(i, 200, 100);
      r.transfer_start = origin + std::chrono::milliseconds(100 * static_cast<int>(i));
      waterfall.add(r);
    }
    const std::string chart = waterfall.draw(origin, Style{}, 80);
    std::vector<std::size_t> starts;
    std::size_t at = 0;
    while ((at = chart.find("\n   ", at)) != std::string::npos) {
      const auto bar = chart.find('|', at);
      const auto first = chart.find_first_not_of(' ', bar + 1);
      if (bar != std::string::npos && chart.compare(at + 1, 4, "   #") != 0)
        starts.push_back(first - bar);
      ++at;
    }
    REQUIRE(starts.size() == 3);
    CHECK(starts[0] < starts[1]);
    CHECK(starts[1] < starts[2]);
    CHECK(chart.find("the first 3 of 3 fetches") != std::string::npos);
  }

  TEST_CASE("only the first rows are kept, the rest are counted") {
    Waterfall waterfall(2);
    const auto origin = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < 5; ++i) {
      Result r = fetched(i, 200, 10);
      r.transfer_start = origin;
      waterfall.add(r);
    }
    CHECK(waterfall.draw(origin, Style{}, 80).find("3 more fetches not shown") !=
          std::string::npos);
  }
}
