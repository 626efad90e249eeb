#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cofetch/coro/task.hpp"
#include "cofetch/http/url.hpp"
#include "cofetch/uv/loop.hpp"
#include "cofetch/uv/sync_wait.hpp"
#include "input/byte_source.hpp"
#include "input/line_splitter.hpp"
#include "input/url_source.hpp"
#include "run/job.hpp"

using cofetch::coro::Task;
using cofetch::input::Entry;
using cofetch::input::Line;
using cofetch::input::LineSplitter;
using cofetch::input::UrlSource;
using cofetch::uv::Loop;
using cofetch::uv::sync_wait;

namespace {

std::vector<Line> split_in_chunks(std::string_view text, std::size_t chunk, std::size_t max = 64) {
  LineSplitter splitter(max);
  std::vector<Line> lines;
  for (std::size_t at = 0; at < text.size(); at += chunk) {
    splitter.feed(text.substr(at, chunk));
    while (auto line = splitter.next()) lines.push_back(*line);
  }
  if (auto last = splitter.finish()) lines.push_back(*last);
  return lines;
}

std::vector<std::string> texts(const std::vector<Line>& lines) {
  std::vector<std::string> out;
  for (const auto& line : lines) out.push_back(line.text);
  return out;
}

Task<std::vector<Entry>> read_all(UrlSource& source) {
  std::vector<Entry> entries;
  while (auto entry = co_await source.next()) entries.push_back(std::move(*entry));
  co_return entries;
}

std::string temp_file(const std::string& content) {
  char path[] = "/tmp/cofetch-test-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
  close(fd);
  return path;
}

}  // namespace

TEST_SUITE("input.lines") {
  TEST_CASE("lines split the same whatever the chunk boundaries, with LF or CRLF") {
    const std::string text = "one\r\ntwo\n\nthree\r\nlast";
    for (std::size_t chunk : {1, 2, 3, 5, 100}) {
      CAPTURE(chunk);
      CHECK(texts(split_in_chunks(text, chunk)) ==
            std::vector<std::string>{"one", "two", "", "three", "last"});
    }
  }

  TEST_CASE("a UTF-8 byte order mark at the start is dropped, elsewhere it is kept") {
    CHECK(texts(split_in_chunks("\xEF\xBB\xBFhttp://a/\nb", 1)) ==
          std::vector<std::string>{"http://a/", "b"});
    CHECK(texts(split_in_chunks("a\n\xEF\xBB\xBF"
                                "b",
                                1)) == std::vector<std::string>{"a",
                                                                "\xEF\xBB\xBF"
                                                                "b"});
  }

  TEST_CASE(
      "an over-long line comes out marked, without holding all of it, and the next line is "
      "intact") {
    const std::string text = std::string(1000, 'x') + "\nafter\n";
    for (std::size_t chunk : {7, 1000, 4096}) {
      const auto lines = split_in_chunks(text, chunk, 64);
      REQUIRE(lines.size() == 2);
      CHECK(lines[0].too_long);
      CHECK(lines[0].text.size() <= 80);
      CHECK(lines[1].text == "after");
      CHECK_FALSE(lines[1].too_long);
    }
  }
}

TEST_SUITE("http.url") {
  TEST_CASE("http and https URLs pass; anything else says why not") {
    auto problem = [](const std::string& text) { return cofetch::http::parse_url(text).problem; };
    CHECK_FALSE(problem("http://127.0.0.1:8080/delay/100"));
    CHECK_FALSE(problem("HTTPS://example.com/a?b=c#d"));
    CHECK(problem("example.com")->find("no scheme") != std::string::npos);
    CHECK(problem("ftp://example.com/")->find("unsupported scheme \"ftp\"") != std::string::npos);
    CHECK(problem("file:///etc/passwd")->find("unsupported scheme") != std::string::npos);
    CHECK(problem("http://")->find("not a valid URL") != std::string::npos);
    CHECK(problem("http://exa mple.com/")->find("spaces are not allowed") != std::string::npos);
  }

  TEST_CASE("a scheme is suggested only where it makes a URL; spaces are named") {
    auto problem = [](const std::string& text) { return *cofetch::http::parse_url(text).problem; };
    CHECK(problem("example.com/a") == "no scheme; did you mean http://example.com/a ?");
    CHECK(problem("not a url") ==
          "spaces are not allowed in a URL (a space in a path or query is %20)");
    CHECK(problem("http://a.test/two words") ==
          "spaces are not allowed in a URL (a space in a path or query is %20)");
    CHECK(problem("[::") == "not a URL: no scheme (http:// or https://) and no host");
  }
}

TEST_SUITE("input.source") {
  TEST_CASE(
      "arguments come first, then files; blanks and comments are skipped; bad lines are entries") {
    const std::string path =
        temp_file("# my list\n  http://a.test/1  \n\nnot-a-url\r\nhttp://a.test/2");
    Loop loop;
    {
      std::vector<std::unique_ptr<cofetch::input::LineInput>> inputs;
      inputs.push_back(cofetch::input::argument_input({"http://arg.test/"}));
      inputs.push_back(cofetch::input::stream_input(
          cofetch::input::open_byte_source(loop, cofetch::input::open_for_reading(path), true),
          "list.txt"));
      UrlSource source(std::move(inputs));
      const auto entries = sync_wait(loop, read_all(source));
      REQUIRE(entries.size() == 4);
      CHECK(entries[0].url == "http://arg.test/");
      CHECK(entries[0].place.describe() == "argument 1");
      CHECK(entries[1].url == "http://a.test/1");
      CHECK(entries[1].place.describe() == "list.txt:2");
      CHECK(entries[2].url == "not-a-url");
      CHECK(entries[2].place.describe() == "list.txt:4");
      CHECK(entries[3].url == "http://a.test/2");
      for (std::size_t i = 0; i < entries.size(); ++i) {
        CHECK(entries[i].index == i);
        CHECK_FALSE(entries[i].problem);  // lines; whether each is a URL is decided later
      }
    }
    std::remove(path.c_str());
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a pipe is streamed: the first URL arrives while the writer is still writing") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    Loop loop;
    {
      std::vector<std::unique_ptr<cofetch::input::LineInput>> inputs;
      inputs.push_back(cofetch::input::stream_input(
          cofetch::input::open_byte_source(loop, fds[0], true), "stdin"));
      UrlSource source(std::move(inputs));
      const std::string first = "http://first.test/\n";
      REQUIRE(write(fds[1], first.data(), first.size()) == static_cast<ssize_t>(first.size()));
      // The writer stays open: a source that waited for the end would hang here.
      auto entry = sync_wait(loop, source.next());
      REQUIRE(entry);
      CHECK(entry->url == "http://first.test/");
      const std::string second = "http://second.test/\n";
      REQUIRE(write(fds[1], second.data(), second.size()) == static_cast<ssize_t>(second.size()));
      close(fds[1]);
      const auto rest = sync_wait(loop, read_all(source));
      REQUIRE(rest.size() == 1);
      CHECK(rest[0].url == "http://second.test/");
      CHECK(rest[0].index == 1);
    }
    CHECK(loop.close() == 0);
  }

  TEST_CASE("a missing file or a directory is refused by name") {
    CHECK_THROWS_WITH(cofetch::input::open_for_reading("/nonexistent/urls.txt"),
                      doctest::Contains("cannot open /nonexistent/urls.txt"));
    CHECK_THROWS_WITH(cofetch::input::open_for_reading("/tmp"),
                      doctest::Contains("cannot read /tmp"));
  }
}
