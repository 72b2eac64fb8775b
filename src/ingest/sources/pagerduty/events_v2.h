#pragma once
// PagerDuty Events API v2: `POST /v2/enqueue`, so anything that can page
// PagerDuty can page klaxon instead. One event per body:
//   {"routing_key":"e93facc04764012d7bfb002500d5d1a6","event_action":"trigger",
//    "dedup_key":"klaxon/inc-42",
//    "payload":{"summary":"...","source":"api-1.prod","severity":"critical",
//               "timestamp":"2025-07-17T08:42:58.315+0000","component":"api",
//               "group":"prod","class":"latency","custom_details":{...}},
//    "client":"...","client_url":"...","links":[{"href":"...","text":"..."}],
//    "images":[{"src":"...","href":"...","alt":"..."}]}
//
// Validation follows PagerDuty: every problem is collected (not just the
// first) in PagerDuty's wording, e.g. "'payload.summary' is missing or blank".
//   - routing_key: required (its format is klaxon's business: the HTTP layer
//     looks it up among the configured integration keys).
//   - event_action: trigger | acknowledge | resolve.
//   - dedup_key: at most 255 characters; required for acknowledge/resolve. A
//     trigger without one gets a new random key (32 hex digits), returned as
//     the alert's external_key so the API can answer it back.
//   - trigger only: payload.summary (at most 1024 characters), payload.source
//     and payload.severity (critical|error|warning|info, case-sensitive) are
//     required; payload.timestamp must be ISO 8601; component, group, class,
//     client, client_url must be strings; links[] need an href, images[] a src.
//     For acknowledge/resolve the payload and the rest are ignored.
//
// Canonical alert:
//   fingerprint  = FingerprintOfParts({"pagerduty", routing_key, dedup_key})
//   external_key = dedup_key;  action: trigger kFire, acknowledge kAcknowledge,
//                  resolve kResolve (ends_at = now)
//   labels       = alertname (payload.class, else "PagerDutyEvent"), dedup_key,
//                  and for triggers severity, source, component, group (when set)
//   annotations  = summary, client, client_url, custom_details (a string as
//                  is, anything else as compact JSON), links and images
//                  (compact JSON arrays), when set
//   starts_at    = payload.timestamp; generator_url = client_url
// Acknowledge/resolve alerts carry identity only: their labels are minimal
// and are not meant to replace the trigger's.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ingest/alert.h"
#include "ingest/sources/source.h"

namespace klaxon::ingest::pagerduty {

// Makes a fresh dedup_key for a trigger that has none.
using DedupKeyFn = std::string (*)();

// 32 lowercase hex digits (128 random bits) from a per-thread generator
// seeded from std::random_device. Thread-safe. The one non-pure step here.
std::string RandomDedupKey();

// PagerDuty's top-level message for a refused event.
inline constexpr std::string_view kInvalidEventMessage = "Event object is invalid";

// Why an event was refused, for the 400 answer
//   {"status":"invalid event","message":"Event object is invalid","errors":[...]}
struct InvalidEvent {
  ErrorCode code = ErrorCode::kInvalidArgument;  // kTooLarge if the body exhausted memory
  std::vector<std::string> errors;               // never empty; untrusted text is quoted/escaped
  // One Error: "Event object is invalid: <error>; <error>; ...".
  Error ToError() const;
};

// Decodes and validates one event. Pure apart from calling new_dedup_key
// (only for a trigger without dedup_key). On success the batch holds exactly
// one alert and routing_key is set.
std::expected<ParsedBatch, InvalidEvent> DecodeEventsV2(std::string_view body,
                                                        const ParseContext& ctx,
                                                        DedupKeyFn new_dedup_key = &RandomDedupKey);

// The ParseFn: DecodeEventsV2 with RandomDedupKey, errors joined by ToError().
Result<ParsedBatch> ParseEventsV2(std::string_view body, const ParseContext& ctx);

inline constexpr SourceFormat kEventsV2Format{
    .name = "pagerduty",
    .path = "/v2/enqueue",
    .integration_type = "pagerduty",
    .auth = AuthStyle::kRoutingKey,
    .parse = &ParseEventsV2,
};

}  // namespace klaxon::ingest::pagerduty
