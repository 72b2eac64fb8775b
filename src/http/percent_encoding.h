#pragma once
// Percent-decoding for request paths and query strings (RFC 3986). Internal to
// klaxon_http; pure functions, thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace klaxon::http {

// Decodes %XX escapes; with plus_as_space, '+' becomes ' ' (form encoding).
// Returns nullopt for a malformed escape ("%", "%4", "%zz") or an encoded NUL.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space);

}  // namespace klaxon::http
