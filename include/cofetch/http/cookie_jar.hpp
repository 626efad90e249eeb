#pragma once
// CookieJar: the batch's cookies (-b FILE, -c FILE), kept by libcurl in each
// pass's share (Multi with share_cookies) and carried from one pass to the next,
// so a cookie a server set is sent with every later request it matches, as
// `curl --parallel -b FILE -c FILE` does.

#include <optional>
#include <string>
#include <vector>

#include "cofetch/http/access.hpp"
#include "cofetch/http/multi.hpp"

namespace cofetch::http {

class CookieJar {
 public:
  explicit CookieJar(Cookies cookies) : m_cookies(std::move(cookies)) {}

  // Puts the cookies into `multi`'s store before its transfers: the -b files the
  // first time (a file that does not exist adds nothing, as in curl), then what
  // the previous pass ended with. Nothing, or what libcurl refused.
  std::optional<std::string> fill(const Multi& multi);
  // Takes what `multi`'s store holds once its transfers are over.
  std::optional<std::string> take(const Multi& multi);
  // -c FILE: the cookies taken last, in the Netscape format curl writes, through
  // a temporary file renamed over FILE (a reader never sees half a jar).
  // Nothing, or why it could not be written.
  std::optional<std::string> write() const;

  const std::vector<std::string>& lines() const noexcept { return m_lines; }

 private:
  Cookies m_cookies;
  bool m_files_read = false;
  std::vector<std::string> m_lines;  // "domain\tflag\tpath\tsecure\texpiry\tname\tvalue"
};

}  // namespace cofetch::http
