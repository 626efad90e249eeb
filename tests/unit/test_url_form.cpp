// in_libcurl_form: checked against libcurl itself. A URL it accepts must come back
// from curl_url_get exactly as written, or the effective URL a record reports
// would differ from curl's.

#include <doctest/doctest.h>

#include <curl/curl.h>

#include <random>
#include <string>
#include <string_view>

#include "cofetch/http/url.hpp"

using cofetch::http::in_libcurl_form;

namespace {

// What libcurl writes back for `text` (as the effective URL), or "" if it refuses it.
std::string written_by_libcurl(const std::string& text) {
  CURLU* url = curl_url();
  std::string written;
  char* out = nullptr;
  if (curl_url_set(url, CURLUPART_URL, text.c_str(), 0) == CURLUE_OK &&
      curl_url_get(url, CURLUPART_URL, &out, 0) == CURLUE_OK) {
    written = out;
    curl_free(out);
  }
  curl_url_cleanup(url);
  return written;
}

}  // namespace

TEST_SUITE("http.url_form") {
  TEST_CASE("plain URLs are in libcurl's form, and libcurl agrees") {
    for (const std::string url :
         {"http://127.0.0.1:8080/", "https://example.com/a/b?c=d&e=f", "http://h-1.example/x;y=1",
          "http://10.0.0.255:65535/%41%2F?q=%20", "https://a.b/~user/!$&'()*+,;=:@/?x",
          "http://localhost/", "http://1password.com/", "http://deadbeef.example/"}) {
      CAPTURE(url);
      CHECK(in_libcurl_form(url));
      CHECK(written_by_libcurl(url) == url);
    }
  }

  TEST_CASE("URLs libcurl rewrites, or might, are not") {
    for (const std::string url : {"http://example.com",
                                  "HTTP://example.com/",
                                  "http://Example.com/",
                                  "http://127.1/",
                                  "http://0x7f.0.0.1/",
                                  "http://127.000.0.1/",
                                  "http://example.com:080/",
                                  "http://example.com:/",
                                  "http://u:p@example.com/",
                                  "http://[::1]/",
                                  "http://a/b/../c",
                                  "http://a/./c",
                                  "http://a/%2e%2e/c",
                                  "http://a/b#frag",
                                  "http://a/b?",
                                  "http://a/ b",
                                  "http://a/\xc3\xa9",
                                  "http://a/{x}",
                                  "ftp://a/",
                                  "http://example.com./",
                                  "http://a..b/",
                                  "http://1234.0.0.1/",
                                  "http://55555555555/",
                                  "http://99999999999999999999.1.1.1/"}) {
      CAPTURE(url);
      CHECK_FALSE(in_libcurl_form(url));
    }
  }

  TEST_CASE("whatever it accepts, libcurl writes back unchanged (random URLs)") {
    // Pieces chosen to reach every rule: cases, numbers, dots, ports, odd characters.
    const std::string_view schemes[] = {"http://", "https://", "HTTP://", "http:/"};
    const std::string_view hosts[] = {
        "a",     "example.com", "127.0.0.1", "127.1", "0x7f.1", "1e100.net", "A.b", "a.",
        "x-y.z", "256.1.1.1",   "01.2.3.4",  "[::1]", "u@h",    "f.e.d.c",   "0"};
    const std::string_view ports[] = {"", ":80", ":8080", ":0", ":080", ":65536", ":", ":99999"};
    const char characters[] = "abcXYZ019-._~!$&'()*+,;=:@/?%#[] {}|\\^`\"<>\x7f\x80";
    std::mt19937 random(20261202);
    std::size_t accepted = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string url(schemes[random() % std::size(schemes)]);
      url += hosts[random() % std::size(hosts)];
      url += ports[random() % std::size(ports)];
      if (random() % 8 != 0) {
        const std::size_t length = random() % 6;
        url += '/';
        for (std::size_t c = 0; c < length; ++c)
          url += characters[random() % (sizeof characters - 1)];
      }
      if (!in_libcurl_form(url)) continue;
      ++accepted;
      CAPTURE(url);
      REQUIRE(written_by_libcurl(url) == url);
    }
    CHECK(accepted > 500);  // the rules were really exercised
  }
}
