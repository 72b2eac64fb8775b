#include "incident/escalation.h"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace klaxon::incident {
namespace {

// Who one level pages at one instant, each person labelled with the schedule
// that put them on the page ("diego (secondary)").
struct Paged {
  std::vector<std::string> people;
  std::vector<std::string> uncovered;
  std::vector<std::string> labels;
  std::string error;  // a schedule could not be resolved (configuration bug)
};

Paged PageLevel(const escalate::Level& level, const EscalationRules& rules, Time t) {
  Paged out;
  auto all = escalate::Resolve(level, rules.schedules, t);
  if (!all) {
    out.uncovered = level.schedules;
    out.error = all.error().message;
    return out;
  }
  out.people = all->people;
  out.uncovered = all->uncovered;
  for (const auto& id : level.schedules) {
    auto one = escalate::Resolve(escalate::Level{{id}, {}, std::nullopt}, rules.schedules, t);
    if (!one || one->people.empty()) continue;
    out.labels.push_back(fmt::format("{} ({})", one->people.front(), id));
  }
  for (const auto& person : out.people) {
    bool labelled = std::any_of(out.labels.begin(), out.labels.end(), [&](const std::string& l) {
      return l.starts_with(person + " (");
    });
    if (!labelled) out.labels.push_back(person);
  }
  return out;
}

// "level 2: diego (secondary)"; "level 1 (pass 2): ..."; "level 2: nobody
// on call in secondary".
std::string Describe(const escalate::Position& at, const Paged& paged) {
  std::string level = at.pass == 0 ? fmt::format("level {}", at.level + 1)
                                   : fmt::format("level {} (pass {})", at.level + 1, at.pass + 1);
  std::string who = fmt::format("{}", fmt::join(paged.labels, ", "));
  if (!paged.error.empty()) {
    who += (who.empty() ? "" : "; ") + fmt::format("schedules not resolved: {}", paged.error);
  } else if (!paged.uncovered.empty()) {
    who += (who.empty() ? "" : "; ") +
           fmt::format("nobody on call in {}", fmt::join(paged.uncovered, ", "));
  }
  return fmt::format("{}: {}", level, who.empty() ? "nobody" : who);
}

boost::json::array Strings(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

TimelineEntry Line(const Incident& inc, std::string_view kind, std::string actor, std::string via,
                   std::string text, const boost::json::object& data, Time now) {
  TimelineEntry e;
  e.incident_id = inc.id;
  e.at = now;
  e.kind = std::string(kind);
  e.actor = std::move(actor);
  e.via = std::move(via);
  e.text = std::move(text);
  e.data = boost::json::serialize(data);
  return e;
}

// Pages the level at `at` of `policy`: sets the state, the timer (unless the
// incident is acknowledged) and appends the "escalated" line, whose text is
// `lead` followed by the level and who it pages.
void Page(Incident& inc, const escalate::Policy& policy, const escalate::Position& at,
          const EscalationRules& rules, std::string_view reason, const std::string& lead,
          const std::string& actor, const std::string& via, Time now, EscalationEffects out) {
  Paged paged = PageLevel(policy.levels.at(static_cast<size_t>(at.level)), rules, now);
  EscalationState state;
  state.policy = policy.id;
  state.level = at.level;
  state.pass = at.pass;
  state.since = at.since;
  state.paged = paged.people;
  state.uncovered = paged.uncovered;
  if (!inc.ack) {
    state.due = escalate::Deadline(policy, at, rules.ResponseTime(inc.severity));
    out.timers.push_back({TimerCommand::Op::kSchedule, std::string(kEscalationTimer), *state.due});
  }
  boost::json::object data{{"policy", policy.id},     {"level", at.level + 1},
                           {"pass", at.pass + 1},     {"people", Strings(paged.people)},
                           {"uncovered", Strings(paged.uncovered)},
                           {"reason", reason},
                           {"due", state.due ? boost::json::value(FormatTimestamp(*state.due))
                                             : boost::json::value(nullptr)}};
  out.lines.push_back(
      Line(inc, kinds::kEscalated, actor, via, lead + Describe(at, paged), data, now));
  inc.escalation = std::move(state);
}

escalate::Position PositionOf(const EscalationState& s) { return {s.level, s.pass, s.since}; }

// "15m (SEV1 response time)" or "10m (level 1 timeout)".
std::string WaitedFor(const Incident& inc, const escalate::Policy& policy, const EscalationState& s,
                      const EscalationRules& rules) {
  const auto& level = policy.levels.at(static_cast<size_t>(s.level));
  if (level.timeout) {
    return fmt::format("{} (level {} timeout)", FormatDuration(*level.timeout), s.level + 1);
  }
  return fmt::format("{} ({} response time)", FormatDuration(rules.ResponseTime(inc.severity)),
                     inc.severity);
}

bool Valid(const escalate::Policy& policy, const EscalationState& s) {
  return s.level >= 0 && s.level < static_cast<int>(policy.levels.size()) && s.pass >= 0;
}

}  // namespace

const escalate::Policy* EscalationRules::For(std::string_view runbook,
                                             std::string_view severity) const {
  auto it = policy_for.find(std::pair<std::string, std::string>(runbook, severity));
  return it == policy_for.end() ? nullptr : Find(it->second);
}

const escalate::Policy* EscalationRules::Find(std::string_view id) const {
  auto it = std::find_if(policies.begin(), policies.end(),
                         [&](const escalate::Policy& p) { return p.id == id; });
  return it == policies.end() ? nullptr : &*it;
}

Duration EscalationRules::ResponseTime(std::string_view severity) const {
  auto it = response_time.find(severity);
  if (it == response_time.end() || it->second <= Duration(0)) return std::chrono::minutes(15);
  return it->second;
}

void StartEscalation(Incident& inc, const EscalationRules& rules, Time now, EscalationEffects out,
                     bool after_remediation) {
  if (!inc.IsOpen() || inc.ack) return;
  if (!after_remediation && rules.remediate_first.contains(inc.runbook_id)) return;
  if (inc.escalation && inc.escalation->due) return;  // already waiting
  const escalate::Policy* policy = rules.For(inc.runbook_id, inc.severity);
  if (!policy || policy->levels.empty()) return;
  Page(inc, *policy, escalate::Start(now), rules, "opened", "Paging ", "klaxon", "engine", now,
       out);
}

void EscalationDeadline(Incident& inc, const EscalationRules& rules, Time now,
                        EscalationEffects out) {
  if (!inc.IsOpen() || inc.ack || !inc.escalation || !inc.escalation->due ||
      *inc.escalation->due > now) {
    return;  // stale: acknowledged, resolved, or the deadline moved
  }
  EscalationState& s = *inc.escalation;
  const escalate::Policy* policy = rules.Find(s.policy);
  if (!policy || !Valid(*policy, s)) {
    s.due.reset();
    out.lines.push_back(Line(inc, kinds::kEscalationExhausted, "klaxon", "engine",
                             fmt::format("Escalation stopped: policy \"{}\" is no longer "
                                         "configured as it was",
                                         s.policy),
                             {{"policy", s.policy}, {"reason", "policy_changed"}}, now));
    return;
  }
  std::string breach = fmt::format("Not acknowledged within {}", WaitedFor(inc, *policy, s, rules));
  auto next = escalate::Next(*policy, PositionOf(s), now);
  if (!next) {
    s.due.reset();
    s.exhausted = true;
    out.lines.push_back(Line(
        inc, kinds::kEscalationExhausted, "klaxon", "engine",
        fmt::format("{}: escalation exhausted (policy {}: every level paged, nobody acknowledged)",
                    breach, policy->id),
        {{"policy", policy->id}, {"level", s.level + 1}, {"pass", s.pass + 1}}, now));
    return;
  }
  Page(inc, *policy, *next, rules, "deadline", breach + ": escalating to ", "klaxon", "engine",
       now, out);
}

klaxon::Status EscalateNow(Incident& inc, const EscalationRules& rules, const std::string& actor,
                   const std::string& via, Time now, EscalationEffects out) {
  if (!inc.IsOpen()) {
    return Fail(ErrorCode::kConflict, fmt::format("cannot escalate INC-{}: it is resolved", inc.id));
  }
  const escalate::Policy* policy = inc.escalation ? rules.Find(inc.escalation->policy) : nullptr;
  if (policy && !Valid(*policy, *inc.escalation)) policy = nullptr;
  std::string lead = fmt::format("Escalated by {} via {}: paging ", actor, via);
  if (!policy) {
    const escalate::Policy* fresh = rules.For(inc.runbook_id, inc.severity);
    if (!fresh || fresh->levels.empty()) {
      return Fail(ErrorCode::kConflict,
                  fmt::format("cannot escalate INC-{}: no escalation policy for {}{}", inc.id,
                              inc.severity,
                              inc.runbook_id.empty() ? "" : " / " + inc.runbook_id));
    }
    Page(inc, *fresh, escalate::Start(now), rules, "manual", lead, actor, via, now, out);
    return {};
  }
  auto next = escalate::Next(*policy, PositionOf(*inc.escalation), now);
  if (!next) {
    return Fail(ErrorCode::kConflict,
                fmt::format("cannot escalate INC-{}: escalation policy {} is exhausted (its last "
                            "level was paged)",
                            inc.id, policy->id));
  }
  bool waiting = inc.escalation->due.has_value();
  Page(inc, *policy, *next, rules, "manual", lead, actor, via, now, out);
  if (waiting && !inc.escalation->due) {
    out.timers.push_back({TimerCommand::Op::kCancel, std::string(kEscalationTimer), {}});
  }
  return {};
}

void StopEscalation(Incident& inc, EscalationEffects out) {
  if (!inc.escalation || !inc.escalation->due) return;
  inc.escalation->due.reset();
  out.timers.push_back({TimerCommand::Op::kCancel, std::string(kEscalationTimer), {}});
}

void SeverityChangedEscalation(Incident& inc, const EscalationRules& rules, Time now,
                               EscalationEffects out) {
  if (!inc.IsOpen() || inc.ack) return;
  const escalate::Policy* policy = rules.For(inc.runbook_id, inc.severity);
  if (!policy || policy->levels.empty()) {
    StopEscalation(inc, out);
    return;
  }
  // Not waiting on this policy (another policy, or stopped by a severity
  // without one): start this one over. An exhausted policy stays exhausted.
  bool same = inc.escalation && inc.escalation->policy == policy->id &&
              Valid(*policy, *inc.escalation);
  if (!same || (!inc.escalation->due && !inc.escalation->exhausted)) {
    StopEscalation(inc, out);
    Page(inc, *policy, escalate::Start(now), rules, "severity_changed", "Paging ", "klaxon",
         "engine", now, out);
    return;
  }
  EscalationState& s = *inc.escalation;
  if (!s.due) return;  // exhausted
  Time due = escalate::Deadline(*policy, PositionOf(s), rules.ResponseTime(inc.severity));
  if (due == *s.due) return;
  s.due = due;
  out.timers.push_back({TimerCommand::Op::kSchedule, std::string(kEscalationTimer), due});
}

}  // namespace klaxon::incident
