#pragma once
// Credentials written into URLs ("https://user:secret@host/") are used for the
// request but never shown: everything cofetch prints or writes holds the URL with
// its user information replaced by "***" (unless --show-credentials).

#include <string>
#include <string_view>

namespace cofetch::url {

// `text` with the user information of its authority ("user:secret@") replaced by
// "***@". Works on any text, valid URL or not (a line without a scheme too), so
// error messages about a bad line can quote it safely; text without an '@' in
// its authority comes back unchanged.
std::string redact_credentials(std::string_view text);

}  // namespace cofetch::url
