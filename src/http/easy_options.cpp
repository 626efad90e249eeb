#include "easy_options.hpp"

#include <cstring>
#include <optional>
#include <string_view>

#include "body_check.hpp"
#include "cofetch/http/url.hpp"

namespace cofetch::http::detail {

std::optional<std::string> EasyOptions::problem() const {
  if (m_code == CURLE_OK) return std::nullopt;
  const curl_easyoption* known = curl_easy_option_by_id(m_refused);
  const std::string name = known ? std::string("CURLOPT_") + known->name : "an option";
  return "libcurl refused " + name + ": " + curl_easy_strerror(m_code);
}

namespace {

// Bodies are counted by libcurl (CURLINFO_SIZE_DOWNLOAD_T) and handed to the
// consumer if there is one, else dropped. The bytes counted against
// --max-filesize are those delivered, decoded with --compressed: what a
// consumer would have to hold.
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) noexcept {
  const std::size_t length = size * count;
  auto& state = *static_cast<TransferState*>(user);
  if (state.max_body > 0 && state.body_bytes + length > state.max_body) {
    state.stopped = TransferState::Stop::body_too_large;
    return 0;  // fewer bytes than offered: libcurl stops with CURLE_WRITE_ERROR
  }
  if (state.consumer && !state.consumer->consume(std::string_view(data, length))) {
    return CURL_WRITEFUNC_PAUSE;  // offered again once resumed: not counted yet
  }
  if (state.check) state.check->feed(std::string_view(data, length));
  state.body_bytes += length;
  return length;
}

// The value of header line `line` if its name is `name` (lowercase, with the colon).
std::optional<std::string_view> value_of(std::string_view line, std::string_view name) noexcept {
  if (line.size() < name.size()) return std::nullopt;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = line[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) != name[i]) return std::nullopt;
  }
  std::string_view value = line.substr(name.size());
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ' ||
                            value.back() == '\t'))
    value.remove_suffix(1);
  return value;
}

// ETag and Last-Modified of the response being received (the first of each).
void keep_validator(std::string_view line, TransferState& state) noexcept {
  if (line.empty()) return;
  const char first = line.front() | 0x20;
  try {
    if (first == 'e' && state.etag.empty()) {
      if (auto value = value_of(line, "etag:")) state.etag = *value;
    } else if (first == 'l' && state.last_modified.empty()) {
      if (auto value = value_of(line, "last-modified:")) state.last_modified = *value;
    }
  } catch (...) {  // out of memory: the record goes without them
  }
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) noexcept {
  const std::size_t length = size * count;
  auto& state = *static_cast<TransferState*>(user);
  // Every response of a chain (redirects, 100 Continue) starts with its status line.
  if (length >= 5 && std::memcmp(data, "HTTP/", 5) == 0) {
    state.header_lines = state.header_bytes = 0;
    state.etag.clear();
    state.last_modified.clear();
  }
  keep_validator(std::string_view(data, length), state);
  state.header_bytes += length;
  if (++state.header_lines > TransferState::k_max_header_lines) {
    state.stopped = TransferState::Stop::too_many_header_lines;
    return 0;
  }
  if (state.header_bytes > TransferState::k_max_header_bytes) {
    state.stopped = TransferState::Stop::headers_too_large;
    return 0;
  }
  return length;
}

// After a connection's socket is made and before it connects: the name resolved.
int on_socket_made(void* user, curl_socket_t, curlsocktype purpose) noexcept {
  auto& state = *static_cast<TransferState*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && state.observer) state.observer->resolved();
  return CURL_SOCKOPT_OK;
}

