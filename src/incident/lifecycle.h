#pragma once
// The incident state machine, as pure functions: (incident, event, now) ->
// the next incident, the timeline lines to append and the timers to set or
// cancel. No I/O and no clock: the engine loads, calls Apply, and writes the
// outcome in one transaction.
//
//   Investigating/Identified/Fixing --all alerts resolved--> Monitoring
//   Monitoring --quiet period elapsed, still quiet--> Resolved
//   Monitoring --an alert fires again--> Investigating
//   Resolved --an alert fires within the re-open window--> Investigating (re-opened)
//   any open status --update--> any open status;  any open --resolve--> Resolved
// and the update cadence (Policy::update_every): an open incident carries one
// timer of kind kUpdateDueTimer, due one interval of its severity after the
// latest status update (or after it opened, re-opened or changed severity).
// When it fires (UpdateDue) an "update_missed" line names who is reminded
// (the lead; with none, the acknowledger; with neither, the channel) and the
// timer is set again one interval later, until an update resets it. Resolving
// cancels it. Monitoring is still open: reminders go on until resolved (the
// handbook's 🟡 UPDATE lists Monitoring among its statuses).
// and, with Policy::escalation, escalation (escalation.h): level 0 paged on
// open and re-open, the next level when the deadline passes or on Escalate,
// stopped by acknowledge and resolve.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "incident/incident.h"

namespace klaxon::incident {

struct EscalationRules;  // escalation.h

struct Policy {
  Duration quiet_period{std::chrono::minutes(5)};
  Duration reopen_window{std::chrono::minutes(30)};
  // nullptr: nothing escalates. Otherwise must outlive every Apply call.
  const EscalationRules* escalation = nullptr;
  // Severity id -> how often an open incident needs a status update. nullptr,
  // or a severity not in it: no reminders. Must outlive every Apply call.
  const std::map<std::string, Duration, std::less<>>* update_every = nullptr;

