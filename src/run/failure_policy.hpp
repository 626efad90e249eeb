#pragma once
// FailurePolicy: which results make the run fail (exit status 1).
//
// By default every error fails the run and no HTTP status does: a 404 is an
// answer. --fail adds every status >= 400. --fail-on LIST says exactly what fails:
// status classes (4xx, 5xx), single statuses (429), error kinds (timeout, dns,
// connect, tls, ...), `error` for every kind, and `nomatch` (a body that did not
// match --match or --match-regex). A status chosen to fail makes its result an
// error of kind `http`, keeping the status; a body that did not match, `nomatch`.

#include <bitset>
#include <string_view>

#include "cofetch/http/result.hpp"

namespace cofetch::run {

class FailurePolicy {
 public:
  // Every error kind fails; no status does.
  static FailurePolicy errors_only();
  // --fail: every error kind and every status from 400 on.
  static FailurePolicy errors_and_http_errors();
  // --fail-on: a comma-separated list. Throws std::invalid_argument naming a bad item.
  static FailurePolicy parse(std::string_view list);

  // Whether apply() would change `result`: a status chosen to fail, no error yet.
  bool fails_status(const http::Result& result) const noexcept;
  // --fail-on nomatch and a body that did not match, no error yet.
  bool fails_match(const http::Result& result) const noexcept;
  // Turns a status chosen to fail into an `http` error.
  void apply(http::Result& result) const;
  bool fails(const http::Result& result) const;

 private:
  static constexpr std::size_t k_kinds = static_cast<std::size_t>(http::ErrorKind::other) + 1;
  std::bitset<1000> m_statuses;
  std::bitset<k_kinds> m_kinds;
  bool m_nomatch = false;
};

}  // namespace cofetch::run
