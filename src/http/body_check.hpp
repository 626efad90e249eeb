#pragma once
// BodyCheck: what --hash and --match learn from a body as it arrives, never
// holding it whole. The bytes are those libcurl delivers (decoded with
// --compressed): what curl would save.
//   --hash         SHA-256 over every byte (OpenSSL's libcrypto).
//   --match TEXT   whether TEXT occurs anywhere in the body: the last
//                  len(TEXT) - 1 bytes are carried from one piece to the next, so
//                  a body of any length is searched whole.
//   --match-regex  whether the regular expression (ECMAScript syntax, std::regex)
//                  finds a match in the body's first --match-window bytes
//                  (default 1 MiB): a regex needs the text at once, so the window
//                  bounds what one transfer holds.

#include <openssl/evp.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "cofetch/http/fetch.hpp"
#include "cofetch/http/result.hpp"

namespace cofetch::http {

// A compiled --match-regex.
struct BodyPattern {
  std::regex regex;
};

class BodyCheck {
 public:
  BodyCheck();
  ~BodyCheck();
  BodyCheck(const BodyCheck&) = delete;
  BodyCheck& operator=(const BodyCheck&) = delete;

  // A new body begins (each transfer, each retry).
  void start(const BodyChecks& checks);
  void feed(std::string_view bytes);
  // The body ended: if it came `whole`, its sha256 (hex) and whether it matched
  // go into `result`.
  void finish(Result& result, bool whole);

 private:
  const BodyChecks* m_checks = nullptr;
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> m_sha256;
  std::string m_kept;  // the text carried (--match) or the window (--match-regex)
  bool m_found = false;
};

}  // namespace cofetch::http
