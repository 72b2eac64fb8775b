#include "engine/incident_writer.h"

#include "engine/notifications.h"
#include "engine/postmortems.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace klaxon::engine {
namespace {

constexpr size_t kListedAlerts = 5;          // named in a summary line's text
constexpr size_t kListedFingerprints = 100;  // kept in its data

bool IsAlertLine(std::string_view kind) {
  return kind == incident::kinds::kAlertFired || kind == incident::kinds::kAlertResolved;
}

// The alert an event is about (description, fingerprint), if any.
std::pair<std::string_view, std::string_view> AlertOf(const incident::Event& event) {
  if (const auto* e = std::get_if<incident::AlertFired>(&event)) return {e->alert, e->fingerprint};
  if (const auto* e = std::get_if<incident::AlertResolved>(&event)) return {e->alert, e->fingerprint};
  return {};
}

}  // namespace

IncidentWriter::IncidentWriter(store::UnitOfWork& uow, incident::Policy policy,
                               const config::Config* notify, AlertSummaries* summaries)
    : uow_(uow), policy_(policy), notify_(notify), summaries_(summaries) {}

Status IncidentWriter::Write(incident::TimelineEntry& line) {
  if (auto st = uow_.AppendTimeline(line); !st) return st;
  if (summaries_) summaries_->Close(line.incident_id);  // no longer the latest line
  if (notify_ && (EventOfLine(line.kind) || line.kind == incident::kinds::kStatusChanged)) {
    notable_[line.incident_id].push_back(line);
  }
  return {};
}

Status IncidentWriter::EnqueueNotifications() {
  for (auto& [id, lines] : notable_) {
    if (lines.empty()) continue;
    Status lookup;
    auto notified_before = [&](std::string_view channel) {
      auto has = uow_.HasNotifications(id, channel);
      if (!has) {
        if (lookup) lookup = Fail(has.error());
        return false;
      }
      return *has;
    };
    auto planned =
        PlanNotifications(*notify_, cache_.at(id), lines, lines.back().at, notified_before);
    if (!lookup) return lookup;
    for (auto& row : planned) {
      auto added = uow_.EnqueueNotification(row);
      if (!added) return Fail(added.error());
      if (*added) ++enqueued_;
    }
  }
  notable_.clear();
  return {};
}

std::string IncidentWriter::TimerKey(int64_t incident_id, std::string_view kind) {
  return fmt::format("incident/{}/{}", incident_id, kind);
}

Result<incident::Incident*> IncidentWriter::Get(int64_t id) {
  if (auto it = cache_.find(id); it != cache_.end()) return &it->second;
  auto loaded = uow_.GetIncident(id);
  if (!loaded) return Fail(loaded.error());
  if (!*loaded) return Fail(ErrorCode::kNotFound, fmt::format("incident {} not found", id));
  auto [it, _] = cache_.emplace(id, std::move(**loaded));
  group_to_id_[it->second.group_key] = id;
  return &it->second;
}

Result<incident::Incident*> IncidentWriter::ForGroup(const rules::Decision& d, Time now) {
  incident::Incident* latest = nullptr;
  if (auto it = group_to_id_.find(d.group_key); it != group_to_id_.end()) {
    latest = &cache_.at(it->second);
  } else {
    auto found = uow_.LatestIncidentInGroup(d.group_key);
    if (!found) return Fail(found.error());
    if (*found) {
      int64_t id = (*found)->id;
      auto [it2, _] = cache_.emplace(id, std::move(**found));
      group_to_id_[d.group_key] = id;
      latest = &it2->second;
    }
  }
  switch (incident::ChooseIncident(latest, policy_, now)) {
    case incident::GroupChoice::kJoin:
    case incident::GroupChoice::kReopen:
      return latest;
    case incident::GroupChoice::kOpenNew:
      break;
  }
  incident::Incident fresh =
      incident::NewIncident(d.title, d.runbook_id, d.severity, d.group_key, d.group_labels, now);
  auto id = uow_.InsertIncident(fresh);
  if (!id) return Fail(id.error());
  incident::TimelineEntry opened;
  opened.incident_id = *id;
  opened.at = now;
  opened.kind = std::string(incident::kinds::kOpened);
  opened.actor = "klaxon";
  opened.via = "engine";
  opened.text = d.runbook_id.empty()
                    ? fmt::format("Opened: {} ({}, no runbook matched)", d.title, d.severity)
                    : fmt::format("Opened: {} ({}, runbook {})", d.title, d.severity, d.runbook_id);
  boost::json::object data{{"severity", d.severity},
                           {"runbook", d.runbook_id},
                           {"group_key", d.group_key}};
  opened.data = boost::json::serialize(data);
  if (auto st = Write(opened); !st) return Fail(st.error());
  auto [it, _] = cache_.emplace(*id, std::move(fresh));
  group_to_id_[d.group_key] = *id;
  opened_.push_back(*id);
  // Page the first level of its escalation policy, if it has one.
  auto started = Apply(it->second, incident::EscalationStarted{}, now);
  if (!started) return Fail(started.error());
  // And start its update cadence.
  auto cadence = Apply(it->second, incident::CadenceStarted{}, now);
  if (!cadence) return Fail(cadence.error());
  return &it->second;
}

