#include "cofetch/http/fetch.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

#include "cofetch/http/error_kind.hpp"
#include "cofetch/http/phases.hpp"
#include "cofetch/url/credentials.hpp"
#include "cofetch/url/parts.hpp"

namespace cofetch::http {

// What a transfer's callbacks share: where the body goes and how much of what the
// server may send has arrived. One per easy handle, at a stable address
// (CURLOPT_WRITEDATA and CURLOPT_HEADERDATA), reset for every transfer.
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

namespace {

// Bodies are counted by libcurl (CURLINFO_SIZE_DOWNLOAD_T) and handed to the
// consumer if there is one, else dropped. The bytes counted against
// --max-filesize are those delivered, decoded with --compressed: what a
// consumer would have to hold.
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) noexcept {
  const std::size_t length = size * count;
  auto& state = *static_cast<TransferState*>(user);
  if (state.max_body > 0 && state.body_bytes + length > state.max_body) {
    state.exceeded = TransferState::k_body_too_large;
    return 0;  // fewer bytes than offered: libcurl stops with CURLE_WRITE_ERROR
  }
  if (state.consumer && !state.consumer->consume(std::string_view(data, length))) {
    return CURL_WRITEFUNC_PAUSE;  // offered again once resumed: not counted yet
  }
  state.body_bytes += length;
  return length;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) noexcept {
  const std::size_t length = size * count;
  auto& state = *static_cast<TransferState*>(user);
  // Every response of a chain (redirects, 100 Continue) starts with its status line.
  if (length >= 5 && std::memcmp(data, "HTTP/", 5) == 0)
    state.header_lines = state.header_bytes = 0;
  state.header_bytes += length;
  if (++state.header_lines > TransferState::k_max_header_lines) {
    state.exceeded = "the response has more than 1000 header lines";
    return 0;
  }
  if (state.header_bytes > TransferState::k_max_header_bytes) {
    state.exceeded = "the response headers are larger than 256 KiB";
    return 0;
  }
  return length;
}

long curl_http_version(HttpVersion version) {
  switch (version) {
    case HttpVersion::http1_1: return CURL_HTTP_VERSION_1_1;
    case HttpVersion::http2: return CURL_HTTP_VERSION_2_0;
    case HttpVersion::http2_prior_knowledge: return CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
    case HttpVersion::automatic: break;
  }
  return CURL_HTTP_VERSION_2TLS;
}

void configure_request(CURL* easy, const FetchContext& context) {
  const FetchOptions& options = context.options();
  if (!options.user_agent.empty()) {
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  }
  if (context.header_list()) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, context.header_list());
  if (options.body) {
    // The body lives in the batch's FetchOptions, so libcurl may point at it without a copy.
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(options.body->size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, options.body->data());
  }
  if (options.method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);  // a custom HEAD would wait for a body
  } else if (!options.method.empty()) {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, options.method.c_str());
  }
  if (options.compressed) curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // all it decodes
}

// Whether transfers should wait for a host's first connection rather than open
// their own (CURLOPT_PIPEWAIT): only where that connection may turn out to
// multiplex. Over TLS, ALPN settles it right after the handshake. Over plain http
// without prior knowledge libcurl learns it only from the first response, so
// waiting would run every HTTP/1.1 transfer to a host one after another.
bool may_multiplex(const std::string& url, HttpVersion version) {
  if (version == HttpVersion::http1_1) return false;
  if (version == HttpVersion::http2_prior_knowledge) return true;
  return url.size() > 6 && (url[4] == 's' || url[4] == 'S') && url[5] == ':';  // https:
}

void configure_connection(CURL* easy, const FetchContext& context) {
  const FetchOptions& options = context.options();
  if (!context.proxy_from_environment()) {
    // Nothing to find: spares libcurl its getenv calls on every transfer.
    curl_easy_setopt(easy, CURLOPT_PROXY, "");
    curl_easy_setopt(easy, CURLOPT_NOPROXY, "");
  }
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options.max_time.count()));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, options.follow_redirects ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, options.max_redirects);
  if (context.resolve_list()) curl_easy_setopt(easy, CURLOPT_RESOLVE, context.resolve_list());
  if (options.insecure) {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!options.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, curl_http_version(options.http_version));
}

// What every transfer of the batch shares, set once per easy handle.
void configure_handle(CURL* easy, const FetchContext& context, char* error_buffer,
                      TransferState* state) {
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, static_cast<void*>(state));
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, static_cast<void*>(state));
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, static_cast<curl_write_callback>(&on_header));
  if (context.options().max_filesize > 0) {
    // Refuses a response whose Content-Length is already too large, before its body.
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(context.options().max_filesize));
  }
  // Never fetch anything but http(s), also after a redirect.
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  // Signals would interrupt the loop; timeouts are the multi driver's timer.
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, static_cast<curl_write_callback>(&on_body));
  configure_request(easy, context);
  configure_connection(easy, context);
}

