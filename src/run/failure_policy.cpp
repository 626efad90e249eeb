#include "run/failure_policy.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace cofetch::run {

namespace {

constexpr int k_curl_http_returned_error = 22;

constexpr http::ErrorKind k_transport_kinds[] = {
    http::ErrorKind::invalid_url,  http::ErrorKind::dns,   http::ErrorKind::connect,
    http::ErrorKind::timeout,      http::ErrorKind::tls,   http::ErrorKind::too_many_redirects,
    http::ErrorKind::protocol,     http::ErrorKind::recv,  http::ErrorKind::too_large,
    http::ErrorKind::host_skipped, http::ErrorKind::other,
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

FailurePolicy FailurePolicy::errors_only() {
  FailurePolicy policy;
  for (auto kind : k_transport_kinds) policy.m_kinds.set(static_cast<std::size_t>(kind));
  return policy;
}

FailurePolicy FailurePolicy::errors_and_http_errors() {
  FailurePolicy policy = errors_only();
  for (std::size_t status = 400; status < 1000; ++status) policy.m_statuses.set(status);
  return policy;
}

FailurePolicy FailurePolicy::parse(std::string_view list) {
  FailurePolicy policy;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view item = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (item.empty()) continue;

    if (item == "nomatch") {
      policy.m_nomatch = true;
      continue;
    }
    if (item == "error") {
      for (auto kind : k_transport_kinds) policy.m_kinds.set(static_cast<std::size_t>(kind));
      continue;
    }
    bool known_kind = false;
    for (auto kind : k_transport_kinds) {
      if (item == http::to_string(kind)) {
        policy.m_kinds.set(static_cast<std::size_t>(kind));
        known_kind = true;
      }
    }
    if (known_kind) continue;

    if (item.size() == 3 && item[0] >= '1' && item[0] <= '9' &&
        (item.substr(1) == "xx" || item.substr(1) == "XX")) {
      const std::size_t first = static_cast<std::size_t>(item[0] - '0') * 100;
      for (std::size_t status = first; status < first + 100; ++status)
        policy.m_statuses.set(status);
      continue;
    }
    unsigned status = 0;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), status);
    if (error == std::errc{} && end == item.data() + item.size() && status >= 100 &&
        status <= 999) {
      policy.m_statuses.set(status);
      continue;
    }
    throw std::invalid_argument(
        "--fail-on: unknown item \"" + std::string(item) +
        "\" (use status classes like 5xx, statuses like 429, error kinds like "
        "timeout or dns, error for every kind, or nomatch)");
  }
  return policy;
}

bool FailurePolicy::fails_status(const http::Result& result) const noexcept {
  if (result.error || !result.status) return false;
  const int status = *result.status;
  return status >= 0 && status < 1000 && m_statuses.test(static_cast<std::size_t>(status));
}

bool FailurePolicy::fails_match(const http::Result& result) const noexcept {
  return m_nomatch && !result.error && result.match == false;
}

void FailurePolicy::apply(http::Result& result) const {
  if (fails_match(result)) {
    result.error =
        http::FetchError{http::ErrorKind::nomatch, "the body does not match (--fail-on nomatch)"};
    return;
  }
  if (fails_status(result)) {
    const int status = *result.status;
    // curl --fail's message and exit code (CURLE_HTTP_RETURNED_ERROR), whatever the status.
    result.error = http::FetchError{http::ErrorKind::http,
                                    "The requested URL returned error: " + std::to_string(status)};
    result.curl_code = k_curl_http_returned_error;
  }
}

bool FailurePolicy::fails(const http::Result& result) const {
  if (!result.error) return false;
  if (result.error->kind == http::ErrorKind::http || result.error->kind == http::ErrorKind::nomatch)
    return true;  // only apply() makes these
  return m_kinds.test(static_cast<std::size_t>(result.error->kind));
}

}  // namespace cofetch::run
