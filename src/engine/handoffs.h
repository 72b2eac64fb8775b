#pragma once
// Handoff briefs (the handbook's "brief next on-call on any active issues"),
// as pure functions: which durable timer each schedule keeps, and what the
// engine writes when one fires. engine.cpp only runs them.
//
// Every schedule that notifications.handoff covers keeps one durable timer
// (key "schedule/<id>/handoff", kind "handoff", no incident) due at its next
// handoff (oncall::NextHandoff: a rotation turn, a layer starting, an
// override starting or ending, wherever the person on call changes). When it
// fires, one unit of work deletes it, enqueues the brief (outbox rows with no
// incident, event "oncall.handoff") and puts the timer of the following
// handoff. So a restart before the instant fires it once (the timer is
// still there), and a restart after it never fires it again (the timer is
// gone, the rows are enqueued, and each row's idempotency key
// "handoff/<schedule>/<unix ms>[/<person>]" admits it once per channel).
//
// A brief goes to every channel in notifications.handoff.notify and, with
// `direct`, to the incoming person's own routes: their Slack user (a DM
// through dm_via) and their webhook channel. It lists the open incidents,
// most severe first, then oldest, at most kBriefIncidents of them (the rest
// counted).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "incident/incident.h"
#include "notify/brief.h"
#include "oncall/handoff.h"
#include "store/store.h"

namespace klaxon::engine {

inline constexpr std::string_view kHandoffTimer = "handoff";
inline constexpr size_t kBriefIncidents = 20;

// "schedule/primary/handoff".
std::string HandoffTimerKey(std::string_view schedule_id);
// The schedule a handoff timer belongs to ("" if the key is not one).
std::string ScheduleOfHandoffTimer(std::string_view key);

// The timer of the first handoff of `schedule` strictly after `after`;
// nullopt when the person on call never changes again.
Result<std::optional<store::Timer>> NextHandoffTimer(const config::Schedule& schedule, Time after);

// At start-up, what to do with a briefed schedule's stored timer given the
// one it would set now (`wanted`, from NextHandoffTimer(schedule, now)):
//   kKeep    stored is due already (a handoff passed while klaxon was down:
//            it fires once, late), or equals wanted
//   kPut     nothing stored, or stored is in the future but no longer the
//            next handoff (the schedule changed)
//   kDelete  stored is in the future and the schedule never hands over again
enum class TimerAction { kKeep, kPut, kDelete };
TimerAction ReconcileHandoffTimer(const std::optional<store::Timer>& stored,
                                  const std::optional<store::Timer>& wanted, Time now);

// The brief of `handoff`, listing `open` (open incidents, any order) as the
// channel post (no recipient, no key: PlanHandoff sets those).
notify::HandoffBrief BuildBrief(const config::Config& config, const config::Schedule& schedule,
                                const oncall::Handover& handoff,
                                std::span<const incident::Incident> open);

struct HandoffPlan {
  std::optional<oncall::Handover> handoff;  // nullopt: nothing to announce
  std::vector<store::OutboxEntry> rows;    // due at `now`
  std::optional<store::Timer> next;        // the timer of the following handoff
};

// The timer of `schedule` due at `due` fires at `now` (>= due). Announces
// the latest handoff in [due, now] (a timer that fires late, after a
// downtime, announces only who is on call now; a stale one, from before the
// schedule changed, announces nothing) and plans the next timer after it.
// Fails only for a schedule that does not pass oncall::Validate.
Result<HandoffPlan> PlanHandoff(const config::Config& config, const config::Schedule& schedule,
                                Time due, Time now, std::span<const incident::Incident> open);

}  // namespace klaxon::engine