Result<const incident::Outcome*> IncidentWriter::Apply(incident::Incident& inc,
                                                       const incident::Event& event, Time now) {
  bool from_monitoring = std::holds_alternative<incident::AlertFired>(event) && inc.IsOpen() &&
                         inc.status == incident::Status::kMonitoring;
  auto out = incident::Apply(inc, event, policy_, now);
  if (!out) return Fail(out.error());
  last_ = std::move(*out);
  if (!last_.changed) return &last_;
  if (from_monitoring && last_.incident.status == incident::Status::kInvestigating) {
    refired_.push_back(inc.id);
  }
  auto [alert, fingerprint] = AlertOf(event);
  bool resolved = false, reopened = false;
  for (auto& line : last_.timeline) {
    resolved = resolved || line.kind == incident::kinds::kResolved;
    reopened = reopened || line.kind == incident::kinds::kReopened;
    if (line.kind == incident::kinds::kReopened) opened_.push_back(inc.id);
    line.incident_id = inc.id;
    if (auto st = Append(line, alert, fingerprint); !st) return Fail(st.error());
  }
  for (const auto& t : last_.timers) {
    std::string key = TimerKey(inc.id, t.kind);
    if (t.op == incident::TimerCommand::Op::kCancel) {
      if (auto st = uow_.DeleteTimer(key); !st) return Fail(st.error());
    } else {
      store::Timer timer{key, t.kind, inc.id, t.due, "{}"};
      if (auto st = uow_.PutTimer(timer); !st) return Fail(st.error());
      if (!earliest_timer_ || t.due < *earliest_timer_) earliest_timer_ = t.due;
    }
  }
  int64_t version = inc.version;
  inc = std::move(last_.incident);  // callers read the outcome's lines, not its incident
  inc.version = version;
  dirty_[inc.id] = Dirty::kFull;
  // Post-mortems (postmortems.h): decided at every resolution.
  if (notify_ && resolved) {
    if (auto st = PostmortemDecided(uow_, *this, *notify_, inc, now); !st) return Fail(st.error());
  }
  if (reopened) {
    if (auto st = PostmortemReopened(uow_, inc); !st) return Fail(st.error());
  }
  return &last_;
}

Status IncidentWriter::ApplyAlert(incident::Incident& inc, const AlertEvent& a, Time now) {
  // The event without its strings is enough to ask the lifecycle.
  incident::Event event = a.fired ? incident::Event{incident::AlertFired{{}, {}, {}, a.joins}}
                                  : incident::Event{incident::AlertResolved{{}, {}, {}, a.expired}};
  auto fill = [&] {
    std::string alert = a.labels->ToString();
    std::string fingerprint = a.fingerprint.ToHex();
    std::visit(
        [&](auto& e) {
          if constexpr (requires { e.fingerprint; }) {
            e.alert = std::move(alert);
            e.fingerprint = std::move(fingerprint);
            e.actor = std::string(a.actor);
          }
        },
        event);
  };
  if (!incident::IsCountOnly(inc, event)) {
    fill();
    auto applied = Apply(inc, event, now);
    if (!applied) return Fail(applied.error());
    return {};
  }
  incident::ApplyCount(inc, event, now);
  if (Dirty& d = dirty_[inc.id]; d != Dirty::kFull) d = Dirty::kCounts;
  std::string_view kind = a.fired ? incident::kinds::kAlertFired : incident::kinds::kAlertResolved;
  if (auto it = pending_.find(inc.id); it != pending_.end() && it->second.first.kind == kind) {
    Pending& p = it->second;
    p.count += 1;
    if (p.alerts.size() < kListedAlerts) p.alerts.push_back(a.labels->ToString());
    if (!p.fingerprints.full()) p.fingerprints.Add(a.fingerprint.ToHex());
    return {};
  }
  fill();
  incident::TimelineEntry line = incident::AlertLine(inc, event, now);
  auto [alert, fingerprint] = AlertOf(event);
  return Append(line, alert, fingerprint);
}

