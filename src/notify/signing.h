#pragma once
// HMAC-SHA256 and constant-time comparison (OpenSSL), the primitives behind
// Slack's, PagerDuty's and klaxon's own request signatures. Thread-safe.

#include <string>
#include <string_view>

namespace klaxon::notify {

// Lowercase hex of HMAC-SHA256(key, message): 64 characters.
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// True if both are equal, in time independent of where they differ
// (CRYPTO_memcmp). Different lengths compare unequal; the length itself is
// not secret here (signatures have a fixed public length).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// True for exactly 64 lowercase or uppercase hex digits.
bool IsSha256Hex(std::string_view text);

// Lowercased copy of ASCII hex (callers compare hex case-insensitively by
// normalising first).
std::string LowerAscii(std::string_view text);

}  // namespace klaxon::notify
