#pragma once
// The incident and its timeline: the durable record of one response.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/labels.h"
#include "core/time.h"

namespace klaxon::incident {

// The handbook's statuses, in the order a response usually moves through them.
enum class Status { kInvestigating, kIdentified, kFixing, kMonitoring, kResolved };

std::string_view ToString(Status s);          // "investigating", ...
std::string_view DisplayName(Status s);       // "Investigating", ...
std::optional<Status> ParseStatus(std::string_view s);  // case-insensitive

struct Acknowledgement {
  std::string by;   // person id or token name
  std::string via;  // api | cli | slack | pagerduty | ui | source
  Time at;
};

// Where an incident's escalation stands (incident/escalation.h moves it).
// Kept after escalation stops, so readers can see who was paged last.
struct EscalationState {
  std::string policy;              // escalation policy id
  int level = 0;                   // index into the policy's levels; 0 is the first
  int pass = 0;                    // 0 on the first pass over the levels
  Time since{};                    // when this level was paged
  std::optional<Time> due;         // when this level stops waiting; nullopt when
                                   // escalation is not waiting (acknowledged,
                                   // resolved, exhausted, or no policy any more)
  std::vector<std::string> paged;  // person ids this level paged, in order
  std::vector<std::string> uncovered;  // schedule ids with nobody on call then
  bool exhausted = false;          // the policy ran out of levels unacknowledged

  friend bool operator==(const EscalationState&, const EscalationState&) = default;
};

struct Incident {
  int64_t id = 0;             // 42 for INC-42; assigned by the store
  std::string title;
  std::string runbook_id;     // "" when no runbook matched
  std::string severity;       // "SEV1"
  Status status = Status::kInvestigating;
  std::string group_key;      // rules::Decision::group_key
  LabelSet group_labels;
  Time opened_at{};
  Time updated_at{};
  std::optional<Time> monitoring_since;  // set while in Monitoring
  std::optional<Time> resolved_at;
  std::optional<Acknowledgement> ack;
  std::string lead;
  int64_t firing_alerts = 0;  // alerts of this incident currently firing
  int64_t total_alerts = 0;   // distinct alerts ever joined
  int reopen_count = 0;
  std::string summary;        // latest update's summary
  std::string next_step;      // latest update's "Next"
  std::string eta;            // latest update's ETA (free text)
  std::string root_cause;     // set on resolve
  std::optional<EscalationState> escalation;  // nullopt: never escalated
  int64_t version = 0;        // bumped on every write; guards concurrent updates

  bool IsOpen() const { return status != Status::kResolved; }
};

// "INC-42" (with the configured prefix) and back.
std::string DisplayId(std::string_view prefix, int64_t id);
std::optional<int64_t> ParseDisplayId(std::string_view text);  // "INC-42", "inc-42", "42"

// One line of an incident's append-only history.
struct TimelineEntry {
  int64_t seq = 0;          // assigned by the store, increasing per store
  int64_t incident_id = 0;
  Time at{};
  std::string kind;         // see kinds below
  std::string actor;        // person/token name, integration id, or "klaxon"
  std::string via;          // api | cli | slack | pagerduty | ui | source | engine
  std::string text;         // human-readable one-liner
  std::string data;         // JSON object with the details ({} if none)
};

// Timeline kinds written by this module (later modules add their own).
namespace kinds {
inline constexpr std::string_view kOpened = "opened";
inline constexpr std::string_view kAlertFired = "alert_fired";
inline constexpr std::string_view kAlertResolved = "alert_resolved";
inline constexpr std::string_view kStatusChanged = "status_changed";
inline constexpr std::string_view kAcknowledged = "acknowledged";
inline constexpr std::string_view kUpdate = "update";
inline constexpr std::string_view kSeverityChanged = "severity_changed";
inline constexpr std::string_view kResolved = "resolved";
inline constexpr std::string_view kReopened = "reopened";
inline constexpr std::string_view kLeadAssigned = "lead_assigned";
inline constexpr std::string_view kEscalated = "escalated";  // a level was paged
inline constexpr std::string_view kEscalationExhausted = "escalation_exhausted";
// Automated remediation (engine/remediation.h): a run started, a step ran (or
// would have, in a dry run), a re-check, approvals, budgets.
inline constexpr std::string_view kRemediation = "remediation";
inline constexpr std::string_view kDiagnostic = "diagnostic";  // an automated diagnostic ran
}  // namespace kinds

}  // namespace klaxon::incident
