#pragma once
// PagerDuty v3 webhooks, inbound: PagerDuty telling klaxon that someone
// acknowledged or resolved the alert klaxon paged them for.
//
// Signature: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>...]`, each
// hex(HMAC-SHA256(webhook secret, raw body)). Several values appear while a
// secret rotates; the request passes if any one matches. Every candidate is
// compared in constant time, and all are compared (no early exit).
//
// Body (only what klaxon reads; everything else is ignored):
//   {"event":{"id":"01DEN...","event_type":"incident.acknowledged",
//             "occurred_at":"2025-08-07T09:20:01.000Z",
//             "agent":{"id":"PLH1HKV","summary":"Alice","type":"user_reference"},
//             "data":{"id":"Q2W...","type":"incident","incident_key":"INC-42",...}}}
// `data.incident_key` is the dedup_key klaxon sent with the trigger.
// incident.acknowledged and incident.resolved act on the incident; every
// other event type parses to kIgnored (answer 2xx, do nothing). PagerDuty
// delivers at least once: de-duplicate on `event.id` (or X-Webhook-Id).
//
// Pure; thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace klaxon::notify::pagerduty {

inline constexpr std::string_view kSignatureHeader = "X-PagerDuty-Signature";
// More candidate signatures than this make the header malformed.
inline constexpr size_t kMaxSignatures = 8;

// Ok, or kUnauthenticated: missing header, malformed header (no well-formed
// v1= value, or too many), no secret configured, or no match. The message
// never contains the secret or a computed signature.
Status VerifyWebhookSignature(std::string_view secret, std::optional<std::string_view> header,
                              std::string_view body);

// "v1=<hex>" for `body`; for tests and stand-ins.
std::string SignWebhook(std::string_view secret, std::string_view body);

struct WebhookEvent {
  enum class Kind { kAcknowledged, kResolved, kIgnored };
  Kind kind = Kind::kIgnored;
  std::string event_id;       // event.id
  std::string event_type;     // as sent, e.g. "incident.escalated"
  std::string incident_key;   // event.data.incident_key; "" if absent or null
  std::string pd_incident_id; // event.data.id
  std::string agent_id;       // event.agent.id; "" when PagerDuty itself acted
  std::string agent_name;     // event.agent.summary
  std::string agent_email;    // event.agent.email, when PagerDuty includes it ("" if not)
  std::optional<Time> occurred_at;
};

// Errors (kInvalidArgument): not JSON, no `event` object, no
// `event.event_type` string. A malformed occurred_at is ignored (nullopt).
Result<WebhookEvent> ParseWebhookEvent(std::string_view body);

}  // namespace klaxon::notify::pagerduty
