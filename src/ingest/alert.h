#pragma once
// The canonical alert: what every source adapter (Alertmanager, PagerDuty
// Events, generic JSON, probes) produces, and all that the rest of
// klaxon knows about where an alert came from.

#include <optional>
#include <string>
#include <vector>

#include "core/labels.h"
#include "core/time.h"

namespace klaxon::ingest {

enum class AlertAction {
  kFire,         // firing (new, or a repeat of a known alert)
  kResolve,      // the sender says it is over
  kAcknowledge,  // the sender acknowledges it (PagerDuty Events "acknowledge")
};

struct Alert {
  LabelSet labels;        // identity and routing
  LabelSet annotations;   // descriptive; the latest values win
  AlertAction action = AlertAction::kFire;
  std::optional<Time> starts_at;  // nullopt: when klaxon received it
  std::optional<Time> ends_at;    // a known end; at or before now means resolved
  std::string generator_url;
  std::string source;        // adapter name, e.g. "alertmanager", "pagerduty"
  std::string integration;   // id of the configured integration that sent it
  Fingerprint fingerprint;   // identity; FingerprintOf(labels) unless the source has a key
  std::string external_key;  // the sender's own key (PagerDuty dedup_key), if any
  // True when the sender re-sends active alerts (Alertmanager API v2): an alert
  // without ends_at then resolves by itself if not refreshed within the
  // configured resolve_timeout. False: it fires until told otherwise.
  bool refresh_expected = false;
  // A severity id the sender decided itself (a probe's threshold); "" lets
  // the runbook decide. The engine opens incidents at it and raises an open
  // incident of a less severe level to it (with severity_reason on the
  // timeline); it never lowers one.
  std::string severity;
  std::string severity_reason;
};

// What an adapter gives back for one request body.
struct ParsedBatch {
  std::vector<Alert> alerts;
  std::string routing_key;  // PagerDuty Events: the integration key from the body
};

// Inputs an adapter may need besides the body. Adapters never read the clock.
struct ParseContext {
  Time now;
  size_t max_alerts = 10000;  // more than this is an error (kTooLarge)
};

}  // namespace klaxon::ingest
