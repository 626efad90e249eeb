#include "report/har.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <system_error>

#include "report/format.hpp"
#include "report/json_text.hpp"
#include "report/record_writer.hpp"

namespace cofetch::report {

namespace {

double us_to_ms(std::int64_t microseconds) {
  return static_cast<double>(microseconds) / 1000.0;
}

// "1.1" -> "HTTP/1.1", "2" -> "HTTP/2"; nothing without a response.
std::string har_version(const std::string& version) {
  return version.empty() ? "" : "HTTP/" + version;
}

nlohmann::ordered_json name_values(const std::vector<std::pair<std::string, std::string>>& pairs) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& [name, value] : pairs) list.push_back({{"name", name}, {"value", value}});
  return list;
}

// The query string's parameters as sent (not decoded).
std::vector<std::pair<std::string, std::string>> query_parameters(const std::string& url) {
  std::vector<std::pair<std::string, std::string>> parameters;
  const auto question = url.find('?');
  if (question == std::string::npos) return parameters;
  std::string query = url.substr(question + 1, url.find('#', question) - question - 1);
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto end = std::min(query.find('&', start), query.size());
    const std::string pair = query.substr(start, end - start);
    if (!pair.empty()) {
      const auto equals = pair.find('=');
      parameters.emplace_back(pair.substr(0, equals),
                              equals == std::string::npos ? "" : pair.substr(equals + 1));
    }
    start = end + 1;
  }
  return parameters;
}

}  // namespace

nlohmann::ordered_json har_entry(const http::Result& r, const HarRequest& request) {
  const http::CurlTimes& t = r.curl_us;
  // Sending: from the connection being ready to the request being out (libcurl's pretransfer).
  const std::int64_t ready = std::max({t.namelookup, t.connect, t.appconnect});
  const double send =
      t.pretransfer > 0 ? us_to_ms(std::max<std::int64_t>(0, t.pretransfer - ready)) : 0.0;
  nlohmann::ordered_json timings = {
      {"blocked", round3(r.queued_ms)},
      {"dns", round3(r.ms.dns)},
      {"connect", round3(r.ms.connect + r.ms.tls)},  // HAR counts ssl inside connect
      {"ssl", r.ms.tls > 0 ? round3(r.ms.tls) : -1.0},
      {"send", round3(send)},
      {"wait", round3(r.ms.wait)},
      {"receive", round3(r.ms.receive)},
  };
  double time = 0;
  for (const char* part : {"blocked", "dns", "connect", "send", "wait", "receive"}) {
    time += timings[part].get<double>();
  }

  // The headers kept (--response-header), and the Content-Type always.
  std::vector<std::pair<std::string, std::string>> response_headers = r.headers;
  const bool has_content_type = header_value(r, "content-type").has_value();
  if (!r.content_type.empty() && !has_content_type)
    response_headers.emplace_back("Content-Type", r.content_type);

  nlohmann::ordered_json entry;
  entry["startedDateTime"] = rfc3339_utc(r.started_at);
  entry["time"] = round3(time);
  entry["request"] = {
      {"method", request.method},
      {"url", r.url},
      {"httpVersion", har_version(r.http_version.empty() ? "1.1" : r.http_version)},
      {"cookies", nlohmann::ordered_json::array()},
      {"headers", name_values(request.headers)},
      {"queryString", name_values(query_parameters(r.url))},
      {"headersSize", -1},
      {"bodySize", request.body_size},
  };
  entry["response"] = {
      {"status", r.status.value_or(0)},
      {"statusText", ""},
      {"httpVersion", har_version(r.http_version)},
      {"cookies", nlohmann::ordered_json::array()},
      {"headers", name_values(response_headers)},
      {"content",
       {{"size", r.bytes}, {"mimeType", r.content_type.empty() ? "x-unknown" : r.content_type}}},
      {"redirectURL", r.redirect_url},
      {"headersSize", -1},
      {"bodySize", r.status ? static_cast<std::int64_t>(r.bytes) : -1},
  };
  entry["cache"] = nlohmann::ordered_json::object();
  entry["timings"] = timings;
  if (!r.remote_ip.empty()) entry["serverIPAddress"] = r.remote_ip;
  if (r.redirects > 0) entry["_redirects"] = {{"count", r.redirects}, {"finalUrl", r.final_url}};
  if (r.error) {
    entry["_error"] = r.error->message;
    entry["_errorKind"] = std::string(http::to_string(r.error->kind));
  }
  return entry;
}

HarFile::HarFile(std::string path, HarRequest request, const std::string& creator_version)
    : m_path(std::move(path)), m_request(std::move(request)) {
  std::string pattern = m_path + ".partial-XXXXXX";
  m_fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (m_fd < 0) throw std::system_error(errno, std::generic_category(), "cannot write " + m_path);
  ::fchmod(m_fd, 0644);
  m_temporary = pattern;
  m_out.emplace(m_fd);
  nlohmann::ordered_json creator = {{"name", "cofetch"}, {"version", creator_version}};
  m_out->write("{\"log\":{\"version\":\"1.2\",\"creator\":" + dump_line(creator) +
               ",\"entries\":[\n");
}

HarFile::~HarFile() {
  if (m_finished) return;
  if (m_out) m_out->discard();
  if (m_fd >= 0) ::close(m_fd);
  ::unlink(m_temporary.c_str());
}

void HarFile::add(const http::Result& result) {
  if (result.attempts == 0) return;  // never fetched: nothing a browser would show
  m_out->write(m_first_entry ? "" : ",\n");
  m_out->write(dump_line(har_entry(result, m_request)));
  m_first_entry = false;
}

void HarFile::finish() {
  m_out->write("\n]}}\n");
  m_out->flush();
  const int error = m_out->error().value_or(0);
  ::close(m_fd);
  m_fd = -1;
  if (error != 0) throw std::system_error(error, std::generic_category(), "cannot write " + m_path);
  if (::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot write " + m_path);
  }
  m_finished = true;
}

}  // namespace cofetch::report
