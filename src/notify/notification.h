#pragma once
// What klaxon tells the outside world about an incident: one Notification per
// incident event, built by the engine (later, through a durable outbox) and
// rendered by each integration (notify/slack, notify/pagerduty,
// notify/webhook). Plain values: copyable, no references to engine state.

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "incident/incident.h"

namespace klaxon::notify {

// The incident event a notification reports.
enum class Event {
  kOpened,           // a new incident
  kAcknowledged,     // someone took it
  kUpdated,          // a status update (status, summary, next, ETA)
  kSeverityChanged,  // severity raised or lowered
  kEscalated,        // paged the next level
  kReopened,         // fired again within the re-open window
  kResolved,         // over
  kUpdateDue,        // no status update within the severity's cadence: a reminder
};

// "incident.opened", "incident.acknowledged", ... (the X-Klaxon-Event values).
std::string_view ToString(Event e);
std::optional<Event> ParseEvent(std::string_view text);

// The handbook's 🟡 UPDATE fields, as given by the person posting the update.
struct UpdateFields {
  incident::Status status = incident::Status::kInvestigating;
  std::string summary;  // "What we know"
  std::string next;     // "What we're doing"
  std::string eta;      // free text; "" when unknown
};

// The handbook's 🟢 RESOLVED fields.
struct ResolutionFields {
  Duration duration{};     // opened -> resolved
  std::string impact;      // "Users affected, payments delayed, etc."
  std::string root_cause;
  std::string follow_up;   // a post-mortem link or note; "" when none
};

// A remediation step waiting for an approval, announced by an update
// (Slack shows an Approve button under it: notify/slack/actions.h).
struct ApprovalRequest {
  int step = 0;      // 1-based index in the runbook's actions
  std::string name;  // the step's name
  std::string role;  // the least role that may approve it: "lead"
};

// Who a missed-update reminder is for (Event::kUpdateDue).
struct UpdateReminder {
  std::string person;      // person id (or token name); "" reminds the channel
  std::string as;          // "lead" | "acknowledger" | "channel"
  std::string slack_user;  // the person's Slack user id, to mention; "" when unknown
  Duration every{};        // the severity's update cadence
};

struct Notification {
  Event event = Event::kOpened;
  // "INC-42": the id people see. Slack button values, the PagerDuty dedup_key
  // and the generic webhook's incident.id all carry it.
  std::string incident_ref;
  incident::Incident incident;            // the state after the event
  std::optional<UpdateFields> update;     // the latest update, if any was posted
  std::optional<ResolutionFields> resolution;  // set when resolved
  std::optional<ApprovalRequest> approval;     // kUpdated: the update asks for it
  std::optional<UpdateReminder> reminder;       // set for kUpdateDue
  std::string link;                       // URL of the incident in klaxon; "" if none
  Time at{};                              // when the event happened
  std::string actor;                      // who caused it ("klaxon" for the engine)
  // Stable for one (incident, event) pair across retries; receivers use it to
  // drop duplicates. Provided by the outbox.
  std::string idempotency_key;
  // What the same channel's receiver returned for the first message it
  // accepted about this incident (Delivery::reference: e.g. a Slack
  // "<channel>/<ts>"), so later events edit or thread under it; "" when
  // nothing was delivered yet. Set by the outbox just before Send, never
  // stored in the payload.
  std::string first_receipt;
};

}  // namespace klaxon::notify
