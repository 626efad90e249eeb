#pragma once
// How requests reach a server and who they say they are: credentials, cookies,
// proxies, client certificates, local addresses and bandwidth. Each field has
// curl's option name and meaning; libcurl does the work (src/http/access_options.cpp).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cofetch::http {

// -u, --basic, --digest, --anyauth, --oauth2-bearer, --netrc, --netrc-file.
// Sent to the URL's host only, not after a redirect to another host unless
// `trusted_redirects` (--location-trusted), as curl.
struct Credentials {
  enum class Scheme { basic, digest, any };
  enum class Netrc { unused, optional, required };
  std::optional<std::string> user;
  std::optional<std::string> password;
  Scheme scheme = Scheme::basic;
  std::optional<std::string> bearer;
  Netrc netrc = Netrc::unused;
  std::string netrc_file;  // empty: ~/.netrc
  bool trusted_redirects = false;
};

// -b, -c. Cookies set by one response are sent with the later requests of the
// whole batch that match them (one store, libcurl's share interface), once a
// cookie file or a jar switches the store on, as in curl.
struct Cookies {
  std::string header;              // -b "NAME=VALUE; ...": sent as given with every request
  std::vector<std::string> files;  // -b FILE: Netscape cookie files read at the start
  std::string jar;                 // -c FILE: every cookie known, written when the run ends
  bool store() const noexcept { return !files.empty() || !jar.empty(); }
};

// The environment variables libcurl takes a proxy from (lib/url.c, detect_proxy):
// http_proxy in lowercase only, so that a CGI program's HTTP_PROXY is not one.
inline constexpr std::array<const char*, 5> k_proxy_variables{
    "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};

// -x, --proxy-user, --noproxy, -p. Without -x the environment's proxy variables
// (http_proxy, https_proxy, all_proxy, no_proxy) are used, as by curl.
struct Proxy {
  std::string url;                      // [SCHEME://][USER:PASSWORD@]HOST[:PORT]
  std::optional<std::string> user;      // --proxy-user USER:PASSWORD
  std::optional<std::string> no_proxy;  // --noproxy: hosts reached directly ("*": all)
  bool tunnel = false;                  // -p: CONNECT through an HTTP proxy, also for http
  std::string ca_file;                  // --proxy-cacert: trust for an https:// proxy
  bool insecure = false;                // --proxy-insecure: its certificate is not checked
};

// -E, --key, --cert-type, --key-type, --pass, --capath, --pinnedpubkey.
struct ClientTls {
  std::string cert;       // FILE (password split off, as curl)
  std::string cert_type;  // PEM, DER or P12; empty: PEM
  std::string key;
  std::string key_type;                 // PEM or DER
  std::optional<std::string> password;  // of the key: -E FILE:PASSWORD or --pass
  std::string ca_path;                  // a directory of hashed CA certificates
  std::string pinned_public_key;        // FILE or sha256//BASE64[;sha256//...]
};

// -4, -6, --connect-to, --interface, --local-port.
struct Addressing {
  enum class Family { any, ipv4, ipv6 };
  Family family = Family::any;
  std::vector<std::string> connect_to;  // HOST1:PORT1:HOST2:PORT2, as curl's
  std::string interface;                // a name, an address or a host name
  long local_port = 0;                  // first local port to try; 0: any
  long local_port_range = 1;            // how many ports from local_port
};

// The proxy the batch goes through, as the summary names it: -x's ("URL (-x)"),
// else the environment's ("URL (https_proxy)", several joined with ", "), with
// " except LIST" for --noproxy or no_proxy; nothing when there is none. A
// user:password in them is shown as *** unless `show_credentials`.
std::optional<std::string> proxy_in_use(const Proxy& proxy, bool show_credentials);

// -E FILE[:PASSWORD], split as curl splits it: at the first colon not escaped with
// a backslash ("\:" is a colon of the name, "\\" a backslash), except a "pkcs11:"
// URI, which is a name whole.
std::pair<std::string, std::optional<std::string>> split_certificate(const std::string& given);

}  // namespace cofetch::http
