#include "cli/version_text.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <uv.h>

#include "cofetch/version.hpp"

namespace cofetch::cli {

namespace {

// "name/version" pieces libcurl was built with, those it has, in its own words.
std::string curl_components(const curl_version_info_data& curl) {
  std::string list;
  const auto add = [&list](const char* name, const char* version) {
    if (version == nullptr || *version == '\0') return;
    if (!list.empty()) list += ", ";
    list += name == nullptr ? std::string(version) : fmt::format("{}/{}", name, version);
  };
  add(nullptr, curl.ssl_version);
  add("zlib", curl.libz_version);
  if (curl.age >= CURLVERSION_FIFTH) add("brotli", curl.brotli_version);
  if (curl.age >= CURLVERSION_SIXTH) add("nghttp2", curl.nghttp2_version);
  if (curl.age >= CURLVERSION_EIGHTH) add("zstd", curl.zstd_version);
  return list;
}

}  // namespace

std::string version_text() {
  const curl_version_info_data& curl = *curl_version_info(CURLVERSION_NOW);
  const bool http2 = (curl.features & CURL_VERSION_HTTP2) != 0;
  const char* tls = curl.ssl_version != nullptr ? curl.ssl_version : "none";
  return fmt::format(
      "cofetch {}\n"
      "libcurl {} ({})\n"
      "libuv {}\n"
      "TLS {}\n"
      "HTTP/2 {}",
      k_version, curl.version, curl_components(curl), uv_version_string(), tls,
      http2 ? "yes" : "no");
}

}  // namespace cofetch::cli