Status IncidentWriter::Append(incident::TimelineEntry& line, std::string_view alert,
                              std::string_view fingerprint) {
  auto it = pending_.find(line.incident_id);
  if (IsAlertLine(line.kind)) {
    if (it != pending_.end() && it->second.first.kind == line.kind) {
      Pending& p = it->second;
      p.count += 1;
      if (p.alerts.size() < kListedAlerts) p.alerts.emplace_back(alert);
      p.fingerprints.Add(fingerprint);
      return {};
    }
    if (it != pending_.end()) {
      if (auto st = FlushPending(line.incident_id); !st) return st;
    }
    Pending p;
    p.count = 1;
    p.alerts.emplace_back(alert);
    p.fingerprints = FingerprintList(kListedFingerprints);
    p.fingerprints.Add(fingerprint);
    p.first = line;
    pending_.emplace(line.incident_id, std::move(p));
    return {};
  }
  if (it != pending_.end()) {
    if (auto st = FlushPending(line.incident_id); !st) return st;
  }
  return Write(line);
}

namespace {

std::string SummaryText(std::string_view kind, int64_t count, const std::vector<std::string>& alerts) {
  std::string names;
  for (const auto& a : alerts) names += (names.empty() ? "" : ", ") + a;
  if (count > static_cast<int64_t>(alerts.size())) {
    names += fmt::format(" (+{} more)", count - static_cast<int64_t>(alerts.size()));
  }
  return fmt::format("{} alerts {}: {}", count,
                     kind == incident::kinds::kAlertFired ? "firing" : "resolved", names);
}

std::string SummaryData(int64_t count, const FingerprintList& fingerprints) {
  return fmt::format(R"({{"count":{},"fingerprints":[{}]}})", count, fingerprints.json());
}

template <class T>
void AppendCapped(std::vector<T>& to, std::vector<T>& from, size_t cap) {
  for (auto& v : from) {
    if (to.size() >= cap) break;
    to.push_back(std::move(v));
  }
}

}  // namespace

Status IncidentWriter::FlushPending(int64_t incident_id) {
  auto it = pending_.find(incident_id);
  if (it == pending_.end()) return {};
  Pending p = std::move(it->second);
  pending_.erase(it);
  incident::TimelineEntry line = std::move(p.first);
  // Extend the incident's open summary line from an earlier batch, if any.
  if (summaries_) {
    if (OpenSummary* open = summaries_->Find(incident_id, line.kind, line.at)) {
      open->count += p.count;
      AppendCapped(open->alerts, p.alerts, kListedAlerts);
      open->fingerprints.Add(p.fingerprints);
      open->last_at = line.at;
      return uow_.UpdateTimelineText(open->seq, SummaryText(open->kind, open->count, open->alerts),
                                     SummaryData(open->count, open->fingerprints));
    }
  }
  if (p.count > 1) {
    line.text = SummaryText(line.kind, p.count, p.alerts);
    line.data = SummaryData(p.count, p.fingerprints);
  }
  if (auto st = uow_.AppendTimeline(line); !st) return st;
  if (summaries_) {
    summaries_->Open(incident_id, OpenSummary{line.seq, line.kind, line.at, p.count,
                                              std::move(p.alerts), std::move(p.fingerprints)});
  }
  return {};
}

Status IncidentWriter::Flush() {
  while (!pending_.empty()) {
    if (auto st = FlushPending(pending_.begin()->first); !st) return st;
  }
  for (auto& [id, dirty] : dirty_) {
    if (dirty == Dirty::kClean) continue;
    incident::Incident& inc = cache_.at(id);
    Status written = dirty == Dirty::kCounts ? uow_.UpdateIncidentCounts(inc) : uow_.UpdateIncident(inc);
    if (!written) return written;
    dirty = Dirty::kClean;
  }
  return EnqueueNotifications();
}

}  // namespace klaxon::engine
