#pragma once
// fetch(): one URL, one coroutine. The asyncio analogue is
// `async def fetch(session, url)`; failures come back inside the Result.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cofetch/coro/task.hpp"
#include "cofetch/http/access.hpp"
#include "cofetch/http/curl_handles.hpp"
#include "cofetch/http/multi.hpp"
#include "cofetch/http/result.hpp"
#include "cofetch/http/transfer_observer.hpp"

namespace cofetch::http {

enum class HttpVersion {
  automatic,              // HTTP/2 over TLS when the server offers it (ALPN), else HTTP/1.1
  http1_1,                // HTTP/1.1 only
  http2,                  // HTTP/2: ALPN over TLS, Upgrade on plain http
  http2_prior_knowledge,  // HTTP/2 straight away, also on plain http
};

// Which response headers a Result keeps (Result::headers): none, the named ones
// (lowercase), or all of them (-w's %header{} and %{header_json}).
struct HeaderCapture {
  bool all = false;
  std::vector<std::string> names;
  bool any() const noexcept { return all || !names.empty(); }
};

struct BodyPattern;  // a compiled --match-regex (src/http/body_check.hpp)
// Throws std::invalid_argument saying why `pattern` is not an ECMAScript regex.
std::shared_ptr<const BodyPattern> compile_body_pattern(const std::string& pattern);

// What each body is checked for as it arrives, never held whole (body_check.hpp):
// its SHA-256 (--hash), a text anywhere in it (--match) or a regular expression
// within its first `window` bytes (--match-regex, --match-window).
struct BodyChecks {
  static constexpr std::size_t k_default_window = 1024 * 1024;
  bool hash = false;
  std::string match_text;
  std::shared_ptr<const BodyPattern> pattern;
  std::string pattern_text;  // as given, for messages
  std::size_t window = k_default_window;
  bool matching() const noexcept { return !match_text.empty() || pattern != nullptr; }
  bool any() const noexcept { return hash || matching(); }
};

// Settings shared by every fetch of a batch.
struct FetchOptions {
  std::chrono::milliseconds max_time{30'000};         // whole transfer; 0 = no limit
  std::chrono::milliseconds connect_timeout{10'000};  // 0 = libcurl's default (300 s)
  bool follow_redirects = false;
  long max_redirects = 10;
  std::string user_agent;
  std::vector<std::string> headers;  // "Name: value"
  std::string method;                // empty: GET, or POST when there is a body
  std::optional<std::string> body;   // sent as is
  bool compressed = false;           // ask for any encoding libcurl can decode
  bool insecure = false;             // do not verify the server's certificate
  std::string ca_file;               // trust these certificates instead of the system's
  std::vector<std::string> resolve;  // "HOST:PORT:ADDRESS", as curl's --resolve
  HttpVersion http_version = HttpVersion::automatic;
  std::uint64_t max_filesize = 0;  // --max-filesize: body bytes; 0 = no limit
  // --show-credentials: URLs in results keep their "user:password@"; by default
  // they are redacted to "***@" (http/credentials.hpp), though still sent.
  bool show_credentials = false;
  Credentials credentials;       // -u, --digest, --oauth2-bearer, --netrc...
  Cookies cookies;               // -b, -c
  Proxy proxy;                   // -x...; else the environment's
  ClientTls client_tls;          // -E, --key, --capath, --pinnedpubkey...
  Addressing addressing;         // -4, -6, --connect-to, --interface, --local-port
  std::uint64_t limit_rate = 0;  // --limit-rate: bytes per second each way; 0 = no limit
  HeaderCapture keep_headers;    // response headers for -w and --response-header
  BodyChecks body_checks;        // --hash, --match, --match-regex
};

// FetchOptions prepared once for libcurl (the header list is built one time).
class FetchContext {
 public:
  explicit FetchContext(FetchOptions options);

  const FetchOptions& options() const noexcept { return m_options; }
  curl_slist* header_list() const noexcept { return m_headers.get(); }
  curl_slist* resolve_list() const noexcept { return m_resolve.get(); }
  curl_slist* connect_to_list() const noexcept { return m_connect_to.get(); }
  // A proxy variable (http_proxy, all_proxy...) was set when the context was made;
  // if not, libcurl is told there is no proxy instead of looking on every transfer.
  bool proxy_from_environment() const noexcept { return m_proxy_from_environment; }

  // Whether this libcurl takes every option the context sets: nothing, or what it
  // refused ("libcurl refused CURLOPT_HTTP_VERSION: ..."). Checked before a run,
  // so an unsupported option stops it with that message instead of failing URLs.
  std::optional<std::string> check() const;

 private:
  FetchOptions m_options;
  SlistPtr m_headers;
  SlistPtr m_resolve;
  SlistPtr m_connect_to;
  bool m_proxy_from_environment;
};

// Not an aggregate on purpose: see the GCC 12 note in coro/task.hpp.
struct Request {
  Request(std::size_t position, std::string address, std::shared_ptr<CURLU> parsed_url = {},
          TransferObserver* watcher = nullptr)
      : index(position),
        url(std::move(address)),
        parsed(std::move(parsed_url)),
        observer(watcher) {}
  std::size_t index;
  std::string url;
  // `url` as curl_url already parsed it, if it was: handed to libcurl as is
  // (CURLOPT_CURLU) instead of being parsed again.
  std::shared_ptr<CURLU> parsed;
  TransferObserver* observer;  // told how far the transfer gets; may be null
  // --if-changed: what an earlier run's server said of this URL, sent back as
  // If-None-Match and If-Modified-Since (empty: not sent). Views into a table
  // that outlives the run.
  std::string_view if_none_match;
  std::string_view if_modified_since;
  bool conditional() const noexcept { return !if_none_match.empty() || !if_modified_since.empty(); }
};

// Receives a transfer's body as it arrives, on the loop thread inside libcurl's
// write callback: it must neither block nor resume coroutines there.
class BodyConsumer {
 public:
  virtual ~BodyConsumer() = default;
  // Before the transfer starts: `resume` un-pauses it, until transfer_ended().
  virtual void transfer_started(std::function<void()> resume) = 0;
  // Takes all of `data` (true) or none of it (false: the transfer pauses, and
  // libcurl offers the same data again once resumed).
  virtual bool consume(std::string_view data) noexcept = 0;
  // After the transfer: `resume` must not be called any more.
  virtual void transfer_ended() noexcept = 0;
};

// Runs the transfers of one batch on `multi`. It keeps the libcurl easy handles
// it used, set up with the batch's options, and gives each later transfer one of
// them: only the URL and what differs are set again. (curl_easy_init and setting
// every option cost more than a small transfer on a reused connection.)
class Fetcher {
 public:
  Fetcher(Multi& multi, const FetchContext& context);
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;
  ~Fetcher();

  // Never throws for network or HTTP trouble: those are Results with an error (an
  // easy handle libcurl would not set up too, kind other). Without a `body`
  // consumer the body is counted and dropped.
  coro::Task<Result> fetch(Request request, BodyConsumer* body = nullptr);
  // The same, written into `result`, which must come in as a Result{} does: the
  // scheduler's way, one Result per URL filled in place rather than returned
  // through each task (each frame would hold one more, and moves it).
  coro::Task<void> fetch_into(Request request, BodyConsumer* body, Result& result);

 private:
  struct Handle;
  // An idle handle, or a new one set up; null with `problem` when that failed.
  std::unique_ptr<Handle> take(std::optional<std::string>& problem);
  bool expects_idle_connection(std::string_view url);
  void connection_left_idle(std::string_view url);

  Multi& m_multi;
  const FetchContext& m_context;
  std::vector<std::unique_ptr<Handle>> m_idle;
  // Per origin (scheme://host:port as written), connections that finished a
  // transfer and so probably wait idle. libcurl 7.88 looks for a reusable
  // connection by walking every connection to the host, busy ones too: with
  // thousands open at once that walk dominates. A transfer to an origin with no
  // idle connection skips it (CURLOPT_FRESH_CONNECT); a wrong guess costs one
  // extra connection, or one ordinary search.
  // Looked up by string_view, without making a string for every request.
  struct OriginHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view origin) const noexcept {
      return std::hash<std::string_view>{}(origin);
    }
  };
  using IdleConnections = std::unordered_map<std::string, std::size_t, OriginHash, std::equal_to<>>;
  IdleConnections m_idle_connections;
  // Origins whose count falls to zero leave the map (it holds only origins with
  // idle connections, however many hosts a list names), and their nodes wait
  // here to be reused: on one busy origin the count touches zero about once per
  // transfer, which would otherwise cost a node and a string each time.
  std::vector<IdleConnections::node_type> m_spare_nodes;
};

// One fetch on a handle of its own.
coro::Task<Result> fetch(Multi& multi, const FetchContext& context, Request request,
                         BodyConsumer* body = nullptr);

}  // namespace cofetch::http
