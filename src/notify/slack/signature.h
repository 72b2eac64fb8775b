#pragma once
// Slack request signing (v0), for everything Slack sends klaxon:
// interactions, slash commands, events.
//
//   basestring = "v0:" + X-Slack-Request-Timestamp + ":" + raw body
//   X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing_secret, basestring))
//
// A request passes if the signature matches (compared in constant time) and
// its timestamp is within 5 minutes of `now`, either direction (replay
// protection). Always verify the raw body bytes, before any decoding.
// Pure; thread-safe. Errors are kUnauthenticated with a message safe to log:
// it names the problem, never the secret or the expected signature.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace klaxon::notify::slack {

inline constexpr std::string_view kTimestampHeader = "X-Slack-Request-Timestamp";
inline constexpr std::string_view kSignatureHeader = "X-Slack-Signature";
inline constexpr Duration kMaxClockSkew = std::chrono::minutes(5);

struct SignedRequest {
  std::optional<std::string_view> timestamp;  // X-Slack-Request-Timestamp; nullopt if absent
  std::optional<std::string_view> signature;  // X-Slack-Signature; nullopt if absent
  std::string_view body;                      // raw bytes as received
};

// Ok, or why not: missing or malformed header, timestamp too old or in the
// future, signature mismatch, no signing secret configured.
Status Verify(std::string_view signing_secret, const SignedRequest& request, Time now);

// "v0=<hex>" for `timestamp` (unix seconds as sent) and `body`: what Slack
// would send. For tests and stand-ins.
std::string Sign(std::string_view signing_secret, std::string_view timestamp,
                 std::string_view body);

}  // namespace klaxon::notify::slack
