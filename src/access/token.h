#pragma once
// API tokens klaxon issues itself (`klaxon tokens create`): a high-entropy
// secret shown once, and the digest that is all the store keeps of it.

#include <string>
#include <string_view>

#include "core/result.h"

namespace klaxon::access {

// A new token: "klx_" and 32 bytes from the operating system's
// cryptographically secure generator (OpenSSL RAND_bytes), base64url without
// padding (47 characters in all). An error only when the generator fails.
Result<std::string> NewToken();

// The lowercase hex SHA-256 of a token (64 characters): what is stored and
// looked up. With 256 random bits a plain hash is enough; no salt or
// stretching is needed, and a lookup by digest tells a timing attacker
// nothing about any stored token.
std::string TokenDigest(std::string_view token);

}  // namespace klaxon::access
