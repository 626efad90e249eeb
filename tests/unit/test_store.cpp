// Sharding, the results file, --resume and reading records back.

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cofetch/coro/task.hpp"
#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/sync_wait.hpp"
#include "input/shard.hpp"
#include "input/url_source.hpp"
#include "report/format.hpp"
#include "report/record_writer.hpp"
#include "store/fingerprint_set.hpp"
#include "store/record_key.hpp"
#include "store/record_reader.hpp"
#include "store/results_file.hpp"
#include "store/resume.hpp"

using cofetch::coro::Task;
using cofetch::http::ErrorKind;
using cofetch::http::FetchError;
using cofetch::http::Result;
using cofetch::input::Entry;
using cofetch::input::EntryList;
using cofetch::input::EntrySource;
using cofetch::input::Shard;
using cofetch::input::ShardFilter;
namespace store = cofetch::store;

namespace {

Entry entry(std::size_t index, const std::string& url) {
  Entry made;
  made.index = index;
  made.url = url;
  return made;
}

Task<std::vector<Entry>> drain(EntrySource& source) {
  std::vector<Entry> entries;
  while (auto next = co_await source.next()) entries.push_back(std::move(*next));
  co_return entries;
}

std::string temp_path() {
  char path[] = "/tmp/cofetch-store-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

Result finished(std::size_t index, const std::string& url, int status) {
  Result result;
  result.index = index;
  result.url = url;
  result.final_url = url;
  result.status = status;
  result.http_version = "1.1";
  result.bytes = 123;
  result.remote_ip = "127.0.0.1";
  result.attempts = 2;
  result.started_at = *cofetch::report::parse_rfc3339_utc("2026-11-22T10:11:12.345Z");
  result.ms = {0.5, 1.25, 0, 100.125, 3.5, 106.0};
  return result;
}

std::string record_line(const Result& result) {
  std::string line;
  cofetch::report::append_record(line, result, false);
  return line + '\n';
}

}  // namespace

TEST_SUITE("sharding") {
  TEST_CASE("K/N is read strictly") {
    CHECK(Shard::parse("2/8").number == 2);
    CHECK(Shard::parse("2/8").count == 8);
    CHECK(Shard::parse("1/1").count == 1);
    for (const char* bad : {"0/4", "5/4", "1/0", "2", "/4", "a/b", "1/4x", "-1/4", ""}) {
      CAPTURE(bad);
      CHECK_THROWS_AS(Shard::parse(bad), std::invalid_argument);
    }
  }

  TEST_CASE("the hash is 64-bit FNV-1a, as documented") {
    CHECK(cofetch::input::fnv1a64("") == 0xcbf29ce484222325ull);
    CHECK(cofetch::input::fnv1a64("a") == 0xaf63dc4c8601ec8cull);
    CHECK(cofetch::input::fnv1a64("foobar") == 0x85944171f73967e8ull);
  }

  TEST_CASE("a host's URLs share a shard, whatever their path, case or default port") {
    CHECK(cofetch::input::shard_key("http://Example.COM/a") == "http://example.com:80");
    const std::size_t shard = cofetch::input::shard_of(entry(0, "http://example.com/a"), 7);
    for (const char* url : {"http://example.com/b?x=1", "http://EXAMPLE.com:80/c",
                            "http://example.com/very/long/path#frag"}) {
      CAPTURE(url);
      CHECK(cofetch::input::shard_of(entry(1, url), 7) == shard);
    }
    // A line that is not a URL goes by its own text.
    CHECK(cofetch::input::shard_key("not a url") == "not a url");
  }

  TEST_CASE("the shards of a list hold every entry once, with its index") {
    std::vector<Entry> all;
    for (std::size_t i = 0; i < 600; ++i)
      all.push_back(
          entry(i, "http://host" + std::to_string(i % 30) + ".test/" + std::to_string(i)));
    all.push_back(entry(600, "ftp://not-fetched/"));
    cofetch::uv::Loop loop;
    std::map<std::size_t, std::size_t> shard_of_index;
    std::map<std::string, std::size_t> shard_of_host;
    for (std::size_t k = 1; k <= 4; ++k) {
      EntryList list(all);
      ShardFilter filter(list, Shard{k, 4});
      const auto entries = cofetch::uv::sync_wait(loop, drain(filter));
      CHECK(entries.size() < all.size());
      for (const Entry& e : entries) {
        CHECK(shard_of_index.emplace(e.index, k).second);  // in no other shard
        CHECK(e.url == all[e.index].url);
        const std::string host = cofetch::input::shard_key(e.text());
        const auto [it, fresh] = shard_of_host.emplace(host, k);
        CHECK(it->second == k);
      }
    }
    CHECK(shard_of_index.size() == all.size());
    CHECK(loop.close() == 0);
  }
}

TEST_SUITE("records") {
  TEST_CASE("a fingerprint set keeps what it was given, through growth") {
    store::FingerprintSet set;
    for (std::uint64_t i = 0; i < 50'000; ++i) CHECK(set.insert(i * 0x9e3779b97f4a7c15ull));
    CHECK(set.size() == 50'000);
    CHECK_FALSE(set.insert(0));
    CHECK(set.contains(7 * 0x9e3779b97f4a7c15ull));
    CHECK_FALSE(set.contains(12345));
  }

  TEST_CASE("RFC 3339 times read back as written") {
    const auto now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    CHECK(cofetch::report::parse_rfc3339_utc(cofetch::report::rfc3339_utc(now)) == now);
    CHECK(cofetch::report::parse_rfc3339_utc("1970-01-01T00:00:01Z") ==
          std::chrono::system_clock::time_point(std::chrono::seconds(1)));
    for (const char* bad : {"", "2026-11-22", "2026-11-22T10:11:12", "2026-13-01T00:00:00Z",
                            "2026-11-22T10:11:12.Z", "2026-11-22T10:11:12.1Zjunk"}) {
      CAPTURE(bad);
      CHECK_FALSE(cofetch::report::parse_rfc3339_utc(bad));
    }
  }

  TEST_CASE("a record reads back into the result it was written from") {
    Result written = finished(41, "http://example.com/a\"b", 503);
    written.error = FetchError{ErrorKind::timeout, "Operation timed out after 1000 ms"};
    const auto read = store::parse_record(record_line(written));
    REQUIRE(read);
    CHECK(read->index == 41);
    CHECK(read->url == written.url);
    CHECK(read->status == 503);
    CHECK(read->http_version == "1.1");
    CHECK(read->bytes == 123);
    CHECK(read->attempts == 2);
    CHECK(read->started_at == written.started_at);
    CHECK(read->ms.wait == doctest::Approx(100.125));
    CHECK(read->ms.total == doctest::Approx(106.0));
    REQUIRE(read->error);
    CHECK(read->error->kind == ErrorKind::timeout);
    CHECK(read->error->message == written.error->message);
    // A record re-written from what was read is the same record.
    CHECK(record_line(*read) == record_line(written));
  }

  TEST_CASE("lines that are not records are refused") {
    for (const char* bad :
         {"", "{", "[]", "{\"url\":\"http://a/\"}", "{\"index\":-1,\"url\":\"x\"}",
          "{\"index\":1,\"url\":7}", "not json"}) {
      CAPTURE(bad);
      CHECK_FALSE(store::parse_record(bad));
    }
    CHECK(store::parse_record("{\"index\":3,\"url\":\"http://a/\"}"));
  }

  TEST_CASE("the reader counts bad lines and stops at an incomplete last line") {
    const std::string path = temp_path();
    write_file(path, record_line(finished(0, "http://a/", 200)) + "garbage\n\n" +
                         record_line(finished(1, "http://b/", 200)) + "{\"index\":2,\"url\":\"ht");
    store::RecordReader reader(path);
    std::vector<std::size_t> indexes;
    while (auto record = reader.next()) indexes.push_back(record->index);
    CHECK(indexes == std::vector<std::size_t>{0, 1});
    CHECK(reader.bad_lines() == 1);
    CHECK(reader.first_bad_line() == 2);
    CHECK(reader.torn_bytes() == 20);
    unlink(path.c_str());
  }

  TEST_CASE("URLs that are not UTF-8 are compared as the record holds them") {
    const std::string url = "http://a/\xff\xfe";
    const auto read = store::parse_record(record_line(finished(5, url, 200)));
    REQUIRE(read);
    CHECK(read->url != url);
    CHECK(read->url == store::as_recorded(url));
    CHECK(store::as_recorded("http://plain/") == "http://plain/");
  }
}

TEST_SUITE("results file") {
  TEST_CASE("records are appended whole; a cancelled one is not final and is not written") {
    const std::string path = temp_path();
    {
      store::ResultsFile file(path);
      file.append(finished(0, "http://a/", 200), false);
      Result cancelled = finished(1, "http://b/", 200);
      cancelled.error = FetchError{ErrorKind::cancelled, "interrupted (SIGINT)"};
      file.append(cancelled, false);
      file.close();
    }
    {
      store::ResultsFile file(path);
      CHECK(file.size_at_open() == record_line(finished(0, "http://a/", 200)).size());
      file.append(finished(2, "http://c/", 404), false);
    }
    CHECK(read_file(path) ==
          record_line(finished(0, "http://a/", 200)) + record_line(finished(2, "http://c/", 404)));
    unlink(path.c_str());
  }

  TEST_CASE("opening cuts off an incomplete last line, so the next record starts clean") {
    const std::string path = temp_path();
    const std::string whole = record_line(finished(0, "http://a/", 200));
    write_file(path, whole + "{\"index\":1,\"ur");
    {
      store::ResultsFile file(path);
      CHECK(file.torn_bytes() == 14);
      CHECK(file.size_at_open() == whole.size());
      file.append(finished(1, "http://b/", 200), false);
    }
    CHECK(read_file(path) == whole + record_line(finished(1, "http://b/", 200)));
    unlink(path.c_str());
  }

  TEST_CASE("a file with no line ending at all is cut to nothing") {
    const std::string path = temp_path();
    write_file(path, "{\"index\":0,");
    store::ResultsFile file(path);
    CHECK(file.torn_bytes() == 11);
    CHECK(file.size_at_open() == 0);
    file.close();
    CHECK(read_file(path).empty());
    unlink(path.c_str());
  }

  TEST_CASE("a second writer of the same file is refused") {
    const std::string path = temp_path();
    store::ResultsFile first(path);
    CHECK_THROWS_AS(store::ResultsFile{path}, std::system_error);
    unlink(path.c_str());
  }

  TEST_CASE("a failing write is an error, not a silent loss") {
    const int probe = open("/dev/full", O_WRONLY);
    if (probe < 0) return;  // no /dev/full here
    close(probe);
    store::ResultsFile file("/dev/full");
    CHECK_THROWS_AS(file.append(finished(0, "http://a/", 200), false), std::system_error);
  }
}

TEST_SUITE("resume") {
  TEST_CASE("done records are skipped by index and URL; cancelled and changed ones are not") {
    const std::string path = temp_path();
    Result cancelled = finished(2, "http://c/", 0);
    cancelled.error = FetchError{ErrorKind::cancelled, "interrupted"};
    write_file(path, record_line(finished(0, "http://a/", 200)) +
                         record_line(finished(1, "http://b/", 500)) + record_line(cancelled) +
                         record_line(finished(3, "http://old/", 200)) + "junk\n");
    const store::DoneRecords done = store::DoneRecords::load(path);
    CHECK(done.records == 3);  // the cancelled one is not final
    CHECK(done.bad_lines == 1);
    std::vector<Entry> all;
    for (const char* url : {"http://a/", "http://b/", "http://c/", "http://new/", "http://e/"})
      all.push_back(entry(all.size(), url));
    cofetch::uv::Loop loop;
    EntryList list(all);
    store::ResumeFilter filter(list, done);
    const auto left = cofetch::uv::sync_wait(loop, drain(filter));
    std::vector<std::size_t> indexes;
    for (const Entry& e : left) indexes.push_back(e.index);
    CHECK(indexes == std::vector<std::size_t>{2, 3, 4});
    CHECK(filter.skipped() == 2);
    CHECK(loop.close() == 0);
    unlink(path.c_str());
  }

  TEST_CASE("a missing results file holds nothing") {
    const store::DoneRecords done = store::DoneRecords::load("/tmp/cofetch-no-such-file.jsonl");
    CHECK(done.records == 0);
    CHECK(done.keys.size() == 0);
  }
}