// Once a connection stands (new or reused) and before the request goes out.
int on_connected(void* user, char*, char*, int, int) noexcept {
  auto& state = *static_cast<TransferState*>(user);
  if (state.observer) state.observer->connected();
  return CURL_PREREQFUNC_OK;
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

void configure_request(EasyOptions& set, const FetchContext& context) {
  const FetchOptions& options = context.options();
  if (!options.user_agent.empty()) {
    set.option(CURLOPT_USERAGENT, options.user_agent.c_str());
  }
  if (context.header_list()) set.option(CURLOPT_HTTPHEADER, context.header_list());
  if (options.body) {
    // The body lives in the batch's FetchOptions, so libcurl may point at it without a copy.
    set.option(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(options.body->size()));
    set.option(CURLOPT_POSTFIELDS, options.body->data());
  }
  if (options.method == "HEAD") {
    set.option(CURLOPT_NOBODY, 1L);  // a custom HEAD would wait for a body
  } else if (!options.method.empty()) {
    set.option(CURLOPT_CUSTOMREQUEST, options.method.c_str());
  }
  if (options.compressed) set.option(CURLOPT_ACCEPT_ENCODING, "");  // all it decodes
}

void configure_connection(EasyOptions& set, const FetchContext& context) {
  const FetchOptions& options = context.options();
  set.option(CURLOPT_TIMEOUT_MS, static_cast<long>(options.max_time.count()));
  set.option(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  set.option(CURLOPT_FOLLOWLOCATION, options.follow_redirects ? 1L : 0L);
  set.option(CURLOPT_MAXREDIRS, options.max_redirects);
  if (context.resolve_list()) set.option(CURLOPT_RESOLVE, context.resolve_list());
  if (options.insecure) {
    set.option(CURLOPT_SSL_VERIFYPEER, 0L);
    set.option(CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!options.ca_file.empty()) set.option(CURLOPT_CAINFO, options.ca_file.c_str());
  set.option(CURLOPT_HTTP_VERSION, curl_http_version(options.http_version));
}

}  // namespace

std::optional<std::string> configure_handle(CURL* easy, const FetchContext& context,
                                            char* error_buffer, TransferState* state) {
  EasyOptions set(easy);
  set.option(CURLOPT_ERRORBUFFER, error_buffer);
  set.option(CURLOPT_WRITEDATA, static_cast<void*>(state));
  set.option(CURLOPT_HEADERDATA, static_cast<void*>(state));
  set.option(CURLOPT_HEADERFUNCTION, static_cast<curl_write_callback>(&on_header));
  if (context.options().max_filesize > 0) {
    // Refuses a response whose Content-Length is already too large, before its body.
    set.option(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(context.options().max_filesize));
  }
  // Never fetch anything but http(s), also after a redirect.
  set.option(CURLOPT_PROTOCOLS_STR, "http,https");
  set.option(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  // Signals would interrupt the loop; timeouts are the multi driver's timer.
  set.option(CURLOPT_NOSIGNAL, 1L);
  set.option(CURLOPT_WRITEFUNCTION, static_cast<curl_write_callback>(&on_body));
  set.option(CURLOPT_SOCKOPTDATA, static_cast<void*>(state));
  set.option(CURLOPT_SOCKOPTFUNCTION, static_cast<curl_sockopt_callback>(&on_socket_made));
  set.option(CURLOPT_PREREQDATA, static_cast<void*>(state));
  set.option(CURLOPT_PREREQFUNCTION, static_cast<curl_prereq_callback>(&on_connected));
  configure_request(set, context);
  configure_connection(set, context);
  configure_access(set, context);
  return set.problem();
}

std::optional<std::string> configure_transfer(CURL* easy, const Request& request, bool multiplexing,
                                              bool fresh) {
  EasyOptions set(easy);
  if (request.parsed) {
    // libcurl before 8.12 (curl/curl#15984) takes a reused handle's effective URL
    // (CURLINFO_EFFECTIVE_URL) from CURLOPT_URL while that still holds the previous
    // transfer's URL, though it fetches the new CURLOPT_CURLU. So CURLOPT_URL is
    // always set: to the text itself when libcurl would write it the same way, else
    // cleared, and libcurl builds the text from the CURLU handle (about 8k
    // instructions, a tenth of a plain transfer).
    set.option(CURLOPT_URL, in_libcurl_form(request.url) ? request.url.c_str() : nullptr);
    set.option(CURLOPT_CURLU, request.parsed.get());
  } else {
    // CURLOPT_CURLU, when set, is used instead of CURLOPT_URL: a reused handle must
    // not keep the previous transfer's.
    set.option(CURLOPT_CURLU, static_cast<CURLU*>(nullptr));
    set.option(CURLOPT_URL, request.url.c_str());
  }
  set.option(CURLOPT_PIPEWAIT, multiplexing ? 1L : 0L);
  set.option(CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);
  return set.problem();
}

bool may_multiplex(const std::string& url, HttpVersion version) {
  if (version == HttpVersion::http1_1) return false;
  if (version == HttpVersion::http2_prior_knowledge) return true;
  return url.size() > 6 && (url[4] == 's' || url[4] == 'S') && url[5] == ':';  // https:
}

}  // namespace cofetch::http::detail
