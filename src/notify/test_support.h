#pragma once
// Test-only: a CocoPay-style incident notification to render in tests.

#include "core/time.h"
#include "notify/brief.h"
#include "notify/notification.h"

namespace klaxon::notify::testing {

// 2025-08-07T09:14:22Z.
inline Time Opened() { return FromUnixMillis(1754558062000); }

// INC-42 "API down", SEV1, RB-001, service=api, Investigating, no lead,
// not acknowledged, event kOpened at Opened(), link https://klaxon.example/incidents/42.
inline Notification Sample() {
  Notification n;
  n.event = Event::kOpened;
  n.incident_ref = "INC-42";
  n.incident.id = 42;
  n.incident.title = "API down";
  n.incident.runbook_id = "RB-001";
  n.incident.severity = "SEV1";
  n.incident.status = incident::Status::kInvestigating;
  n.incident.group_labels = LabelSet{{"service", "api"}};
  n.incident.opened_at = Opened();
  n.incident.updated_at = Opened();
  n.incident.firing_alerts = 1;
  n.incident.total_alerts = 1;
  n.link = "https://klaxon.example/incidents/42";
  n.at = Opened();
  n.actor = "klaxon";
  n.idempotency_key = "INC-42/1";
  return n;
}

// The primary schedule handing over from Maya to Diego on Monday
// 2025-08-11 16:00 UTC, with two open incidents: INC-42 (SEV1, identified,
// led by maya, opened 2h15m before, with an update) and INC-43 (SEV2, just
// opened, nobody on it). A channel post: no recipient.
inline HandoffBrief SampleBrief() {
  HandoffBrief b;
  b.schedule_id = "primary";
  b.schedule_name = "Primary on-call";
  b.at = FromUnixMillis(1754928000000);  // 2025-08-11T16:00:00Z
  b.outgoing = {"maya", "Maya Okafor"};
  b.incoming = {"diego", "Diego Hernández"};
  BriefIncident a;
  a.ref = "INC-42";
  a.title = "API down";
  a.severity = "SEV1";
  a.status = incident::Status::kIdentified;
  a.lead = "maya";
  a.opened_at = b.at - std::chrono::minutes(135);
  a.summary = "Bad deploy of the API";
  a.next = "Rolling back";
  a.eta = "16:30 UTC";
  a.link = "https://klaxon.example/incidents/42";
  BriefIncident c;
  c.ref = "INC-43";
  c.title = "Payments slow";
  c.severity = "SEV2";
  c.opened_at = b.at - std::chrono::seconds(20);
  b.incidents = {a, c};
  b.idempotency_key = "handoff/primary/1754928000000";
  return b;
}

}  // namespace klaxon::notify::testing
