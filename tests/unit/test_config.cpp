#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/config_args.hpp"
#include "cli/config_file.hpp"
#include "cli/help_text.hpp"
#include "cli/parse.hpp"
#include "cli_args.hpp"

using namespace cofetch::cli;
using cofetch::test::parse_args;

namespace {

// A configuration file for the duration of a test, named by COFETCH_CONFIG.
class ConfigFileFixture {
 public:
  explicit ConfigFileFixture(const std::string& text) {
    m_path =
        std::filesystem::temp_directory_path() / ("cofetch-config-" + std::to_string(getpid()));
    std::ofstream(m_path) << text;
    setenv("COFETCH_CONFIG", m_path.c_str(), 1);
  }
  ~ConfigFileFixture() {
    setenv("COFETCH_CONFIG", "", 1);
    std::filesystem::remove(m_path);
  }

 private:
  std::filesystem::path m_path;
};

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("a line is a key and a value, a flag alone, or nothing") {
    CHECK_FALSE(parse_config_line(""));
    CHECK_FALSE(parse_config_line("   # concurrency = 5"));
    auto entry = parse_config_line("  concurrency = 64  ");
    REQUIRE(entry);
    CHECK(entry->key == "concurrency");
    CHECK(entry->value == "64");
    entry = parse_config_line("header=Authorization: Bearer a=b");
    REQUIRE(entry);
    CHECK(entry->key == "header");
    CHECK(entry->value == "Authorization: Bearer a=b");
    entry = parse_config_line("--max-time 5");
    REQUIRE(entry);
    CHECK(entry->key == "max-time");
    CHECK(entry->value == "5");
    entry = parse_config_line("location");
    REQUIRE(entry);
    CHECK_FALSE(entry->value);
    entry = parse_config_line("user-agent = \"  two spaces  \"");
    REQUIRE(entry);
    CHECK(entry->value == "  two spaces  ");
    CHECK_THROWS_AS(parse_config_line("= 5"), std::invalid_argument);
    CHECK_THROWS_AS(parse_config_line("concurrency: 5"), std::invalid_argument);
  }

  TEST_CASE("flag values are the usual words for on and off") {
    CHECK(flag_value("Yes") == true);
    CHECK(flag_value("1") == true);
    CHECK(flag_value("off") == false);
    CHECK_FALSE(flag_value("maybe"));
  }

  TEST_CASE("the file is found through --config, COFETCH_CONFIG, XDG_CONFIG_HOME, then HOME") {
    CHECK(config_location(std::string("mine"), false)->path == "mine");
    CHECK(config_location(std::string("mine"), false)->required);
    CHECK_FALSE(config_location(std::nullopt, true));
    CHECK_FALSE(config_location(std::nullopt, false));  // COFETCH_CONFIG is set and empty here
    unsetenv("COFETCH_CONFIG");
    setenv("XDG_CONFIG_HOME", "/xdg", 1);
    CHECK(config_location(std::nullopt, false)->path == "/xdg/cofetch/config");
    CHECK_FALSE(config_location(std::nullopt, false)->required);
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/someone", 1);
    CHECK(config_location(std::nullopt, false)->path == "/home/someone/.config/cofetch/config");
    setenv("COFETCH_CONFIG", "", 1);
  }

  TEST_CASE("entries of the file go first; the command line's replace them by key") {
    std::vector<std::string> headers{"X-A: file", "Accept: file", "accept: command line"};
    merge_overridden(headers, 2, header_name);
    CHECK(headers == std::vector<std::string>{"X-A: file", "accept: command line"});
    std::vector<std::string> resolves{"a.test:443:127.0.0.1", "b.test:80:127.0.0.2",
                                      "A.test:443:127.0.0.9"};
    merge_overridden(resolves, 2, resolve_target);
    CHECK(resolves == std::vector<std::string>{"b.test:80:127.0.0.2", "A.test:443:127.0.0.9"});
  }

  TEST_CASE("the file's options apply under the command line's") {
    const ConfigFileFixture file(
        "concurrency = 7\nheader = X-Team: blue\nheader = Accept: text/plain\nretry = 2\n"
        "compressed\nhttp2 = yes\n");
    auto parsed = parse_args({"http://x/"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->limits.concurrency == 7);
    CHECK(parsed.options->limits.retry.retries == 2);
    CHECK(parsed.options->fetch.compressed);
    CHECK(parsed.options->fetch.headers ==
          std::vector<std::string>{"X-Team: blue", "Accept: text/plain"});

    parsed = parse_args({"-j", "3", "-H", "accept: application/json", "--http1.1", "http://x/"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->limits.concurrency == 3);
    CHECK(parsed.options->fetch.headers ==
          std::vector<std::string>{"X-Team: blue", "accept: application/json"});
    CHECK(parsed.options->fetch.http_version == cofetch::http::HttpVersion::http1_1);

    parsed = parse_args({"--no-config", "http://x/"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->limits.concurrency == 50);
    CHECK(parsed.options->fetch.headers.empty());
  }

  TEST_CASE("a bad entry is a usage error") {
    const ConfigFileFixture file("concurrency = many\n");
    CHECK(parse_args({"http://x/"}).exit_status == 2);
  }
}

TEST_SUITE("help") {
  TEST_CASE("wrap breaks at spaces within the width and indents every line") {
    CHECK(wrap("aa bb cc dd", 8, "  ") == "  aa bb\n  cc dd");
    CHECK(wrap("a-very-long-word short", 6, "") == "a-very-long-word\nshort");
  }

  TEST_CASE("the footer has every section, examples included") {
    const std::string footer = help_footer();
    for (const HelpSection& section : help_sections()) {
      CHECK(footer.find(std::string(section.title) + ":\n") != std::string::npos);
    }
    CHECK(footer.find("    cofetch summarize shard-*.jsonl\n") != std::string::npos);
  }
}
