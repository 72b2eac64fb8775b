#pragma once
// PagerDuty Events API v2, outbound: the events klaxon sends to
// `POST https://events.pagerduty.com/v2/enqueue` to page people, and how to
// read PagerDuty's answer.
//
// Every event for one incident uses the same routing_key and
//   dedup_key = the incident's display id ("INC-42"),
// so acknowledge/resolve reach the alert the trigger opened. A trigger:
//   {"routing_key":"<32 chars>","event_action":"trigger","dedup_key":"INC-42",
//    "payload":{"summary":"[SEV1] INC-42: API down","source":"api",
//               "severity":"critical","timestamp":"2025-08-07T09:14:22.000Z",
//               "component":"api","class":"RB-001",
//               "custom_details":{"incident":"INC-42","severity":"SEV1",
//                 "status":"investigating","runbook":"RB-001","lead":"",
//                 "summary":"","next":"","eta":"","labels":{...}}},
//    "client":"klaxon","client_url":"<link>",
//    "links":[{"href":"<link>","text":"INC-42 in klaxon"}]}
// `component` and `class` are left out when empty; client_url and links when
// there is no link. payload.source is the incident's `service` label, else
// Options::source. payload.summary is the `page_summary` message template
// (notify/message_templates.h; by default "[SEV1] INC-42: API down") as
// plain text, at most 1024 characters (cut with "…").
// Acknowledge and resolve carry only routing_key, event_action, dedup_key.
//
// Pure; thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "notify/channel.h"
#include "notify/message_templates.h"
#include "notify/notification.h"

namespace klaxon::notify::pagerduty {

inline constexpr size_t kMaxSummaryChars = 1024;
inline constexpr size_t kMaxDedupKeyChars = 255;

// klaxon severity -> PagerDuty severity (critical|error|warning|info).
// Configurable; Default() is SEV1 critical, SEV2 error, SEV3 warning,
// SEV4 info. A severity missing from the table maps to `fallback`: paging
// too loudly beats not paging.
struct SeverityMap {
  std::vector<std::pair<std::string, std::string>> entries;  // exact match on klaxon severity
  std::string fallback = "critical";

  static SeverityMap Default();
  std::string_view Map(std::string_view klaxon_severity) const;
};

struct EventOptions {
  std::string routing_key;        // the integration key; a secret
  std::string source = "klaxon";  // payload.source when the incident has no service label
  std::string client = "klaxon";
  SeverityMap severities = SeverityMap::Default();
  // The configured message templates; null for the defaults.
  std::shared_ptr<const MessageTemplates> messages;
};

boost::json::object TriggerEvent(const EventOptions& options, const Notification& n);
boost::json::object AcknowledgeEvent(const EventOptions& options, const Notification& n);
boost::json::object ResolveEvent(const EventOptions& options, const Notification& n);

// The event for a notification: kResolved resolves, kAcknowledged
// acknowledges, everything else (re)triggers with the same dedup_key, which
// PagerDuty adds to the open alert as a log entry (or opens a new alert
// after a resolve, as a re-opened incident should).
boost::json::object EventFor(const EventOptions& options, const Notification& n);

// Reading PagerDuty's answer to /v2/enqueue:
//   202 {"status":"success","message":"Event processed","dedup_key":"INC-42"}
//       -> delivered, reference = dedup_key
//   400 {"status":"invalid event","message":"Event object is invalid","errors":[...]}
//       -> permanent, the errors in the reason (with the routing key redacted)
//   429 -> retry after 30 s (PagerDuty's advice), or its Retry-After
//   5xx -> retry after kServerErrorWait, or its Retry-After
//   other 4xx -> permanent
inline constexpr Duration kRateLimitWait = std::chrono::seconds(30);
inline constexpr Duration kServerErrorWait = std::chrono::seconds(10);

Delivery ClassifyEnqueueResponse(int status, std::optional<std::string_view> retry_after,
                                 std::string_view body, std::string_view routing_key);

}  // namespace klaxon::notify::pagerduty
