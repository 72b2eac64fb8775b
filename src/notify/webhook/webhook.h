#pragma once
// klaxon's generic outbound webhook: one signed JSON POST per incident event,
// for receivers klaxon has no dedicated integration for. The schema and the
// signature scheme are documented in docs/notifications.md; in short:
//
//   POST <url>
//   Content-Type: application/json
//   User-Agent: klaxon-webhook/1
//   X-Klaxon-Event: incident.resolved
//   X-Klaxon-Signature: t=1754558062,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
//   Idempotency-Key: <Notification::idempotency_key>
//
//   {"version":1,"id":"<idempotency key>","event":"incident.resolved",
//    "occurred_at":"...","actor":"alice",
//    "incident":{"id":"INC-42","number":42,"title":"...","severity":"SEV1",
//                "status":"resolved","runbook":"RB-001","lead":"",
//                "opened_at":"...","resolved_at":"..."|null,
//                "acknowledged":{"by":"...","via":"...","at":"..."}|null,
//                "labels":{...},"firing_alerts":0,"total_alerts":3,"url":"..."|null},
//    "update":{"status":"identified","summary":"...","next":"...","eta":"..."}|null,
//    "resolution":{"duration_seconds":2820,"impact":"...","root_cause":"...",
//                  "follow_up":"..."}|null}
//
// A handoff brief (notify/brief.h) is the same kind of request with
// X-Klaxon-Event: oncall.handoff and this body:
//
//   {"version":1,"id":"<idempotency key>","event":"oncall.handoff",
//    "occurred_at":"<the handoff instant>",
//    "schedule":{"id":"primary","name":"Primary on-call"},
//    "outgoing":{"id":"maya","name":"..."}|null,"incoming":{...}|null,
//    "recipient":"diego"|null,          (set: this copy is for that person)
//    "incidents":[{"id":"INC-7","title":"...","severity":"SEV1",
//                  "status":"identified","lead":"...","opened_at":"...",
//                  "summary":"...","next":"...","eta":"...","url":"..."|null}],
//    "unlisted":0}
//
// `version` changes only when a field is removed or changes meaning; new
// fields may appear in any version. Receivers should verify the signature
// over the raw body, reject timestamps more than 5 minutes away, and drop
// repeats by Idempotency-Key (delivery is at least once).
//
// Pure; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.h"
#include "core/time.h"
#include "notify/brief.h"
#include "notify/channel.h"
#include "notify/notification.h"
#include "notify/reminder.h"

namespace klaxon::notify::webhook {

inline constexpr int kSchemaVersion = 1;
inline constexpr std::string_view kSignatureHeader = "X-Klaxon-Signature";
inline constexpr std::string_view kEventHeader = "X-Klaxon-Event";
inline constexpr std::string_view kIdempotencyHeader = "Idempotency-Key";
inline constexpr Duration kMaxClockSkew = std::chrono::minutes(5);
inline constexpr Duration kDefaultRetryAfter = std::chrono::seconds(10);

// The JSON body described above.
boost::json::object EventBody(const Notification& n);

// "t=<unix seconds>,v1=<hex>" for `body` signed at `at`.
std::string SignatureHeader(std::string_view secret, Time at, std::string_view body);

// A ready-to-send request: the serialised body and every header above
// (Content-Type included). The body is serialised once, here; sign and send
// exactly these bytes. An empty secret is kInvalidArgument (klaxon does not
// send unsigned webhooks).
struct SignedRequest {
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};
Result<SignedRequest> BuildRequest(const Notification& n, std::string_view secret, Time now);

// The brief's body and request, as above.
boost::json::object BriefBody(const HandoffBrief& brief);
// A reminder (notify/reminder.h), X-Klaxon-Event: postmortem.reminder:
//   {"version":1,"id":"<idempotency key>","event":"postmortem.reminder",
//    "occurred_at":"...","kind":"postmortem_overdue"|"action_item_due",
//    "incident":{"id":"INC-42","title":"...","url":"..."|null},"text":"...",
//    "action_item":{"id":7,"owner":"diego"}|null,"recipient":"diego"|null}
boost::json::object ReminderBody(const Reminder& reminder);
Result<SignedRequest> BuildReminderRequest(const Reminder& reminder, std::string_view secret,
                                           Time now);
Result<SignedRequest> BuildBriefRequest(const HandoffBrief& brief, std::string_view secret,
                                        Time now);

// For receivers (and tests): Ok if `header` has a t= within kMaxClockSkew of
// `now` and at least one v1= equal (constant time) to the HMAC of
// "<t>.<body>". Several v1= values are allowed (secret rotation); unknown
// keys are ignored. kUnauthenticated otherwise, never naming the secret.
Status VerifySignature(std::string_view secret, std::optional<std::string_view> header,
                       std::string_view body, Time now);

// A receiver's answer: 2xx delivered; 408/425/429/5xx retry (Retry-After,
// else kDefaultRetryAfter); anything else permanent.
Delivery ClassifyResponse(int status, std::optional<std::string_view> retry_after);

}  // namespace klaxon::notify::webhook
