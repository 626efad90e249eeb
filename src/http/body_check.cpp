#include "body_check.hpp"

#include <algorithm>
#include <stdexcept>

namespace cofetch::http {

std::shared_ptr<const BodyPattern> compile_body_pattern(const std::string& pattern) {
  try {
    return std::make_shared<const BodyPattern>(
        BodyPattern{std::regex(pattern, std::regex::ECMAScript)});
  } catch (const std::regex_error& error) {
    throw std::invalid_argument("--match-regex: not a regular expression (" +
                                std::string(error.what()) + "): " + pattern);
  }
}

BodyCheck::BodyCheck() : m_sha256(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
  if (!m_sha256) throw std::bad_alloc();
}

BodyCheck::~BodyCheck() = default;

void BodyCheck::start(const BodyChecks& checks) {
  m_checks = &checks;
  m_kept.clear();
  m_found = false;
  if (checks.hash) EVP_DigestInit_ex(m_sha256.get(), EVP_sha256(), nullptr);
}

void BodyCheck::feed(std::string_view bytes) {
  if (!m_checks) return;
  if (m_checks->hash) EVP_DigestUpdate(m_sha256.get(), bytes.data(), bytes.size());
  if (m_found) return;
  if (!m_checks->match_text.empty()) {
    // The carried tail and this piece, searched together: a match may straddle them.
    const std::size_t carry = m_checks->match_text.size() - 1;
    m_kept.append(bytes);
    if (m_kept.find(m_checks->match_text) != std::string::npos) {
      m_found = true;
      m_kept.clear();
      return;
    }
    if (m_kept.size() > carry) m_kept.erase(0, m_kept.size() - carry);
  } else if (m_checks->pattern && m_kept.size() < m_checks->window) {
    m_kept.append(bytes.substr(0, m_checks->window - m_kept.size()));
  }
}

void BodyCheck::finish(Result& result, bool whole) {
  if (!m_checks) return;
  if (!whole) {
    m_kept.clear();
    m_checks = nullptr;
    return;
  }
  if (m_checks->hash) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_sha256.get(), digest, &length);
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
      hex += k_hex[digest[i] >> 4];
      hex += k_hex[digest[i] & 0xf];
    }
    result.sha256 = std::move(hex);
  }
  if (m_checks->pattern && !m_found) {
    m_found = std::regex_search(m_kept, m_checks->pattern->regex);
  }
  if (m_checks->matching()) result.match = m_found;
  m_kept.clear();
  m_kept.shrink_to_fit();  // a window held for one transfer is not kept for the next
  m_checks = nullptr;
}

}  // namespace cofetch::http
