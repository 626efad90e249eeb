#include "cli/help_text.hpp"

#include <array>

namespace cofetch::cli {

namespace {

using Kind = HelpItem::Kind;

constexpr std::array k_input{
    HelpItem{Kind::paragraph, "",
             "URLs come from the arguments, then from each -i FILE in order (- is standard "
             "input), or from standard input when no URL is given and it is not a terminal. One "
             "URL per line; blank lines and lines starting with # are skipped. Only http and "
             "https are fetched; any other line is reported as invalid_url."},
};

constexpr std::array k_retries{
    HelpItem{Kind::paragraph, "",
             "With --retry N, timeouts, refused or reset connections and HTTP 408, 429, 500, 502, "
             "503, 504 are tried again after the server's Retry-After, or after a random wait of "
             "up to --retry-delay * 2^(retry-1) seconds; no wait is longer than --retry-max-time, "
             "or 10 minutes without it. No slot is held while waiting. Invalid URLs, DNS and TLS "
             "failures and other statuses are not retried. A host given up (see Hosts) ends the "
             "retries of its URLs."},
};

constexpr std::array k_hosts{
    HelpItem{Kind::paragraph, "",
             "What one host does decides its URLs, not the others'. A host (scheme, host and "
             "port) that never connected is given up after --host-errors connect failures in a "
             "row (refused, connect timeout): its other URLs are not tried (error kind "
             "host_skipped), but one gets through every 30 s (then 60, 120...) to see whether "
             "it came back. A name that does not resolve is looked up once; its other URLs get "
             "that dns failure. A 429 or 503 slows that host only: its limit drops below the "
             "number of its transfers in flight when the refused one started, and is probed "
             "upwards again after many answers (503s that go on at the lower limit, or that "
             "answer a request alone in flight to the host, are taken for broken pages and "
             "lower it no more); Retry-After pauses its next starts "
             "(capped as retries are). --per-host and --per-host-rate (or --delay) cap and "
             "space each host. "
             "The summary counts the refusals and the hosts slowed, given up or unresolved."},
};

constexpr std::array k_configuration{
    HelpItem{Kind::paragraph, "",
             "Usual settings go in a configuration file: $COFETCH_CONFIG if set (empty: none), "
             "else $XDG_CONFIG_HOME/cofetch/config, else ~/.config/cofetch/config; --config FILE "
             "names another, --no-config reads none. Each line is a long option without its "
             "dashes, = and its value; a flag stands alone (or = true / false). A line "
             "starting with # is a comment; a value may be quoted."},
    HelpItem{Kind::example, "concurrency = 64", ""},
    HelpItem{Kind::example, "header = Authorization: Bearer abc123", ""},
    HelpItem{Kind::example, "max-time = 10", ""},
    HelpItem{Kind::example, "location", ""},
    HelpItem{Kind::paragraph, "",
             "The command line wins: a key is ignored when the command line gives the same "
             "option, or one that cannot go with it (--json against format = csv). Headers and "
             "--resolve entries of both are used, a command-line header replacing the file's "
             "header of the same name."},
};

constexpr std::array k_exit_status{
    HelpItem{Kind::entry, "0",
             "nothing failed: by default, every URL got an HTTP response, whatever its status "
             "(with --fail, a status of 400 or more is a failure; --fail-on LIST chooses exactly "
             "which statuses and error kinds are); with --sweep, whatever the URLs got: where "
             "failures start is what a sweep measures"},
    HelpItem{Kind::entry, "1",
             "something failed: an error (dns, connect, timeout, tls, too_many_redirects, "
             "protocol, recv, too_large, invalid_url, host_skipped, other) or a status chosen "
             "to fail (kind http), or with --fail-on nomatch a body that did not match (kind "
             "nomatch); also when the input could not be read to the end, or, with "
             "-o FILE, when a record could not be written"},
    HelpItem{Kind::entry, "2", "usage error: bad options, or a file that cannot be read"},
    HelpItem{Kind::entry, "130", "interrupted (Ctrl-C); every result completed so far is written"},
};

constexpr std::array k_examples{
    HelpItem{Kind::example, "cat urls.txt | cofetch -j 64", "one line per URL, summary on stderr"},
    HelpItem{Kind::example, "cofetch --compare -i urls.txt",
             "one at a time, then concurrently: the speed-up"},
    HelpItem{Kind::example, "cofetch --sweep auto -i urls.txt --report sweep.html",
             "which -j to use: every power of two up to 64, charted in a browser"},
    HelpItem{Kind::example, "cofetch -j 200 --per-host 8 --rate 500/s -i urls.txt",
             "concurrency: many hosts at once, gently with each"},
    HelpItem{Kind::example, "cofetch -j 200 --per-host-rate 2/s --retry 3 -i urls.txt",
             "real lists: at most two starts a second to each host, gone hosts given up"},
    HelpItem{Kind::example, "cofetch -H 'Accept: application/json' -L --compressed URL...",
             "requests: a header, redirects followed, compressed bodies"},
    HelpItem{Kind::example, "cofetch -i urls.txt --json | jq .status",
             "output: JSON Lines for scripts"},
    HelpItem{Kind::example, "cofetch -w '%{http_code} %{time_total} %{url}\\n' URL...",
             "output: curl's --write-out"},
    HelpItem{Kind::example, "cofetch --retry 3 -m 10 --fail-on 5xx,timeout -i urls.txt",
             "reliability: retry, time out, choose what fails"},
    HelpItem{Kind::example, "cofetch -i urls.txt -o results.jsonl --resume",
             "after a crash: fetch only the rest"},
    HelpItem{Kind::example, "cofetch -i urls.txt --shard 2/8 -o shard-2.jsonl",
             "one of 8 machines' share, by host"},
    HelpItem{Kind::example, "cofetch summarize shard-*.jsonl", "one summary over every shard"},
};

constexpr std::array k_sections{
    HelpSection{"Input", k_input},
    HelpSection{"Retries", k_retries},
    HelpSection{"Hosts", k_hosts},
    HelpSection{"Configuration file", k_configuration},
    HelpSection{"Exit status", k_exit_status},
    HelpSection{"Examples", k_examples},
};

}  // namespace

std::span<const HelpSection> help_sections() {
  return k_sections;
}

std::string wrap(std::string_view text, std::size_t width, std::string_view indent) {
  std::string out;
  std::size_t line_length = 0;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (word.empty()) continue;
    if (line_length > 0 && line_length + 1 + word.size() > width) {
      out += '\n';
      line_length = 0;
    }
    if (line_length == 0) {
      out += indent;
      line_length = indent.size();
    } else {
      out += ' ';
      ++line_length;
    }
    out += word;
    line_length += word.size();
  }
  return out;
}

std::string help_footer(std::size_t width) {
  std::string out;
  for (const HelpSection& section : help_sections()) {
    if (!out.empty()) out += '\n';
    out += std::string(section.title) + ":\n";
    for (const HelpItem& item : section.items) {
      switch (item.kind) {
        case Kind::paragraph: out += wrap(item.text, width, "  ") + '\n'; break;
        case Kind::entry: {
          const std::string lead = "  " + std::string(item.term);
          const std::string hanging(lead.size() + 2, ' ');
          const std::string body = wrap(item.text, width, hanging);
          out += lead + body.substr(lead.size()) + '\n';
          break;
        }
        case Kind::example:
          out += "    " + std::string(item.term) + '\n';
          if (!item.text.empty()) out += wrap(item.text, width, "        ") + '\n';
          break;
      }
    }
  }
  return out;
}

}  // namespace cofetch::cli
