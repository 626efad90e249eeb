#pragma once
// What a transfer's callbacks share: where the body goes and how much of what the
// server may send has arrived. One per easy handle, at a stable address
// (CURLOPT_WRITEDATA, CURLOPT_HEADERDATA, CURLOPT_SOCKOPTDATA and
// CURLOPT_PREREQDATA), reset for every transfer.

#include <cstddef>
#include <cstdint>
#include <string>

#include "cofetch/http/fetch.hpp"

namespace cofetch::http {
class BodyCheck;  // body_check.hpp
}

namespace cofetch::http::detail {

struct TransferState {
  // Per response, headers beyond these stop the transfer (too_large). libcurl's
  // own limits are 100 KiB per line and 300 KiB in all; these come first with a
  // clearer message, and bound what one hostile response costs.
  static constexpr std::size_t k_max_header_lines = 1000;
  static constexpr std::size_t k_max_header_bytes = 256 * 1024;

  // What cofetch itself stopped the transfer for, if anything (the callbacks
  // refuse data, and libcurl reports a write error).
  enum class Stop {
    none,
    body_too_large,         // beyond --max-filesize
    too_many_header_lines,  // beyond k_max_header_lines
    headers_too_large,      // beyond k_max_header_bytes
    not_resumed,            // libcurl refused to go on after a pause for the disk
  };

  BodyConsumer* consumer = nullptr;
  BodyCheck* check = nullptr;            // --hash, --match: fed every body byte delivered
  TransferObserver* observer = nullptr;  // of this transfer (CURLOPT_SOCKOPTDATA, _PREREQDATA)
  std::uint64_t max_body = 0;            // --max-filesize; 0: no limit
  std::uint64_t body_bytes = 0;
  std::size_t header_lines = 0;  // of the response being received
  std::size_t header_bytes = 0;
  // Its validators, as the header callback saw them go by (curl_easy_header would
  // cost about 4,000 instructions a call, every transfer).
  std::string etag;
  std::string last_modified;
  Stop stopped = Stop::none;

  void reset(std::uint64_t body_limit, TransferObserver* watcher) noexcept {
    consumer = nullptr;
    check = nullptr;
    observer = watcher;
    max_body = body_limit;
    body_bytes = 0;
    header_lines = header_bytes = 0;
    etag.clear();
    last_modified.clear();
    stopped = Stop::none;
  }
};

}  // namespace cofetch::http::detail
