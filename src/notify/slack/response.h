#pragma once
// How Slack answered, as a Delivery (see notify/channel.h).
//
// Web API (chat.postMessage, chat.update): HTTP 429 retries after its
// Retry-After; 5xx retries; HTTP 200 with {"ok":true,"ts":...} is delivered
// with reference = ts (the message to edit or thread under later); HTTP 200
// with {"ok":false,"error":"..."} is permanent (invalid_auth,
// channel_not_found, invalid_blocks, msg_too_long, ...) except Slack's
// transient errors (ratelimited, internal_error, fatal_error,
// service_unavailable, request_timeout), which retry.
//
// Incoming webhook: 200 "ok" delivered (no reference: a webhook message
// cannot be edited); 429/5xx retry; any other status permanent with Slack's
// plain-text error ("channel_not_found", "invalid_payload", ...).
//
// Reasons quote Slack's error code only, never the request or its token.

#include <optional>
#include <string_view>

#include "notify/channel.h"

namespace klaxon::notify::slack {

// Used when a 429 or transient error carries no usable Retry-After.
inline constexpr Duration kDefaultRetryAfter = std::chrono::seconds(30);

Delivery ClassifyWebApiResponse(int status, std::optional<std::string_view> retry_after,
                                std::string_view body);
Delivery ClassifyWebhookResponse(int status, std::optional<std::string_view> retry_after,
                                 std::string_view body);

}  // namespace klaxon::notify::slack
