#pragma once
// The parts of a URL that cofetch reasons about before libcurl sees it: the one
// notion of "the origin of a URL" (scheme, host and port) that --per-host,
// --shard, connection reuse and the waterfall share.
//
// Plain text splitting by RFC 3986's generic syntax, the way Python's
// urllib.parse.urlsplit reads a URL (docs/SCALING.md gives the shard function in
// Python): no libcurl, no allocation but the origin's string. Whether a URL is
// fetchable is libcurl's to say (http/url.hpp).

#include <optional>
#include <string>
#include <string_view>

namespace cofetch::url {

struct Parts {
  std::string_view scheme;     // as written: "HTTP"
  std::string_view authority;  // "user:secret@Host:8080"; empty without "//"
  std::string_view host;       // "Host", "[::1]"; empty when there is none
  std::string_view port;       // "8080"; empty when absent
  std::string_view rest;       // path, query and fragment: "/a?b#c"
};

// The parts of `text`, or nothing when it has no "scheme://".
std::optional<Parts> split(std::string_view text) noexcept;

// "scheme://host:port" with scheme and host in lower case and the scheme's default
// port filled in: "HTTPS://Example.com/a" -> "https://example.com:443". Empty when
// `text` is not an http or https URL with a host, or its port is not a number.
std::string origin(std::string_view text);
// The same, written into `out` (its capacity reused: no allocation per URL once
// it is large enough); false, with `out` empty, where origin() is empty.
bool origin_into(std::string_view text, std::string& out);

// The text up to where the path begins, as written: "http://Host:8080" of
// "http://Host:8080/a?b". Cheap, for display and for guesses where spelling
// differences only cost a little; empty without "scheme://".
std::string_view written_origin(std::string_view text) noexcept;

// Where the authority that begins at `start` ends: at the first '/', '?' or '#'
// (the path, query or fragment), or at the end of `text`. One pass over the
// characters (find_first_of calls memchr once per character: this runs for
// every URL, several times).
std::size_t authority_end(std::string_view text, std::size_t start) noexcept;

}  // namespace cofetch::url
