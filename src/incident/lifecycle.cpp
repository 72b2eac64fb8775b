#include "incident/lifecycle.h"

#include "incident/escalation.h"

#include <boost/json/serialize.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

namespace klaxon::incident {
namespace {

struct Builder {
  Outcome out;
  Time now;

  void Line(std::string_view kind, std::string actor, std::string via, std::string text,
            boost::json::object data = {}) {
    TimelineEntry e;
    e.incident_id = out.incident.id;
    e.at = now;
    e.kind = std::string(kind);
    e.actor = std::move(actor);
    e.via = std::move(via);
    e.text = std::move(text);
    e.data = boost::json::serialize(data);
    Push(std::move(e));
  }
  void Push(TimelineEntry e) {
    out.timeline.push_back(std::move(e));
    out.changed = true;
  }
  void SetStatus(Status next, const std::string& actor, const std::string& via) {
    Status prev = out.incident.status;
    if (prev == next) return;
    out.incident.status = next;
    Line(kinds::kStatusChanged, actor, via,
         fmt::format("Status {} -> {}", DisplayName(prev), DisplayName(next)),
         {{"from", ToString(prev)}, {"to", ToString(next)}});
  }
  void ScheduleQuiet(Duration quiet) {
    out.incident.monitoring_since = now;
    out.timers.push_back({TimerCommand::Op::kSchedule, std::string(kQuietPeriodTimer), now + quiet});
  }
  // Runs one escalation step (escalation.h) on the outcome when escalation
  // is configured; the outcome changed when the step added anything.
  template <typename Step>
  void Escalation(const Policy& policy, Step step) {
    if (!policy.escalation) return;
    size_t lines = out.timeline.size(), timers = out.timers.size();
    auto before = out.incident.escalation;
    step(*policy.escalation, EscalationEffects{out.timeline, out.timers});
    if (out.timeline.size() != lines || out.timers.size() != timers ||
        out.incident.escalation != before) {
      out.changed = true;
    }
  }
  // (Re)starts the update cadence: the next reminder one interval from now.
  // No-ops when no cadence is configured at all.
  // `from` defaults to now.
  void ScheduleUpdateDue(const Policy& policy, std::optional<Time> from = std::nullopt) {
    if (!policy.update_every) return;
    auto every = policy.UpdateEvery(out.incident.severity);
    if (!every) {
      CancelUpdateDue(policy);
      return;
    }
    Time next = from.value_or(now) + *every;
    if (next <= now) next += ((now - next) / *every + 1) * *every;
    out.timers.push_back({TimerCommand::Op::kSchedule, std::string(kUpdateDueTimer), next});
    out.changed = true;
  }
  void CancelUpdateDue(const Policy& policy) {
    if (!policy.update_every) return;
    out.timers.push_back({TimerCommand::Op::kCancel, std::string(kUpdateDueTimer), {}});
    out.changed = true;
  }
  void CancelQuiet() {
    out.incident.monitoring_since.reset();
    out.timers.push_back({TimerCommand::Op::kCancel, std::string(kQuietPeriodTimer), {}});
  }
};

std::unexpected<Error> ClosedError(const Incident& inc, std::string_view what) {
  return Fail(ErrorCode::kConflict,
              fmt::format("cannot {} INC-{}: it is resolved", what, inc.id));
}

// Who a missed update reminds: the lead, else the acknowledger, else nobody
// in particular (the channel).
std::pair<std::string, std::string_view> Reminded(const Incident& inc) {
  if (!inc.lead.empty()) return {inc.lead, "lead"};
  if (inc.ack && !inc.ack->by.empty()) return {inc.ack->by, "acknowledger"};
  return {"", "channel"};
}

}  // namespace

std::optional<Duration> Policy::UpdateEvery(std::string_view severity) const {
  if (!update_every) return std::nullopt;
  auto it = update_every->find(severity);
  if (it == update_every->end() || it->second <= Duration::zero()) return std::nullopt;
  return it->second;
}

TimelineEntry AlertLine(const Incident& incident, const Event& event, Time now) {
  TimelineEntry e;
  e.incident_id = incident.id;
  e.at = now;
  e.via = "source";
  if (const auto* f = std::get_if<AlertFired>(&event)) {
    e.kind = std::string(kinds::kAlertFired);
    e.actor = f->actor;
    e.text = fmt::format("Alert firing: {}", f->alert);
    e.data = boost::json::serialize(boost::json::object{{"fingerprint", f->fingerprint}});
  } else if (const auto* r = std::get_if<AlertResolved>(&event)) {
    e.kind = std::string(kinds::kAlertResolved);
    e.actor = r->actor;
    e.text = fmt::format("Alert {}: {}", r->expired ? "expired (not refreshed)" : "resolved",
                         r->alert);
    e.data = boost::json::serialize(
        boost::json::object{{"fingerprint", r->fingerprint}, {"expired", r->expired}});
  }
  return e;
}

bool IsCountOnly(const Incident& inc, const Event& event) {
  if (std::holds_alternative<AlertFired>(event)) {
    // Not re-opening, not leaving Monitoring: see Apply.
    return inc.IsOpen() && inc.status != Status::kMonitoring;
  }
  if (std::holds_alternative<AlertResolved>(event)) {
    // Not the last firing alert of an open incident outside Monitoring.
    int64_t left = inc.firing_alerts > 0 ? inc.firing_alerts - 1 : 0;
    return !(left == 0 && inc.IsOpen() &&
             (inc.status != Status::kMonitoring || !inc.monitoring_since));
  }
  return false;
}

void ApplyCount(Incident& inc, const Event& event, Time now) {
  if (const auto* f = std::get_if<AlertFired>(&event)) {
    inc.firing_alerts += 1;
    if (f->joins) inc.total_alerts += 1;
  } else if (inc.firing_alerts > 0) {
    inc.firing_alerts -= 1;
  }
  inc.updated_at = now;
}

GroupChoice ChooseIncident(const Incident* latest, const Policy& policy, Time now) {
  if (latest == nullptr) return GroupChoice::kOpenNew;
  if (latest->IsOpen()) return GroupChoice::kJoin;
  if (latest->resolved_at && now - *latest->resolved_at <= policy.reopen_window) {
    return GroupChoice::kReopen;
  }
  return GroupChoice::kOpenNew;
}

Incident NewIncident(std::string title, std::string runbook_id, std::string severity,
                     std::string group_key, LabelSet group_labels, Time now) {
  Incident inc;
  inc.title = std::move(title);
  inc.runbook_id = std::move(runbook_id);
  inc.severity = std::move(severity);
  inc.group_key = std::move(group_key);
  inc.group_labels = std::move(group_labels);
  inc.status = Status::kInvestigating;
  inc.opened_at = now;
  inc.updated_at = now;
  return inc;
}

std::optional<Time> ResumedUpdateDue(const Incident& inc, std::span<const TimelineEntry> timeline,
                                     const Policy& policy) {
  if (!inc.IsOpen()) return std::nullopt;
  auto every = policy.UpdateEvery(inc.severity);
  if (!every) return std::nullopt;
  Time from = inc.opened_at;
  for (const auto& e : timeline) {
    if (e.kind == kinds::kOpened || e.kind == kinds::kReopened || e.kind == kinds::kUpdate ||
        e.kind == kinds::kSeverityChanged || e.kind == kinds::kUpdateMissed) {
      from = std::max(from, e.at);
    }
  }
  return from + *every;
}

Result<Outcome> Apply(const Incident& incident, const Event& event, const Policy& policy,
                      Time now) {
  Builder b{Outcome{incident, {}, {}, false}, now};
  Incident& inc = b.out.incident;

  if (const auto* e = std::get_if<AlertFired>(&event)) {
    if (!inc.IsOpen()) {
      // Only reached within the re-open window (see ChooseIncident).
      inc.reopen_count += 1;
      inc.resolved_at.reset();
      inc.ack.reset();  // a re-opened incident needs a fresh acknowledgement
      inc.root_cause.clear();
      inc.status = Status::kInvestigating;
      b.Line(kinds::kReopened, e->actor, "source",
             fmt::format("Re-opened: {} fired again", e->alert),
             {{"fingerprint", e->fingerprint}, {"reopen_count", inc.reopen_count}});
      b.Escalation(policy, [&](const EscalationRules& r, EscalationEffects fx) {
        StartEscalation(inc, r, now, fx);
      });
      b.ScheduleUpdateDue(policy);
    } else if (inc.status == Status::kMonitoring) {
      b.CancelQuiet();
      b.SetStatus(Status::kInvestigating, e->actor, "source");
    }
    inc.firing_alerts += 1;
    if (e->joins) inc.total_alerts += 1;
    b.Push(AlertLine(inc, event, now));
  } else if (std::holds_alternative<AlertResolved>(event)) {
    if (inc.firing_alerts > 0) inc.firing_alerts -= 1;
    b.Push(AlertLine(inc, event, now));
    if (inc.firing_alerts == 0 && inc.IsOpen() && inc.status != Status::kMonitoring) {
      b.SetStatus(Status::kMonitoring, "klaxon", "engine");
      b.ScheduleQuiet(policy.quiet_period);
    } else if (inc.firing_alerts == 0 && inc.status == Status::kMonitoring &&
               !inc.monitoring_since) {
      // Set to Monitoring while alerts still fired (an update, a re-check
      // that passed while a probe's alert cleared): the quiet period starts
      // with the last one.
      b.ScheduleQuiet(policy.quiet_period);
    }
  } else if (std::holds_alternative<QuietPeriodElapsed>(event)) {
    // Stale timers (the incident moved on since) are harmless no-ops.
    if (inc.status == Status::kMonitoring && inc.firing_alerts == 0 && inc.monitoring_since &&
        now - *inc.monitoring_since >= policy.quiet_period) {
      inc.status = Status::kResolved;
      inc.resolved_at = now;
      inc.monitoring_since.reset();
      if (inc.root_cause.empty()) {
        inc.root_cause = fmt::format("All alerts resolved; quiet for {}",
                                     FormatDuration(policy.quiet_period));
      }
      b.Line(kinds::kResolved, "klaxon", "engine",
             fmt::format("Resolved automatically after {} without alerts",
                         FormatDuration(policy.quiet_period)),
             {{"automatic", true}});
      b.Escalation(policy, [&](const EscalationRules&, EscalationEffects fx) {
        StopEscalation(inc, fx);
      });
      b.CancelUpdateDue(policy);
    }
  } else if (const auto* e = std::get_if<Acknowledge>(&event)) {
    if (!inc.IsOpen()) return ClosedError(inc, "acknowledge");
    if (!inc.ack) {
      inc.ack = Acknowledgement{e->actor, e->via, now};
      b.Line(kinds::kAcknowledged, e->actor, e->via,
             fmt::format("Acknowledged by {} via {}", e->actor, e->via));
      b.Escalation(policy, [&](const EscalationRules&, EscalationEffects fx) {
        StopEscalation(inc, fx);
      });
    }
  } else if (const auto* e = std::get_if<PostUpdate>(&event)) {
    if (!inc.IsOpen()) return ClosedError(inc, "update");
    if (e->status == Status::kResolved) {
      return Fail(ErrorCode::kInvalidArgument,
                  "status \"resolved\" is set by resolving the incident (with a root cause)");
    }
    if (e->status && *e->status != inc.status) {
      bool leaving_monitoring = inc.status == Status::kMonitoring;
      b.SetStatus(*e->status, e->actor, e->via);
      if (leaving_monitoring) b.CancelQuiet();
      if (*e->status == Status::kMonitoring && inc.firing_alerts == 0) {
        b.ScheduleQuiet(policy.quiet_period);
      }
    }
    inc.summary = e->summary;
    inc.next_step = e->next;
    inc.eta = e->eta;
    boost::json::object data{{"status", ToString(inc.status)}, {"summary", e->summary},
                             {"next", e->next}, {"eta", e->eta}};
    if (e->approval) {
      data["approval"] = boost::json::object{
          {"step", e->approval->step}, {"name", e->approval->name}, {"role", e->approval->role}};
    }
    b.Line(kinds::kUpdate, e->actor, e->via,
           fmt::format("Update ({}): {}", DisplayName(inc.status), e->summary), data);
    b.ScheduleUpdateDue(policy);
  } else if (const auto* e = std::get_if<Resolve>(&event)) {
    if (!inc.IsOpen()) return ClosedError(inc, "resolve");
    bool was_monitoring = inc.status == Status::kMonitoring;
    inc.status = Status::kResolved;
    inc.resolved_at = now;
    inc.root_cause = e->root_cause;
    if (was_monitoring) b.CancelQuiet();
    std::string text = e->root_cause.empty()
                           ? fmt::format("Resolved by {} via {}", e->actor, e->via)
                           : fmt::format("Resolved by {} via {}: {}", e->actor, e->via, e->root_cause);
    if (inc.firing_alerts > 0) {
      text += fmt::format(" ({} alert(s) still firing)", inc.firing_alerts);
    }
    boost::json::object note{{"root_cause", e->root_cause}, {"firing_alerts", inc.firing_alerts}};
    if (!e->resolution.empty()) note["resolution"] = e->resolution;
    if (!e->impact_users.empty() || !e->impact_payments.empty() || !e->impact_revenue.empty()) {
      note["impact"] = boost::json::object{{"users", e->impact_users},
                                           {"payments", e->impact_payments},
                                           {"revenue", e->impact_revenue}};
    }
    b.Line(kinds::kResolved, e->actor, e->via, text, std::move(note));
    b.Escalation(policy, [&](const EscalationRules&, EscalationEffects fx) {
      StopEscalation(inc, fx);
    });
    b.CancelUpdateDue(policy);
  } else if (const auto* e = std::get_if<ChangeSeverity>(&event)) {
    if (!inc.IsOpen()) return ClosedError(inc, "change the severity of");
    if (e->severity != inc.severity) {
      std::string prev = inc.severity;
      inc.severity = e->severity;
      b.Line(kinds::kSeverityChanged, e->actor, e->via,
             e->reason.empty() ? fmt::format("Severity {} -> {}", prev, e->severity)
                               : fmt::format("Severity {} -> {}: {}", prev, e->severity, e->reason),
             {{"from", prev}, {"to", e->severity}, {"reason", e->reason}});
      b.Escalation(policy, [&](const EscalationRules& r, EscalationEffects fx) {
        SeverityChangedEscalation(inc, r, now, fx);
      });
      // The new severity's cadence, counted from the change.
      b.ScheduleUpdateDue(policy);
    }
  } else if (const auto* e = std::get_if<AssignLead>(&event)) {
    if (!inc.IsOpen()) return ClosedError(inc, "assign a lead to");
    if (e->lead != inc.lead) {
      std::string prev = inc.lead;
      inc.lead = e->lead;
      b.Line(kinds::kLeadAssigned, e->actor, e->via,
             e->lead.empty() ? fmt::format("Lead {} unassigned", prev)
                             : fmt::format("Lead: {}", e->lead),
             {{"from", prev}, {"to", e->lead}});
    }
  } else if (const auto* e = std::get_if<EscalationStarted>(&event)) {
    b.Escalation(policy, [&](const EscalationRules& r, EscalationEffects fx) {
      StartEscalation(inc, r, now, fx, e->after_remediation);
    });
  } else if (std::holds_alternative<EscalationDeadlinePassed>(event)) {
    b.Escalation(policy, [&](const EscalationRules& r, EscalationEffects fx) {
      EscalationDeadline(inc, r, now, fx);
    });
  } else if (std::holds_alternative<CadenceStarted>(event)) {
    if (inc.IsOpen()) b.ScheduleUpdateDue(policy);
  } else if (const auto* e = std::get_if<UpdateDue>(&event)) {
    // A stale timer (resolved since, or no cadence any more) does nothing.
    auto every = policy.UpdateEvery(inc.severity);
    if (inc.IsOpen() && every) {
      auto [who, as] = Reminded(inc);
      std::string cadence = fmt::format("No status update in the last {} ({} cadence)",
                                        FormatDuration(*every), inc.severity);
      b.Line(kinds::kUpdateMissed, "klaxon", "engine",
             who.empty() ? cadence + ": reminding the channel"
                         : fmt::format("{}: reminding {} ({})", cadence, who, as),
             {{"remind", who}, {"as", as}, {"every", FormatDuration(*every)}});
      b.ScheduleUpdateDue(policy, e->due);
    }
  } else if (const auto* e = std::get_if<Escalate>(&event)) {
    if (!inc.IsOpen()) return ClosedError(inc, "escalate");
    if (!policy.escalation) {
      return Fail(ErrorCode::kConflict,
                  fmt::format("cannot escalate INC-{}: escalation is not configured", inc.id));
    }
    klaxon::Status st;
    b.Escalation(policy, [&](const EscalationRules& r, EscalationEffects fx) {
      st = EscalateNow(inc, r, e->actor, e->via, now, fx);
    });
    if (!st) return Fail(st.error());
  }

  if (b.out.changed) inc.updated_at = now;
  return std::move(b.out);
}

}  // namespace klaxon::incident
