#include "http/fetch.hpp"

#include <cstring>
#include <new>

#include "http/error_kind.hpp"
#include "http/phases.hpp"

namespace cofetch::http {

namespace {

// Bodies are counted by libcurl (CURLINFO_SIZE_DOWNLOAD_T) and otherwise dropped.
std::size_t discard_body(char*, std::size_t size, std::size_t count, void*) noexcept {
  return size * count;
}

void configure(CURL* easy, const FetchContext& context, const std::string& url,
               char* error_buffer) {
  const FetchOptions& options = context.options();
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
  // Never fetch anything but http(s), also after a redirect.
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  // Signals would interrupt the loop; timeouts are the multi driver's timer.
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, static_cast<curl_write_callback>(&discard_body));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options.max_time.count()));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, options.follow_redirects ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, options.max_redirects);
  if (!options.user_agent.empty())
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  if (context.header_list()) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, context.header_list());
}

std::string http_version_name(long version) {
  switch (version) {
    case CURL_HTTP_VERSION_1_0:
      return "1.0";
    case CURL_HTTP_VERSION_1_1:
      return "1.1";
    case CURL_HTTP_VERSION_2_0:
      return "2";
    case CURL_HTTP_VERSION_3:
      return "3";
    default:
      return "";
  }
}

std::int64_t time_info(CURL* easy, CURLINFO info) {
  curl_off_t value = 0;
  curl_easy_getinfo(easy, info, &value);
  return static_cast<std::int64_t>(value);
}

std::string string_info(CURL* easy, CURLINFO info) {
  char* value = nullptr;
  curl_easy_getinfo(easy, info, &value);
  return value ? std::string(value) : std::string();
}

void collect(CURL* easy, CURLcode code, const char* error_buffer, Result& result) {
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  if (status > 0) {
    result.status = static_cast<int>(status);
    long version = 0;
    curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
    result.http_version = http_version_name(version);
  }
  curl_off_t bytes = 0;
  curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &bytes);
  result.bytes = static_cast<std::uint64_t>(bytes);
  curl_easy_getinfo(easy, CURLINFO_REDIRECT_COUNT, &result.redirects);
  result.final_url = string_info(easy, CURLINFO_EFFECTIVE_URL);
  result.remote_ip = string_info(easy, CURLINFO_PRIMARY_IP);

  CurlTimes times;
  times.namelookup = time_info(easy, CURLINFO_NAMELOOKUP_TIME_T);
  times.connect = time_info(easy, CURLINFO_CONNECT_TIME_T);
  times.appconnect = time_info(easy, CURLINFO_APPCONNECT_TIME_T);
  times.pretransfer = time_info(easy, CURLINFO_PRETRANSFER_TIME_T);
  times.starttransfer = time_info(easy, CURLINFO_STARTTRANSFER_TIME_T);
  times.total = time_info(easy, CURLINFO_TOTAL_TIME_T);
  times.redirect = time_info(easy, CURLINFO_REDIRECT_TIME_T);
  times.secure = result.final_url.starts_with("https:") || result.url.starts_with("https:");
  result.ms = phases_from(times);

  if (code != CURLE_OK) {
    // The error buffer holds the specific story ("Failed to connect to ... port 1:
    // Connection refused"); the generic text is the fallback.
    std::string message = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
    // libcurl 7.88 says "Couldn't connect to server" without the reason; the OS
    // error tells refused from unreachable.
    long os_error = 0;
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_error);
    if (os_error != 0) {
      const std::string reason = std::strerror(static_cast<int>(os_error));
      if (message.find(reason) == std::string::npos) message += " (" + reason + ")";
    }
    result.error = FetchError{classify(code), std::move(message)};
  }
}

}  // namespace

FetchContext::FetchContext(FetchOptions options)
    : m_options(std::move(options)), m_headers(make_slist(m_options.headers)) {}

coro::Task<Result> fetch(Multi& multi, const FetchContext& context, Request request) {
  Result result;
  result.index = request.index;
  result.url = std::move(request.url);
  result.attempts = 1;

  EasyPtr easy(curl_easy_init());
  if (!easy) throw std::bad_alloc();
  char error_buffer[CURL_ERROR_SIZE] = {};
  configure(easy.get(), context, result.url, error_buffer);

  result.started_at = std::chrono::system_clock::now();
  const CURLcode code = co_await multi.perform(easy.get());
  collect(easy.get(), code, error_buffer, result);
  co_return result;
}

}  // namespace cofetch::http
