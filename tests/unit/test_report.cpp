#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "cofetch/http/result.hpp"
#include "report/format.hpp"
#include "report/histogram.hpp"
#include "report/json_text.hpp"
#include "report/output.hpp"
#include "report/record_writer.hpp"
#include "report/summary.hpp"

using cofetch::http::ErrorKind;
using cofetch::http::FetchError;
using cofetch::http::Result;
using namespace cofetch::report;

namespace {

Result response(int status, double total_ms, std::uint64_t bytes = 10) {
  Result result;
  result.status = status;
  result.ms.total = total_ms;
  result.bytes = bytes;
  result.attempts = 1;
  return result;
}

Result failure(ErrorKind kind, double total_ms) {
  Result result;
  result.error = FetchError{kind, "it broke"};
  result.ms.total = total_ms;
  result.attempts = 1;
  return result;
}

}  // namespace

TEST_SUITE("report.format") {
  TEST_CASE("sizes and durations read like a person would write them") {
    CHECK(human_bytes(0) == "0 B");
    CHECK(human_bytes(1023) == "1023 B");
    CHECK(human_bytes(1229) == "1.2 KiB");
    CHECK(human_bytes(5u * 1024 * 1024) == "5.0 MiB");
    CHECK(human_duration(0.42) == "0.4 ms");
    CHECK(human_duration(101.94) == "101.9 ms");
    CHECK(human_duration(12'345) == "12.35 s");
  }

  TEST_CASE("control characters cannot reach the terminal") {
    CHECK(sanitize_for_terminal("http://a/\x1b[31mred") == "http://a/\\x1b[31mred");
    CHECK(sanitize_for_terminal("line\nbreak\r\x7f") == "line\\x0abreak\\x0d\\x7f");
    CHECK(sanitize_for_terminal("c1 \xc2\x9b"
                                "31m") == "c1 \\xc2\\x9b31m");  // the one-byte CSI
    CHECK(sanitize_for_terminal("caf\xc3\xa9 \xc2\xa0ok") ==
          "caf\xc3\xa9 \xc2\xa0ok");  // other UTF-8 passes
  }

  TEST_CASE("timestamps are RFC 3339 in UTC with milliseconds") {
    const auto time =
        std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'123));
    CHECK(rfc3339_utc(time) == "2023-11-14T22:13:20.123Z");
  }
}

TEST_SUITE("report.histogram") {
  TEST_CASE("percentiles stay within 1% of the exact ones over a wide range") {
    std::mt19937 random(7);
    std::lognormal_distribution<double> latency(3.0, 1.5);  // about 1 ms to 10 s
    std::vector<double> samples;
    LatencyHistogram histogram;
    for (int i = 0; i < 50'000; ++i) {
      const double ms = latency(random);
      samples.push_back(ms);
      histogram.add(ms);
    }
    std::sort(samples.begin(), samples.end());
    for (double p : {50.0, 90.0, 99.0, 99.9}) {
      CAPTURE(p);
      const auto rank =
          static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
      const double exact = samples[rank - 1];
      CHECK(*histogram.percentile(p) == doctest::Approx(exact).epsilon(0.01));
    }
    CHECK(*histogram.min() == doctest::Approx(samples.front()).epsilon(0.001));
    CHECK(*histogram.max() == doctest::Approx(samples.back()).epsilon(0.001));
    CHECK(histogram.count() == 50'000);
  }

  TEST_CASE("an empty histogram has no percentiles") {
    LatencyHistogram histogram;
    CHECK_FALSE(histogram.percentile(50));
    CHECK_FALSE(histogram.min());
  }

  TEST_CASE("its size does not grow with the number of samples") {
    CHECK(sizeof(LatencyHistogram) < 64 * 1024);
  }
}

TEST_SUITE("report.summary") {
  TEST_CASE("each URL is counted once, under its status or under its error kind") {
    BatchStats stats;
    stats.add(response(200, 10));
    stats.add(response(204, 20));
    stats.add(response(301, 5));
    stats.add(response(404, 7));
    stats.add(response(503, 9));
    stats.add(failure(ErrorKind::timeout, 1000));
    Result reset = response(200, 3);
    reset.error = FetchError{ErrorKind::recv, "reset"};  // a status came, but the body broke
    stats.add(reset);

    CHECK(stats.count() == 7);
    CHECK(stats.ok() == 2);
    CHECK(stats.failed() == 2);
    CHECK(stats.status_class(200) == 2);
    CHECK(stats.status_class(300) == 1);
    CHECK(stats.status_class(400) == 1);
    CHECK(stats.status_class(500) == 1);
    CHECK(stats.errors().at("timeout") == 1);
    CHECK(stats.errors().at("recv") == 1);
    CHECK(stats.sum_ms() == doctest::Approx(1054));
    CHECK(stats.latency().count() == 5);  // complete responses only
  }

  TEST_CASE("the JSON summary has the documented keys and the compare figures") {
    BatchStats stats;
    stats.add(response(200, 300));
    stats.add(failure(ErrorKind::connect, 1));
    RunSummary summary;
    summary.stats = &stats;
    summary.wall_ms = 400;
    summary.concurrency = 20;
    summary.comparison = Comparison{6000, 400, nullptr};
    const auto json = nlohmann::json::parse(summary_json(summary));
    for (const char* key :
         {"count", "ok", "by_status", "errors", "wall_ms", "sum_ms", "req_per_s", "bytes",
          "latency_ms", "sequential_wall_ms", "concurrent_wall_ms", "speedup", "efficiency"}) {
      CAPTURE(key);
      CHECK(json.contains(key));
    }
    CHECK(json["by_status"]["200"] == 1);
    CHECK(json["errors"]["connect"] == 1);
    CHECK(json["speedup"] == doctest::Approx(15.0));
    CHECK(json["efficiency"] == doctest::Approx(0.75));  // 15x over 20 slots
    CHECK(json["req_per_s"] == doctest::Approx(5.0));
  }

  TEST_CASE("a summary with no responses says so instead of inventing latencies") {
    BatchStats stats;
    stats.add(failure(ErrorKind::dns, 5));
    RunSummary summary;
    summary.stats = &stats;
    summary.wall_ms = 5;
    summary.concurrency = 1;
    CHECK(summary_text(summary).find("no responses") != std::string::npos);
    const auto json = nlohmann::json::parse(summary_json(summary));
    CHECK(json["latency_ms"]["p50"].is_null());
    CHECK_FALSE(json.contains("speedup"));
  }
}

TEST_SUITE("report.record") {
  TEST_CASE("bytes that are not UTF-8 do not break the JSON line") {
    Result result = response(200, 1);
    result.url = "http://a/\xff\xfe";
    std::string line;
    cofetch::report::append_record(line, result, false);
    CHECK(nlohmann::json::parse(line)["url"] == "http://a/\xef\xbf\xbd\xef\xbf\xbd");
  }
}

TEST_SUITE("report.output") {
  TEST_CASE("a reader that goes away closes the output quietly") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    close(fds[0]);
    const auto previous = std::signal(SIGPIPE, SIG_IGN);
    {
      Output out(fds[1]);
      out.write("lost\n");
      out.flush();
      CHECK(out.closed());
      CHECK_FALSE(out.error());  // EPIPE is not an error worth reporting
      out.write("dropped\n");
      CHECK_FALSE(out.has_pending());
    }
    std::signal(SIGPIPE, previous);
    close(fds[1]);
  }
}
