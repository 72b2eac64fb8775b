#pragma once
// Escalating one incident, as pure functions: the lifecycle (lifecycle.h)
// calls these for the events that start, move or stop an incident's
// escalation, and they update Incident::escalation and add the timeline
// lines and timer commands of the outcome. No clock, no I/O: the time, the
// policies and the schedules come in as values.
//
// The contract, for an incident whose runbook and severity have a policy
// (EscalationRules::For):
//   - opened or re-opened, not acknowledged: level 0 is paged at once
//     ("escalated" line) and a timer of kind kEscalationTimer is set for its
//     deadline (escalate::Deadline; default timeout: the severity's
//     response time);
//   - the timer fires while still unacknowledged: the next level is paged,
//     with the SLA breach on the line ("Not acknowledged within 15m (SEV1
//     response time): escalating to level 2: diego (secondary)"), or, after
//     the last level of the last pass, an "escalation_exhausted" line and no
//     timer;
//   - a manual escalate pages the next level at once (also when
//     acknowledged: then no timer is set, the acknowledgement stands);
//   - acknowledge and resolve cancel the timer; the state stays, without a
//     deadline, so readers see who was paged last;
//   - a severity change re-computes the pending deadline with the new
//     response time (or starts the new severity's policy at level 0, or
//     stops when the new severity has none).
// Who a level pages is resolved with escalate::Resolve at the instant it is
// paged; a schedule with nobody on call is named on the line.

#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "escalate/policy.h"
#include "incident/incident.h"
#include "incident/lifecycle.h"
#include "oncall/schedule.h"

namespace klaxon::incident {

// What the configuration says about escalation, as plain values (the engine
// builds it once from config::Config). Immutable once built; thread-safe to
// share.
struct EscalationRules {
  std::vector<escalate::Policy> policies;
  // (runbook id, severity id) -> policy id, for every pair that escalates
  // (runbook "" is an incident no runbook matched).
  std::map<std::pair<std::string, std::string>, std::string, std::less<>> policy_for;
  std::map<std::string, Duration, std::less<>> response_time;  // severity id -> response time
  std::vector<oncall::Schedule> schedules;
  // Runbooks whose incidents are remediated before anyone is paged.
  std::set<std::string, std::less<>> remediate_first;

  // The policy incidents of this runbook and severity escalate by; nullptr: none.
  const escalate::Policy* For(std::string_view runbook, std::string_view severity) const;
  // The policy with this id; nullptr when it is not configured (any more).
  const escalate::Policy* Find(std::string_view id) const;
  // The severity's response time; 15 minutes for an unknown severity (paging
  // too early beats never paging).
  Duration ResponseTime(std::string_view severity) const;
};

// The lines and timer commands one step adds to a lifecycle outcome.
struct EscalationEffects {
  std::vector<TimelineEntry>& lines;
  std::vector<TimerCommand>& timers;
};

// Opened or re-opened: pages level 0 of the incident's policy, if it has one
// and is open and not acknowledged. No-op otherwise, and for a runbook in
// rules.remediate_first unless `after_remediation` (its remediation failed,
// could not start, or needs a human): the handbook's "remediate, re-check,
// escalate only if still failing".
void StartEscalation(Incident& incident, const EscalationRules& rules, Time now,
                     EscalationEffects out, bool after_remediation = false);

// The escalation timer fired. Pages the next level (or records exhaustion)
// when the incident is open, unacknowledged and its deadline has passed; a
// stale timer (acknowledged, resolved, deadline moved later) is a no-op.
void EscalationDeadline(Incident& incident, const EscalationRules& rules, Time now,
                        EscalationEffects out);

// A manual "escalate" by `actor` via `via`: pages the next level now (level
// 0 when the incident never escalated). kConflict when the incident is
// resolved, has no policy, or the policy is exhausted.
klaxon::Status EscalateNow(Incident& incident, const EscalationRules& rules, const std::string& actor,
                   const std::string& via, Time now, EscalationEffects out);

// Acknowledged or resolved: cancels the timer and clears the deadline.
void StopEscalation(Incident& incident, EscalationEffects out);

// The severity changed (incident.severity is the new one): re-computes the
// pending deadline, or switches policy, or stops; see the contract above.
void SeverityChangedEscalation(Incident& incident, const EscalationRules& rules, Time now,
                               EscalationEffects out);

}  // namespace klaxon::incident
