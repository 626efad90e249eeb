#include "cli/access_definitions.hpp"

#include "cli/checks.hpp"
#include "cli/values.hpp"

namespace cofetch::cli {

namespace {

void define_credentials(CLI::App& app, run::RunOptions& options, Raw& raw, const char* group) {
  http::Credentials& credentials = options.fetch.credentials;
  auto* user = app.add_option("-u,--user", raw.user,
                              "Send USER and PASSWORD (HTTP Basic unless --digest or --anyauth); "
                              "without :PASSWORD it is asked for on the terminal")
                   ->group(group)
                   ->type_name("USER[:PASSWORD]");
  auto* basic = app.add_flag("--basic")
                    ->description("HTTP Basic authentication for -u (the default)")
                    ->group(group);
  auto* digest = app.add_flag("--digest", raw.digest, "HTTP Digest authentication for -u")
                     ->group(group)
                     ->excludes(basic);
  app.add_flag("--anyauth", raw.anyauth,
               "Ask first, then use the safest method the server offers (Digest, Basic...)")
      ->group(group)
      ->excludes(basic)
      ->excludes(digest);
  app.add_option("--oauth2-bearer", credentials.bearer, "Send \"Authorization: Bearer TOKEN\"")
      ->group(group)
      ->type_name("TOKEN")
      ->excludes(user);
  auto* netrc = app.add_flag("-n,--netrc", raw.netrc,
                             "Take the user and password for each host from ~/.netrc (or "
                             "--netrc-file); user:password in a URL is not used")
                    ->group(group);
  app.add_flag("--netrc-optional", raw.netrc_optional,
               "As --netrc, but user:password in a URL wins over the file")
      ->group(group)
      ->excludes(netrc);
  app.add_option("--netrc-file", credentials.netrc_file, "The netrc file of --netrc")
      ->group(group)
      ->type_name("FILE")
      ->check(readable_file());
  app.add_flag("--location-trusted", credentials.trusted_redirects,
               "With -L, send credentials to the other hosts of a redirect too")
      ->group(group);
}

void define_cookies(CLI::App& app, run::RunOptions& options, Raw& raw, const char* group) {
  app.add_option("-b,--cookie", raw.cookies,
                 "Send cookies: \"NAME=VALUE; ...\" as given, or a cookie FILE (Netscape "
                 "format) whose cookies go where they match; repeatable")
      ->group(group)
      ->type_name("DATA|FILE")
      ->allow_extra_args(false);
  app.add_option("-c,--cookie-jar", options.fetch.cookies.jar,
                 "Write every cookie at the end (also after Ctrl-C) to FILE; the servers' "
                 "cookies are kept for the whole list, as with one curl")
      ->group(group)
      ->type_name("FILE");
}

void define_proxy(CLI::App& app, run::RunOptions& options, Raw& raw, const char* group) {
  http::Proxy& proxy = options.fetch.proxy;
  app.add_option("-x,--proxy", proxy.url,
                 "Go through this proxy: http://, https://, socks4://, socks4a://, socks5:// or "
                 "socks5h:// (the proxy resolves names); overrides the environment's")
      ->group(group)
      ->type_name("[SCHEME://][USER:PASSWORD@]HOST[:PORT]");
  app.add_option("-U,--proxy-user", raw.proxy_user, "The proxy's user and password")
      ->group(group)
      ->type_name("USER[:PASSWORD]");
  app.add_option("--noproxy", proxy.no_proxy,
                 "Reach these hosts directly: a comma-separated list of names, domains, "
                 "addresses, or * for all (overrides no_proxy)")
      ->group(group)
      ->type_name("LIST");
  app.add_flag("-p,--proxytunnel", proxy.tunnel,
               "Tunnel through an HTTP proxy with CONNECT, also for http:// URLs")
      ->group(group);
  app.add_option("--proxy-cacert", proxy.ca_file,
                 "Trust the CA certificates in FILE (PEM) for an https:// proxy")
      ->group(group)
      ->type_name("FILE")
      ->check(readable_file());
  app.add_flag("--proxy-insecure", proxy.insecure, "Do not verify an https:// proxy's certificate")
      ->group(group);
}

void define_tls(CLI::App& app, run::RunOptions& options, Raw& raw, const char* group) {
  http::ClientTls& tls = options.fetch.client_tls;
  app.add_option("-E,--cert", raw.cert,
                 "Client certificate FILE, with the key's password after a colon (\\: is a "
                 "colon of the name)")
      ->group(group)
      ->type_name("FILE[:PASSWORD]");
  app.add_option("--cert-type", tls.cert_type, "The certificate's format: PEM, DER or P12")
      ->group(group)
      ->type_name("TYPE")
      ->check(described(CLI::IsMember({"PEM", "DER", "P12"}, CLI::ignore_case)));
  app.add_option("--key", tls.key, "The client certificate's private key, if not in its FILE")
      ->group(group)
      ->type_name("FILE")
      ->check(readable_file());
  app.add_option("--key-type", tls.key_type, "The key's format: PEM or DER")
      ->group(group)
      ->type_name("TYPE")
      ->check(described(CLI::IsMember({"PEM", "DER"}, CLI::ignore_case)));
  app.add_option("--pass", raw.key_password, "The private key's password")
      ->group(group)
      ->type_name("PASSWORD");
  app.add_flag("-k,--insecure", options.fetch.insecure, "Do not verify the server's certificate")
      ->group(group);
  app.add_option("--cacert", options.fetch.ca_file, "Trust the CA certificates in FILE (PEM)")
      ->group(group)
      ->type_name("FILE")
      ->check(readable_file());
  app.add_option("--capath", tls.ca_path,
                 "Trust the CA certificates in DIR (hashed names, as `openssl rehash` makes)")
      ->group(group)
      ->type_name("DIR")
      ->check(readable_directory());
  app.add_option("--pinnedpubkey", tls.pinned_public_key,
                 "Accept only a server whose public key is in FILE (PEM or DER), or has one "
                 "of these sha256//BASE64 hashes (;-separated)")
      ->group(group)
      ->type_name("FILE|HASHES");
}

}  // namespace

void define_access(CLI::App& app, run::RunOptions& options, Raw& raw) {
  const char* group = "Access";
  define_credentials(app, options, raw, group);
  define_cookies(app, options, raw, group);
  define_proxy(app, options, raw, group);
  define_tls(app, options, raw, group);
}

void define_network(CLI::App& app, run::RunOptions& options, Raw& raw) {
  const char* group = "Network";
  http::Addressing& addressing = options.fetch.addressing;
  app.add_option("--resolve", options.fetch.resolve,
                 "Connect to ADDRESS for HOST:PORT, skipping DNS; repeatable")
      ->group(group)
      ->type_name("HOST:PORT:ADDRESS")
      ->allow_extra_args(false)
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return resolve_entry_problem(value).value_or("");
          },
          ""));
  app.add_option("--connect-to", addressing.connect_to,
                 "Connect to HOST2:PORT2 instead of HOST1:PORT1 (the URL, Host and TLS name "
                 "stay); an empty part matches any; repeatable")
      ->group(group)
      ->type_name("HOST1:PORT1:HOST2:PORT2")
      ->allow_extra_args(false)
      ->check(CLI::Validator(
          [](std::string& value) -> std::string { return connect_to_problem(value).value_or(""); },
          ""));
  auto* ipv4 = app.add_flag("-4,--ipv4", raw.ipv4, "Connect over IPv4 only")->group(group);
  app.add_flag("-6,--ipv6", raw.ipv6, "Connect over IPv6 only")->group(group)->excludes(ipv4);
  app.add_option("--interface", addressing.interface,
                 "Send from this network interface, address or host name")
      ->group(group)
      ->type_name("NAME");
  app.add_option("--local-port", raw.local_port,
                 "Send from this local port, or from one in a range such as 40000-40100")
      ->group(group)
      ->type_name("PORTS")
      ->check(parsed_by("--local-port", [](const std::string& v) { parse_port_range(v); }));
  app.add_option("--limit-rate", raw.limit_rate,
                 "At most RATE bytes per second each way, per transfer (500K, 2M: powers of "
                 "1024, as curl)")
      ->group(group)
      ->type_name("RATE")
      ->check(
          parsed_by("--limit-rate", [](const std::string& v) { parse_size(v, "--limit-rate"); }));
}

}  // namespace cofetch::cli