// What differs from one transfer to the next on a reused handle.
void configure_transfer(CURL* easy, const Request& request, bool multiplexing, bool fresh) {
  if (request.parsed) {
    // libcurl before 8.12 (curl/curl#15984) takes a reused handle's effective URL
    // (CURLINFO_EFFECTIVE_URL) from CURLOPT_URL while that still holds the previous
    // transfer's URL, though it fetches the new CURLOPT_CURLU. With CURLOPT_URL
    // cleared it copies the URL from the CURLU handle when the transfer starts.
    curl_easy_setopt(easy, CURLOPT_URL, nullptr);
    curl_easy_setopt(easy, CURLOPT_CURLU, request.parsed.get());
  } else {
    // CURLOPT_CURLU, when set, is used instead of CURLOPT_URL: a reused handle must
    // not keep the previous transfer's.
    curl_easy_setopt(easy, CURLOPT_CURLU, nullptr);
    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_PIPEWAIT, multiplexing ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);
}

std::string http_version_name(long version) {
  switch (version) {
    case CURL_HTTP_VERSION_1_0: return "1.0";
    case CURL_HTTP_VERSION_1_1: return "1.1";
    case CURL_HTTP_VERSION_2_0: return "2";
    case CURL_HTTP_VERSION_3: return "3";
    default: return "";
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
  long os_error = 0;
  curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_error);
  if (os_error != 0) {
    const std::string reason = std::strerror(static_cast<int>(os_error));
    if (message.find(reason) == std::string::npos) message += " (" + reason + ")";
  }
  return message;
}

CurlTimes curl_times(CURL* easy, const Result& result) {
  CurlTimes times;
  times.namelookup = time_info(easy, CURLINFO_NAMELOOKUP_TIME_T);
  times.connect = time_info(easy, CURLINFO_CONNECT_TIME_T);
  times.appconnect = time_info(easy, CURLINFO_APPCONNECT_TIME_T);
  times.pretransfer = time_info(easy, CURLINFO_PRETRANSFER_TIME_T);
  times.starttransfer = time_info(easy, CURLINFO_STARTTRANSFER_TIME_T);
  times.total = time_info(easy, CURLINFO_TOTAL_TIME_T);
  times.redirect = time_info(easy, CURLINFO_REDIRECT_TIME_T);
  times.secure = result.final_url.starts_with("https:") || result.url.starts_with("https:");
  return times;
}

// The message of a transfer that a limit stopped.
std::string too_large_message(CURLcode code, const TransferState& state,
                              const FetchOptions& options, std::string curl_message) {
  const std::string limit = " (" + std::to_string(options.max_filesize) + " bytes)";
  if (state.exceeded == TransferState::k_body_too_large) return state.exceeded + limit;
  if (state.exceeded) return state.exceeded;
  if (code == CURLE_FILESIZE_EXCEEDED) {
    return "the response's Content-Length is larger than --max-filesize" + limit;
  }
  return "a response header line is longer than libcurl's limit of 100 KiB (" + curl_message + ")";
}

void collect(CURL* easy, CURLcode code, const char* error_buffer, const TransferState& state,
             const FetchOptions& options, Result& result) {
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  if (status > 0) {
    result.status = static_cast<int>(status);
    long version = 0;
    curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
    result.http_version = http_version_name(version);
    // libcurl reads both forms of Retry-After: seconds and an HTTP-date.
    curl_off_t retry_after = 0;
    curl_easy_getinfo(easy, CURLINFO_RETRY_AFTER, &retry_after);
    if (retry_after > 0) result.retry_after_s = static_cast<std::int64_t>(retry_after);
  }
  curl_off_t bytes = 0;
  curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &bytes);
  result.bytes = static_cast<std::uint64_t>(bytes);
  curl_easy_getinfo(easy, CURLINFO_REDIRECT_COUNT, &result.redirects);
  result.final_url = string_info(easy, CURLINFO_EFFECTIVE_URL);
  // Credentials of the URL, or of a redirect's Location, are not for the reports.
  if (!options.show_credentials && result.final_url.find('@') != std::string::npos)
    result.final_url = url::redact_credentials(result.final_url);
  result.remote_ip = string_info(easy, CURLINFO_PRIMARY_IP);
  long port = 0;
  curl_easy_getinfo(easy, CURLINFO_PRIMARY_PORT, &port);
  result.remote_port = static_cast<int>(port);
  result.scheme = string_info(easy, CURLINFO_SCHEME);
  result.method = string_info(easy, CURLINFO_EFFECTIVE_METHOD);
  result.redirect_url = string_info(easy, CURLINFO_REDIRECT_URL);
  if (!options.show_credentials && result.redirect_url.find('@') != std::string::npos)
    result.redirect_url = url::redact_credentials(result.redirect_url);

  const CurlTimes times = curl_times(easy, result);
  result.ms = phases_from(times);
  result.curl_us = times;
  result.curl_code = static_cast<int>(code);
  result.content_type = string_info(easy, CURLINFO_CONTENT_TYPE);

  if (code != CURLE_OK) {
    const FailureContext context{times.pretransfer > 0, status > 0};
    std::string message = error_message(easy, code, error_buffer);
    if (code == CURLE_OPERATION_TIMEDOUT) message = timeout_label(times, options) + ": " + message;
    const ErrorKind kind = state.exceeded ? ErrorKind::too_large : classify(code, context);
    if (kind == ErrorKind::too_large)
      message = too_large_message(code, state, options, std::move(message));
    result.error = FetchError{kind, std::move(message)};
  }
}

}  // namespace

