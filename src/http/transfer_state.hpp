#pragma once
// What a transfer's callbacks share: where the body goes and how much of what the
// server may send has arrived. One per easy handle, at a stable address
// (CURLOPT_WRITEDATA and CURLOPT_HEADERDATA), reset for every transfer.

#include <cstddef>
#include <cstdint>

#include "cofetch/http/fetch.hpp"

namespace cofetch::http::detail {

struct TransferState {
  // Per response, headers beyond these stop the transfer (too_large). libcurl's
  // own limits are 100 KiB per line and 300 KiB in all; these come first with a
  // clearer message, and bound what one hostile response costs.
  static constexpr std::size_t k_max_header_lines = 1000;
  static constexpr std::size_t k_max_header_bytes = 256 * 1024;
  static constexpr const char* k_body_too_large = "the body is larger than --max-filesize";

  BodyConsumer* consumer = nullptr;
  std::uint64_t max_body = 0;  // --max-filesize; 0: no limit
  std::uint64_t body_bytes = 0;
  std::size_t header_lines = 0;  // of the response being received
  std::size_t header_bytes = 0;
  const char* exceeded = nullptr;  // the limit that stopped the transfer, if one did

  void reset(std::uint64_t body_limit) noexcept {
    consumer = nullptr;
    max_body = body_limit;
    body_bytes = 0;
    header_lines = header_bytes = 0;
    exceeded = nullptr;
  }
};

}  // namespace cofetch::http::detail
