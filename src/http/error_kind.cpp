#include "cofetch/http/error_kind.hpp"

namespace cofetch::http {

std::string_view to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::invalid_url: return "invalid_url";
    case ErrorKind::dns: return "dns";
    case ErrorKind::connect: return "connect";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::tls: return "tls";
    case ErrorKind::too_many_redirects: return "too_many_redirects";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::recv: return "recv";
    case ErrorKind::too_large: return "too_large";
    case ErrorKind::http: return "http";
    case ErrorKind::cancelled: return "cancelled";
    case ErrorKind::host_skipped: return "host_skipped";
    case ErrorKind::nomatch: return "nomatch";
    case ErrorKind::other: return "other";
  }
  return "other";
}

std::optional<ErrorKind> error_kind_named(std::string_view name) noexcept {
  for (int i = 0; i <= static_cast<int>(ErrorKind::other); ++i) {
    const auto kind = static_cast<ErrorKind>(i);
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

ErrorKind classify(CURLcode code, FailureContext context) noexcept {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
      // Also libcurl's answer to a reply that is not HTTP at all ("Received HTTP/0.9
      // when not allowed", "Unsupported response code"): then a request went out and
      // no status line made sense. A redirect to another scheme has a status.
      if (context.request_sent && !context.got_status) return ErrorKind::protocol;
      return ErrorKind::invalid_url;
    case CURLE_URL_MALFORMAT: return ErrorKind::invalid_url;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return ErrorKind::dns;
    case CURLE_COULDNT_CONNECT: return ErrorKind::connect;
    case CURLE_OPERATION_TIMEDOUT: return ErrorKind::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED: return ErrorKind::tls;
    case CURLE_TOO_MANY_REDIRECTS: return ErrorKind::too_many_redirects;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_RANGE_ERROR: return ErrorKind::protocol;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING: return ErrorKind::recv;
    case CURLE_FILESIZE_EXCEEDED: return ErrorKind::too_large;
    case CURLE_OUT_OF_MEMORY:
      // libcurl's answer to a response header line longer than its 100 KiB limit.
      return context.request_sent ? ErrorKind::too_large : ErrorKind::other;
    default: return ErrorKind::other;
  }
}

}  // namespace cofetch::http