namespace {

// The variables libcurl reads to choose a proxy (lib/url.c, detect_proxy).
bool proxy_in_environment() {
  for (const char* name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* value = std::getenv(name);
    if (value && *value) return true;
  }
  return false;
}

}  // namespace

FetchContext::FetchContext(FetchOptions options)
    : m_options(std::move(options)),
      m_headers(make_slist(m_options.headers)),
      m_resolve(make_slist(m_options.resolve)),
      m_proxy_from_environment(proxy_in_environment()) {}

// Tells the consumer when its transfer ends, however the frame ends.
class ConsumerSession {
 public:
  ConsumerSession(BodyConsumer* consumer, CURL* easy, TransferState& state) : m_consumer(consumer) {
    if (!m_consumer) return;
    state.consumer = m_consumer;
    // Called from a libuv callback, never from inside libcurl.
    m_consumer->transfer_started([easy] { curl_easy_pause(easy, CURLPAUSE_CONT); });
  }
  ConsumerSession(const ConsumerSession&) = delete;
  ConsumerSession& operator=(const ConsumerSession&) = delete;
  ~ConsumerSession() {
    if (m_consumer) m_consumer->transfer_ended();
  }

 private:
  BodyConsumer* m_consumer;
};

// An easy handle with the batch's options and the error buffer it writes to.
struct Fetcher::Handle {
  EasyPtr easy;
  char error[CURL_ERROR_SIZE] = {};
  TransferState state;
};

Fetcher::Fetcher(Multi& multi, const FetchContext& context) : m_multi(multi), m_context(context) {}
Fetcher::~Fetcher() = default;

std::unique_ptr<Fetcher::Handle> Fetcher::take() {
  if (!m_idle.empty()) {
    std::unique_ptr<Handle> handle = std::move(m_idle.back());
    m_idle.pop_back();
    return handle;
  }
  auto handle = std::make_unique<Handle>();
  handle->easy.reset(curl_easy_init());
  if (!handle->easy) throw std::bad_alloc();
  configure_handle(handle->easy.get(), m_context, handle->error, &handle->state);
  m_multi.adopt(handle->easy.get());
  return handle;
}

coro::Task<Result> Fetcher::fetch(Request request, BodyConsumer* body) {
  // A frame destroyed mid-transfer destroys its handle rather than reusing it.
  std::unique_ptr<Handle> handle = take();
  CURL* easy = handle->easy.get();
  const bool multiplexing = may_multiplex(request.url, m_context.options().http_version);
  // Forcing a fresh connection where one may multiplex would defeat HTTP/2.
  configure_transfer(easy, request, multiplexing,
                     !multiplexing && !expects_idle_connection(request.url));

  Result result;
  result.index = request.index;
  result.url = std::move(request.url);  // libcurl keeps its own copy (or the parsed handle)
  result.attempts = 1;
  handle->error[0] = '\0';
  handle->state.reset(m_context.options().max_filesize);
  const ConsumerSession session(body, easy, handle->state);

  result.started_at = std::chrono::system_clock::now();
  result.transfer_start = std::chrono::steady_clock::now();
  const CURLcode code = co_await m_multi.perform(easy);
  collect(easy, code, handle->error, handle->state, m_context.options(), result);
  if (!multiplexing && result.ok()) connection_left_idle(result.url);
  m_idle.push_back(std::move(handle));
  co_return result;
}

bool Fetcher::expects_idle_connection(std::string_view url) {
  const auto found = m_idle_connections.find(std::string(url::written_origin(url)));
  if (found == m_idle_connections.end()) return false;
  if (--found->second == 0) m_idle_connections.erase(found);  // only origins with some are kept
  return true;
}

void Fetcher::connection_left_idle(std::string_view url) {
  ++m_idle_connections[std::string(url::written_origin(url))];
}

coro::Task<Result> fetch(Multi& multi, const FetchContext& context, Request request,
                         BodyConsumer* body) {
  Fetcher fetcher(multi, context);
  co_return co_await fetcher.fetch(std::move(request), body);
}

}  // namespace cofetch::http
