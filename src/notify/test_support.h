#pragma once
// Test-only: a CocoPay-style incident notification to render in tests.

#include "core/time.h"
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

}  // namespace klaxon::notify::testing