  // The cadence of this severity, if it has one.
  std::optional<Duration> UpdateEvery(std::string_view severity) const;
};

// Events. `actor` is who did it (person/token name, integration id, "klaxon");
// `via` is the channel (api, cli, slack, pagerduty, ui, source, engine).
struct AlertFired {        // an alert of this incident started firing (new or again)
  std::string alert;       // short description for the timeline, e.g. {alertname="ApiDown"}
  std::string fingerprint;
  std::string actor;       // integration id
  bool joins = true;       // first time this alert belongs to this incident
};
struct AlertResolved {     // a firing alert of this incident stopped
  std::string alert;
  std::string fingerprint;
  std::string actor;
  bool expired = false;    // not refreshed within resolve_timeout
};
struct QuietPeriodElapsed {};
struct Acknowledge {
  std::string actor;
  std::string via;
};
// A remediation step an update asks someone to approve.
struct StepApproval {
  int step = 0;      // 1-based index in the runbook's actions
  std::string name;
  std::string role;  // the least role that may approve it
};
struct PostUpdate {
  std::optional<Status> status;  // must not be kResolved (use Resolve)
  std::string summary;
  std::string next;
  std::string eta;
  std::string actor;
  std::string via;
  // The update asks for this approval: kept in the line's data ("approval"),
  // so its notification can offer it (an Approve button in Slack).
  std::optional<StepApproval> approval;
};
struct Resolve {
  std::string root_cause;
  std::string actor;
  std::string via;
  // The rest of the resolve note, for the post-mortem draft (kept in the
  // resolved line's data): what fixed it, and the impact, each "" if unknown.
  std::string resolution;
  std::string impact_users;
  std::string impact_payments;
  std::string impact_revenue;
};
struct ChangeSeverity {
  std::string severity;   // validated by the caller against the configuration
  std::string reason;
  std::string actor;
  std::string via;
};

struct AssignLead {
  std::string lead;       // person id (validated by the caller); "" unassigns
  std::string actor;
  std::string via;
};

// Escalation (escalation.h has the contract).
// The incident was just opened: page level 0. Incidents of a runbook that
// remediates first (EscalationRules::remediate_first) page only when the
// remediation asks, with after_remediation set.
struct EscalationStarted {
  bool after_remediation = false;
};
struct EscalationDeadlinePassed {};  // the escalation timer fired
struct Escalate {                    // page the next level now
  std::string actor;
  std::string via;
};

// The update cadence: CadenceStarted when an incident was just opened (the
// writer applies it after inserting it; re-opening starts it by itself);
// UpdateDue when its kUpdateDueTimer fired.
// The next reminder stays on the grid of the timer's due time (due + every,
// skipping any instants already past after a late firing, never a burst).
struct CadenceStarted {};
struct UpdateDue {
  Time due{};  // when the timer was due
};

using Event = std::variant<AlertFired, AlertResolved, QuietPeriodElapsed, Acknowledge,
                           PostUpdate, Resolve, ChangeSeverity, AssignLead, EscalationStarted,
                           EscalationDeadlinePassed, Escalate, CadenceStarted, UpdateDue>;

// Timer kinds owned by this state machine.
inline constexpr std::string_view kQuietPeriodTimer = "quiet_period";
// One per escalating incident, due at the deadline of the level paged last.
inline constexpr std::string_view kEscalationTimer = "escalation";
// One per open incident whose severity has an update cadence.
inline constexpr std::string_view kUpdateDueTimer = "update_due";

namespace kinds {  // beside incident.h's
// No status update within the severity's cadence: who was reminded. Data:
// {"remind": person or "", "as": "lead" | "acknowledger" | "channel",
//  "every": "15m"}.
inline constexpr std::string_view kUpdateMissed = "update_missed";
}  // namespace kinds

struct TimerCommand {
  enum class Op { kSchedule, kCancel };
  Op op = Op::kSchedule;
  std::string kind;
  Time due{};  // kSchedule only
};

struct Outcome {
  Incident incident;                   // the next state (version untouched)
  std::vector<TimelineEntry> timeline;  // incident_id and at filled in
  std::vector<TimerCommand> timers;
  bool changed = false;                // false: nothing to write (idempotent no-op)
};

// Applies one event. Errors (kConflict) for transitions the handbook does not
// allow, e.g. updating or acknowledging a resolved incident.
Result<Outcome> Apply(const Incident& incident, const Event& event, const Policy& policy,
                      Time now);

// The flood path. Most alert events change nothing but the incident's alert
// counters and add one alert line: an alert firing into an open incident that
// is not in Monitoring, or an alert resolving while others of the incident
// still fire (or after the incident left the open statuses' main path). For
// those, Apply's full outcome (a copy of the incident, a formatted line) is
// wasted work when a thousand alerts arrive at once.
//
// IsCountOnly(incident, event) is true exactly when Apply(incident, event)
// would change only firing_alerts, total_alerts and updated_at and produce
// one line of kind alert_fired / alert_resolved and no timer. ApplyCount then
// makes that same change to `incident` in place; the caller writes the line,
// built with AlertLine(), which is also what Apply produces for it.
// Requires an AlertFired or AlertResolved event; only its `joins` flag is read,
// so callers may leave the strings empty when they only ask.
bool IsCountOnly(const Incident& incident, const Event& event);
void ApplyCount(Incident& incident, const Event& event, Time now);
// The line Apply writes for an alert event (AlertFired or AlertResolved).
TimelineEntry AlertLine(const Incident& incident, const Event& event, Time now);

// The update cadence of an open incident that has no kUpdateDueTimer (one
// opened before its version of klaxon kept them): when its next reminder is
// due, one interval of its severity after the latest line that (re)started
// the cadence or reminded (opened, reopened, update, severity_changed,
// update_missed) in `timeline`, or after opened_at without one. It may be in
// the past: the reminder then comes at once, and the cadence goes on from it
// as usual (UpdateDue). nullopt: resolved, or its severity has no cadence.
std::optional<Time> ResumedUpdateDue(const Incident& incident,
                                     std::span<const TimelineEntry> timeline,
                                     const Policy& policy);

// What a firing alert does with the latest incident of its group.
enum class GroupChoice { kJoin, kReopen, kOpenNew };
GroupChoice ChooseIncident(const Incident* latest_in_group, const Policy& policy, Time now);

// A new incident for a first firing alert (id 0 until the store assigns one).
Incident NewIncident(std::string title, std::string runbook_id, std::string severity,
                     std::string group_key, LabelSet group_labels, Time now);

}  // namespace klaxon::incident
