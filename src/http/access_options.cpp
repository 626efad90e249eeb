// Credentials, cookies, proxies, client certificates, local addresses and
// bandwidth: curl's options, set on each easy handle as the curl tool sets them.

#include "cofetch/http/access.hpp"

#include <cstdlib>

#include "cofetch/url/credentials.hpp"
#include "easy_options.hpp"

namespace cofetch::http {

std::optional<std::string> proxy_in_use(const Proxy& proxy, bool show_credentials) {
  auto from = [](const char* name) -> const char* {
    const char* value = std::getenv(name);
    return value && *value ? value : nullptr;
  };
  auto shown = [show_credentials](std::string_view url) {
    return show_credentials ? std::string(url) : url::redact_credentials(url);
  };
  std::string described;
  if (!proxy.url.empty()) {
    described = shown(proxy.url) + " (-x)";
  } else {
    for (const char* name : k_proxy_variables) {
      if (const char* value = from(name)) {
        if (!described.empty()) described += ", ";
        described += shown(value) + " (" + name + ")";
      }
    }
  }
  if (described.empty()) return std::nullopt;
  const char* except = proxy.no_proxy ? proxy.no_proxy->c_str() : from("no_proxy");
  if (!except && !proxy.no_proxy) except = from("NO_PROXY");
  if (except && *except) described += std::string(" except ") + except;
  return described;
}

std::pair<std::string, std::optional<std::string>> split_certificate(const std::string& given) {
  if (given.starts_with("pkcs11:") || given.find_first_of(":\\") == std::string::npos)
    return {given, std::nullopt};
  std::string name;
  for (std::size_t i = 0; i < given.size(); ++i) {
    const char c = given[i];
    if (c == '\\') {
      const char next = i + 1 < given.size() ? given[i + 1] : '\0';
      if (next == '\0') {
        name += '\\';
      } else if (next == '\\' || next == ':') {
        name += next;
        ++i;
      } else {
        name += '\\';
        name += next;
        ++i;
      }
    } else if (c == ':') {
      // The rest is the password; "FILE:" has none, as in curl.
      if (i + 1 < given.size()) return {name, given.substr(i + 1)};
      return {name, std::nullopt};
    } else {
      name += c;
    }
  }
  return {name, std::nullopt};
}

namespace detail {

namespace {

unsigned long auth_bits(Credentials::Scheme scheme) {
  switch (scheme) {
    case Credentials::Scheme::digest: return CURLAUTH_DIGEST;
    case Credentials::Scheme::any: return CURLAUTH_ANY;
    case Credentials::Scheme::basic: break;
  }
  return CURLAUTH_BASIC;
}

void configure_credentials(EasyOptions& set, const Credentials& credentials) {
  if (credentials.user) {
    set.option(CURLOPT_HTTPAUTH, auth_bits(credentials.scheme));
    set.option(CURLOPT_USERNAME, credentials.user->c_str());
    set.option(CURLOPT_PASSWORD, credentials.password ? credentials.password->c_str() : "");
  } else if (credentials.scheme != Credentials::Scheme::basic) {
    // With --netrc, the scheme asked for applies to its credentials.
    set.option(CURLOPT_HTTPAUTH, auth_bits(credentials.scheme));
  }
  if (credentials.bearer) {
    set.option(CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
    set.option(CURLOPT_XOAUTH2_BEARER, credentials.bearer->c_str());
  }
  if (credentials.netrc != Credentials::Netrc::unused) {
    set.option(CURLOPT_NETRC, credentials.netrc == Credentials::Netrc::required
                                  ? static_cast<long>(CURL_NETRC_REQUIRED)
                                  : static_cast<long>(CURL_NETRC_OPTIONAL));
    if (!credentials.netrc_file.empty())
      set.option(CURLOPT_NETRC_FILE, credentials.netrc_file.c_str());
  }
  if (credentials.trusted_redirects) set.option(CURLOPT_UNRESTRICTED_AUTH, 1L);
}

void configure_cookies(EasyOptions& set, const Cookies& cookies) {
  if (!cookies.header.empty()) set.option(CURLOPT_COOKIE, cookies.header.c_str());
  // The store is the multi handle's share (cookie_jar.hpp), which loads the files
  // once; "" switches each handle's cookie engine on without reading a file.
  if (cookies.store()) set.option(CURLOPT_COOKIEFILE, "");
}

void configure_proxy(EasyOptions& set, const Proxy& proxy, bool from_environment) {
  if (!proxy.url.empty()) {
    set.option(CURLOPT_PROXY, proxy.url.c_str());
  } else if (!from_environment) {
    // Nothing to find: spares libcurl its getenv calls on every transfer.
    set.option(CURLOPT_PROXY, "");
  }
  if (proxy.no_proxy) {
    set.option(CURLOPT_NOPROXY, proxy.no_proxy->c_str());
  } else if (proxy.url.empty() && !from_environment) {
    set.option(CURLOPT_NOPROXY, "");
  }
  if (proxy.user) set.option(CURLOPT_PROXYUSERPWD, proxy.user->c_str());
  if (proxy.tunnel) set.option(CURLOPT_HTTPPROXYTUNNEL, 1L);
  if (!proxy.ca_file.empty()) set.option(CURLOPT_PROXY_CAINFO, proxy.ca_file.c_str());
  if (proxy.insecure) {
    set.option(CURLOPT_PROXY_SSL_VERIFYPEER, 0L);
    set.option(CURLOPT_PROXY_SSL_VERIFYHOST, 0L);
  }
}

void configure_client_tls(EasyOptions& set, const ClientTls& tls) {
  if (!tls.cert.empty()) set.option(CURLOPT_SSLCERT, tls.cert.c_str());
  if (!tls.cert_type.empty()) set.option(CURLOPT_SSLCERTTYPE, tls.cert_type.c_str());
  if (!tls.key.empty()) set.option(CURLOPT_SSLKEY, tls.key.c_str());
  if (!tls.key_type.empty()) set.option(CURLOPT_SSLKEYTYPE, tls.key_type.c_str());
  if (tls.password) set.option(CURLOPT_KEYPASSWD, tls.password->c_str());
  if (!tls.ca_path.empty()) set.option(CURLOPT_CAPATH, tls.ca_path.c_str());
  if (!tls.pinned_public_key.empty())
    set.option(CURLOPT_PINNEDPUBLICKEY, tls.pinned_public_key.c_str());
}

void configure_addressing(EasyOptions& set, const Addressing& addressing, curl_slist* connect_to) {
  if (addressing.family == Addressing::Family::ipv4)
    set.option(CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V4);
  if (addressing.family == Addressing::Family::ipv6)
    set.option(CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V6);
  if (connect_to) set.option(CURLOPT_CONNECT_TO, connect_to);
  if (!addressing.interface.empty()) set.option(CURLOPT_INTERFACE, addressing.interface.c_str());
  if (addressing.local_port > 0) {
    set.option(CURLOPT_LOCALPORT, addressing.local_port);
    set.option(CURLOPT_LOCALPORTRANGE, addressing.local_port_range);
  }
}

}  // namespace

void configure_access(EasyOptions& set, const FetchContext& context) {
  const FetchOptions& options = context.options();
  configure_credentials(set, options.credentials);
  configure_cookies(set, options.cookies);
  configure_proxy(set, options.proxy, context.proxy_from_environment());
  configure_client_tls(set, options.client_tls);
  configure_addressing(set, options.addressing, context.connect_to_list());
  if (options.limit_rate > 0) {
    set.option(CURLOPT_MAX_RECV_SPEED_LARGE, static_cast<curl_off_t>(options.limit_rate));
    set.option(CURLOPT_MAX_SEND_SPEED_LARGE, static_cast<curl_off_t>(options.limit_rate));
  }
}

}  // namespace detail

}  // namespace cofetch::http
