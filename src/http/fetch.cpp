#include "cofetch/http/fetch.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

#include "body_check.hpp"
#include "cofetch/url/parts.hpp"
#include "easy_options.hpp"
#include "transfer_info.hpp"
#include "transfer_state.hpp"

namespace cofetch::http {

using detail::TransferState;

namespace {

bool proxy_in_environment() {
  for (const char* name : k_proxy_variables) {
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
      m_connect_to(make_slist(m_options.addressing.connect_to)),
      m_proxy_from_environment(proxy_in_environment()) {}

std::optional<std::string> FetchContext::check() const {
  EasyPtr probe(curl_easy_init());
  if (!probe) return "libcurl could not make an easy handle (curl_easy_init)";
  char error[CURL_ERROR_SIZE] = {};
  TransferState state;
  return detail::configure_handle(probe.get(), *this, error, &state);
}

// Tells the consumer when its transfer ends, however the frame ends.
class ConsumerSession {
 public:
  ConsumerSession(BodyConsumer* consumer, CURL* easy, TransferState& state) : m_consumer(consumer) {
    if (!m_consumer) return;
    state.consumer = m_consumer;
    // Called from a libuv callback, never from inside libcurl. Should libcurl
    // refuse, the transfer stays paused until its timeout, which then says why.
    m_consumer->transfer_started([easy, &state] {
      if (curl_easy_pause(easy, CURLPAUSE_CONT) != CURLE_OK)
        state.stopped = TransferState::Stop::not_resumed;
    });
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
  std::unique_ptr<BodyCheck> check;  // made on first use, with --hash or --match
  SlistPtr conditional_headers;      // the batch's headers and a request's validators
};

namespace {

// The batch's headers with a conditional request's own.
SlistPtr conditional_headers(const FetchContext& context, const Request& request) {
  SlistPtr list;
  const auto append = [&](const std::string& line) {
    curl_slist* longer = curl_slist_append(list.get(), line.c_str());
    if (!longer) throw std::bad_alloc();
    (void)list.release();
    list.reset(longer);
  };
  for (const curl_slist* line = context.header_list(); line; line = line->next) append(line->data);
  if (!request.if_none_match.empty())
    append("If-None-Match: " + std::string(request.if_none_match));
  if (!request.if_modified_since.empty())
    append("If-Modified-Since: " + std::string(request.if_modified_since));
  return list;
}

// The handle's headers for this request: the batch's, or with its validators.
void set_request_headers(CURL* easy, const FetchContext& context, const Request& request,
                         SlistPtr& kept) {
  if (request.conditional()) {
    kept = conditional_headers(context, request);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, kept.get());
  } else if (kept) {
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, context.header_list());
    kept.reset();
  }
}

}  // namespace

Fetcher::Fetcher(Multi& multi, const FetchContext& context) : m_multi(multi), m_context(context) {}
Fetcher::~Fetcher() = default;

std::unique_ptr<Fetcher::Handle> Fetcher::take(std::optional<std::string>& problem) {
  if (!m_idle.empty()) {
    std::unique_ptr<Handle> handle = std::move(m_idle.back());
    m_idle.pop_back();
    return handle;
  }
  auto handle = std::make_unique<Handle>();
  handle->easy.reset(curl_easy_init());
  if (!handle->easy) {
    problem = "libcurl could not make an easy handle (curl_easy_init)";
    return nullptr;
  }
  problem = detail::configure_handle(handle->easy.get(), m_context, handle->error, &handle->state);
  if (!problem) problem = m_multi.adopt(handle->easy.get());
  if (problem) return nullptr;
  return handle;
}

coro::Task<Result> Fetcher::fetch(Request request, BodyConsumer* body) {
  Result result;
  co_await fetch_into(std::move(request), body, result);
  co_return result;
}

coro::Task<void> Fetcher::fetch_into(Request request, BodyConsumer* body, Result& result) {
  result.index = request.index;
  result.attempts = 1;
  // A frame destroyed mid-transfer destroys its handle rather than reusing it.
  std::optional<std::string> problem;
  std::unique_ptr<Handle> handle = take(problem);
  const bool multiplexing = detail::may_multiplex(request.url, m_context.options().http_version);
  if (handle) {
    // Forcing a fresh connection where one may multiplex would defeat HTTP/2.
    problem = detail::configure_transfer(handle->easy.get(), request, multiplexing,
                                         !multiplexing && !expects_idle_connection(request.url));
  }
  result.url = std::move(request.url);  // libcurl keeps its own copy (or the parsed handle)
  if (problem) {
    // The handle is left half set up: it goes, and this URL fails with the reason.
    result.curl_code = CURLE_FAILED_INIT;
    result.error = FetchError{ErrorKind::other, std::move(*problem)};
    co_return;
  }
  CURL* easy = handle->easy.get();
  handle->error[0] = '\0';
  set_request_headers(easy, m_context, request, handle->conditional_headers);
  handle->state.reset(m_context.options().max_filesize, request.observer);
  if (const BodyChecks& checks = m_context.options().body_checks; checks.any()) {
    if (!handle->check) handle->check = std::make_unique<BodyCheck>();
    handle->check->start(checks);
    handle->state.check = handle->check.get();
  }
  const ConsumerSession session(body, easy, handle->state);

  result.started_at = std::chrono::system_clock::now();
  result.transfer_start = std::chrono::steady_clock::now();
  const CURLcode code = co_await m_multi.perform(easy, request.observer);
  detail::collect(easy, code, handle->error, handle->state, m_context.options(), result);
  result.unchanged = request.conditional() && !result.error && result.status == 304;
  if (result.unchanged) {
    // The next run needs the validators again, if the 304 did not repeat them.
    if (result.etag.empty()) result.etag = request.if_none_match;
    if (result.last_modified.empty()) result.last_modified = request.if_modified_since;
  }
  if (!multiplexing && result.ok()) connection_left_idle(result.url);
  // A handle that negotiated Digest (--digest, --anyauth) keeps the server's nonce
  // and would answer the next transfer's host with it, unasked: a host with a
  // nonce of its own answers 401 and libcurl gives up. Each such transfer gets a
  // handle of its own, as each URL of curl does (its connection stays in the pool).
  if (m_context.options().credentials.scheme == Credentials::Scheme::basic)
    m_idle.push_back(std::move(handle));
}

bool Fetcher::expects_idle_connection(std::string_view url) {
  const auto found = m_idle_connections.find(url::written_origin(url));
  if (found == m_idle_connections.end()) return false;
  if (--found->second == 0) {  // only origins with some are kept
    constexpr std::size_t k_spare_nodes = 64;
    if (m_spare_nodes.size() < k_spare_nodes)
      m_spare_nodes.push_back(m_idle_connections.extract(found));
    else
      m_idle_connections.erase(found);
  }
  return true;
}

void Fetcher::connection_left_idle(std::string_view url) {
  const std::string_view origin = url::written_origin(url);
  if (const auto found = m_idle_connections.find(origin); found != m_idle_connections.end())
    ++found->second;
  else if (m_spare_nodes.empty())
    m_idle_connections.emplace(origin, 1);
  else {
    IdleConnections::node_type node = std::move(m_spare_nodes.back());
    m_spare_nodes.pop_back();
    node.key().assign(origin);  // within the string's capacity: no allocation
    node.mapped() = 1;
    m_idle_connections.insert(std::move(node));
  }
}

coro::Task<Result> fetch(Multi& multi, const FetchContext& context, Request request,
                         BodyConsumer* body) {
  Fetcher fetcher(multi, context);
  co_return co_await fetcher.fetch(std::move(request), body);
}

}  // namespace cofetch::http
