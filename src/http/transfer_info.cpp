#include "transfer_info.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "body_check.hpp"
#include "cofetch/http/error_kind.hpp"
#include "cofetch/http/phases.hpp"
#include "cofetch/url/credentials.hpp"

namespace cofetch::http::detail {

namespace {

std::string http_version_name(long version) {
  switch (version) {
    case CURL_HTTP_VERSION_1_0: return "1.0";
    case CURL_HTTP_VERSION_1_1: return "1.1";
    case CURL_HTTP_VERSION_2_0: return "2";
    case CURL_HTTP_VERSION_3: return "3";
    default: return "";
  }
}

// Each value libcurl reports, or its zero when libcurl cannot say (an info this
// libcurl does not know reads as not measured).
std::int64_t offset_info(CURL* easy, CURLINFO info) {
  curl_off_t value = 0;
  if (curl_easy_getinfo(easy, info, &value) != CURLE_OK) return 0;
  return static_cast<std::int64_t>(value);
}

long long_info(CURL* easy, CURLINFO info) {
  long value = 0;
  if (curl_easy_getinfo(easy, info, &value) != CURLE_OK) return 0;
  return value;
}

std::string string_info(CURL* easy, CURLINFO info) {
  char* value = nullptr;
  if (curl_easy_getinfo(easy, info, &value) != CURLE_OK || !value) return {};
  return value;
}

// Which limit ended a timed-out transfer: the connect timeout only applies
// before the connection is up, and only if it is the shorter of the two.
std::string timeout_label(const CurlTimes& times, const FetchOptions& options) {
  const bool connected = times.connect > 0 || times.appconnect > 0 || times.pretransfer > 0;
  const auto connect_limit = options.connect_timeout.count() > 0
                                 ? options.connect_timeout
                                 : std::chrono::milliseconds(300'000);  // libcurl's default
  const bool connect_first = options.max_time.count() == 0 || connect_limit < options.max_time;
  return !connected && connect_first ? "connect timeout" : "total timeout";
}

std::string error_message(CURL* easy, CURLcode code, const char* error_buffer) {
  // The error buffer holds the specific story ("Failed to connect to ... port 1");
  // the generic text is the fallback.
  std::string message = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
  // libcurl 7.88 says "Couldn't connect to server" without the reason; the OS
  // error tells refused from unreachable. Only a failed connect sets it: a reused
  // handle keeps an earlier transfer's (libcurl resets it for no transfer), so it
  // is read for that failure alone.
  if (code != CURLE_COULDNT_CONNECT) return message;
  const long os_error = long_info(easy, CURLINFO_OS_ERRNO);
  if (os_error != 0) {
    const std::string reason = std::strerror(static_cast<int>(os_error));
    if (message.find(reason) == std::string::npos) message += " (" + reason + ")";
  }
  return message;
}

// The last response's headers (not a 1xx's, not the trailers) that `capture` asks for.
void collect_headers(CURL* easy, const HeaderCapture& capture, Result& result) {
  curl_header* previous = nullptr;
  while (curl_header* header = curl_easy_nextheader(easy, CURLH_HEADER, -1, previous)) {
    previous = header;
    const std::string_view name = header->name;
    const bool wanted = capture.all || std::any_of(capture.names.begin(), capture.names.end(),
                                                   [&](const std::string& wanted_name) {
                                                     return same_header_name(name, wanted_name);
                                                   });
    std::string_view value = header->value;
    // libcurl 7.88 hands an empty value over as "\r" (the line's own end).
    if (value == "\r") value = {};
    if (wanted) result.headers.emplace_back(name, value);
  }
}

CurlTimes curl_times(CURL* easy, const Result& result) {
  CurlTimes times;
  times.namelookup = offset_info(easy, CURLINFO_NAMELOOKUP_TIME_T);
  times.connect = offset_info(easy, CURLINFO_CONNECT_TIME_T);
  times.appconnect = offset_info(easy, CURLINFO_APPCONNECT_TIME_T);
  times.pretransfer = offset_info(easy, CURLINFO_PRETRANSFER_TIME_T);
  times.starttransfer = offset_info(easy, CURLINFO_STARTTRANSFER_TIME_T);
  times.total = offset_info(easy, CURLINFO_TOTAL_TIME_T);
  times.redirect = offset_info(easy, CURLINFO_REDIRECT_TIME_T);
  times.secure = result.final_url.starts_with("https:") || result.url.starts_with("https:");
  return times;
}

// The message of a transfer that a limit stopped.
std::string too_large_message(CURLcode code, const TransferState& state,
                              const FetchOptions& options, std::string curl_message) {
  const std::string limit = " (" + std::to_string(options.max_filesize) + " bytes)";
  using Stop = TransferState::Stop;
  switch (state.stopped) {
    case Stop::body_too_large: return "the body is larger than --max-filesize" + limit;
    case Stop::too_many_header_lines:
      return "the response has more than " + std::to_string(TransferState::k_max_header_lines) +
             " header lines";
    case Stop::headers_too_large: return "the response headers are larger than 256 KiB";
    case Stop::not_resumed:
    case Stop::none: break;
  }
  if (code == CURLE_FILESIZE_EXCEEDED) {
    return "the response's Content-Length is larger than --max-filesize" + limit;
  }
  return "a response header line is longer than libcurl's limit of 100 KiB (" + curl_message + ")";
}

ErrorKind kind_of(CURLcode code, const TransferState& state, FailureContext context) {
  switch (state.stopped) {
    case TransferState::Stop::none: return classify(code, context);
    case TransferState::Stop::not_resumed: return ErrorKind::other;
    default: return ErrorKind::too_large;
  }
}

}  // namespace

void collect(CURL* easy, CURLcode code, const char* error_buffer, TransferState& state,
             const FetchOptions& options, Result& result) {
  const long status = long_info(easy, CURLINFO_RESPONSE_CODE);
  if (status > 0) {
    result.status = static_cast<int>(status);
    result.http_version = http_version_name(long_info(easy, CURLINFO_HTTP_VERSION));
    // libcurl reads both forms of Retry-After: seconds and an HTTP-date.
    const std::int64_t retry_after = offset_info(easy, CURLINFO_RETRY_AFTER);
    if (retry_after > 0) result.retry_after_s = retry_after;
  }
  result.bytes = static_cast<std::uint64_t>(offset_info(easy, CURLINFO_SIZE_DOWNLOAD_T));
  result.redirects = long_info(easy, CURLINFO_REDIRECT_COUNT);
  result.final_url = string_info(easy, CURLINFO_EFFECTIVE_URL);
  // Credentials of the URL, or of a redirect's Location, are not for the reports.
  if (!options.show_credentials && result.final_url.find('@') != std::string::npos)
    result.final_url = url::redact_credentials(result.final_url);
  result.remote_ip = string_info(easy, CURLINFO_PRIMARY_IP);
  result.remote_port = static_cast<int>(long_info(easy, CURLINFO_PRIMARY_PORT));
  result.scheme = string_info(easy, CURLINFO_SCHEME);
  result.method = string_info(easy, CURLINFO_EFFECTIVE_METHOD);
  result.redirect_url = string_info(easy, CURLINFO_REDIRECT_URL);
  if (!options.show_credentials && result.redirect_url.find('@') != std::string::npos)
    result.redirect_url = url::redact_credentials(result.redirect_url);

  const CurlTimes times = curl_times(easy, result);
  result.ms = phases_from(times);
  result.curl_us = times;
  result.curl_code = static_cast<int>(code);
  // A body that grew past --max-filesize: libcurl 7.88 only knows that the write
  // callback refused it (23); curl 8.4 and later stop such a body themselves, 63.
  if (state.stopped == TransferState::Stop::body_too_large)
    result.curl_code = CURLE_FILESIZE_EXCEEDED;
  result.content_type = string_info(easy, CURLINFO_CONTENT_TYPE);
  // What the body checks found, for a body that arrived whole.
  result.sha256.reset();
  result.match.reset();
  if (state.check) state.check->finish(result, code == CURLE_OK);
  result.etag = std::move(state.etag);
  result.last_modified = std::move(state.last_modified);
  result.headers.clear();
  if (options.keep_headers.any() && status > 0) collect_headers(easy, options.keep_headers, result);

  if (code != CURLE_OK) {
    const FailureContext context{times.pretransfer > 0, status > 0};
    std::string message = error_message(easy, code, error_buffer);
    if (code == CURLE_OPERATION_TIMEDOUT) message = timeout_label(times, options) + ": " + message;
    const ErrorKind kind = kind_of(code, state, context);
    if (kind == ErrorKind::too_large)
      message = too_large_message(code, state, options, std::move(message));
    if (state.stopped == TransferState::Stop::not_resumed)
      message = "libcurl could not resume the transfer after it paused for the disk";
    result.error = FetchError{kind, std::move(message)};
  }
}

}  // namespace cofetch::http::detail
