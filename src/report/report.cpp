#include "report/report.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include <fmt/format.h>

#include "config/config.h"

namespace klaxon::report {
namespace {

// Longer windows reach before any incident klaxon can have, and risk
// overflowing `now - since`.
constexpr Duration kMaxSince = std::chrono::days(3660);

double Seconds(Duration d) { return static_cast<double>(d.count()) / 1000.0; }

// The smallest value with at least q of the values at or below it; `v` sorted.
double NearestRank(const std::vector<double>& v, double q) {
  auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

bool Paged(const IncidentFacts& f, const Settings& s) {
  if (f.escalated) return true;
  return std::any_of(f.notified_channels.begin(), f.notified_channels.end(),
                     [&](const std::string& c) { return s.paging_channels.contains(c); });
}

bool Recovered(incident::Status s) {
  return s == incident::Status::kMonitoring || s == incident::Status::kResolved;
}

IncidentResponse Judge(const IncidentFacts& f, const Settings& s, Time now) {
  IncidentResponse r;
  r.id = f.id;
  r.severity = f.severity;
  r.runbook_id = f.runbook_id;
  r.status = f.status;
  r.opened_at = f.opened_at;
  if (f.first_ack_at) r.time_to_acknowledge = std::max(Duration(0), *f.first_ack_at - f.opened_at);
  if (f.status == incident::Status::kResolved && f.resolved_at) {
    r.time_to_resolve = std::max(Duration(0), *f.resolved_at - f.opened_at);
  }
  if (auto rt = s.response_time.find(f.severity); rt != s.response_time.end()) {
    Time deadline = f.opened_at + rt->second;
    if (f.first_ack_at) {
      r.sla_breached = *f.first_ack_at > deadline;
    } else {
      Time open_until = f.status == incident::Status::kResolved && f.resolved_at ? *f.resolved_at : now;
      r.sla_breached = open_until > deadline;
    }
  }
  r.paged = Paged(f, s);
  if (f.remediation_runs > 0) {
    if (f.remediation_outcome.empty()) {
      r.remediation = Remediation::kInProgress;
    } else {
      bool fixed = f.remediation_outcome == "recovered" || f.remediation_outcome == "completed";
      r.remediation = fixed && Recovered(f.status) && !r.paged ? Remediation::kSucceeded
                                                               : Remediation::kFailed;
    }
  }
  return r;
}

// Adds the incidents in `members` up into `g` (whose keys are set).
void Fill(Group& g, const std::vector<const IncidentResponse*>& members) {
  std::vector<double> tta, ttr;
  for (const IncidentResponse* r : members) {
    ++g.opened;
    if (r->time_to_acknowledge) {
      ++g.acknowledged;
      tta.push_back(Seconds(*r->time_to_acknowledge));
    } else {
      ++g.unacknowledged;
    }
    if (r->status == incident::Status::kResolved) {
      ++g.resolved;
    } else {
      ++g.open;
    }
    if (r->time_to_resolve) ttr.push_back(Seconds(*r->time_to_resolve));
    if (r->sla_breached) ++g.sla_breaches;
    switch (r->remediation) {
      case Remediation::kNone: break;
      case Remediation::kInProgress: ++g.remediation_in_progress; break;
      case Remediation::kSucceeded: ++g.remediation_succeeded; [[fallthrough]];
      case Remediation::kFailed: ++g.remediation_attempted; break;
    }
  }
  g.time_to_acknowledge = Summarize(std::move(tta));
  g.time_to_resolve = Summarize(std::move(ttr));
  if (g.remediation_attempted > 0) {
    g.remediation_success_ratio = static_cast<double>(g.remediation_succeeded) /
                                  static_cast<double>(g.remediation_attempted);
  }
}

// Groups `all` by (severity, runbook) with `key` blanking what is not grouped on.
std::vector<Group> GroupBy(const std::vector<IncidentResponse>& all,
                           const std::function<std::pair<std::string, std::string>(
                               const IncidentResponse&)>& key) {
  std::map<std::pair<std::string, std::string>, std::vector<const IncidentResponse*>> members;
  for (const auto& r : all) members[key(r)].push_back(&r);
  std::vector<Group> out;
  for (const auto& [k, list] : members) {
    Group g;
    g.severity = k.first;
    g.runbook_id = k.second;
    Fill(g, list);
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

Settings SettingsFrom(const config::Config& config) {
  Settings s;
  for (const auto& sev : config.severities) {
    s.severities.push_back(sev.id);
    s.response_time[sev.id] = sev.response_time;
  }
  for (const auto& ch : config.notifications.channels) {
    if (ch.type == "pagerduty") s.paging_channels.insert(ch.id);
  }
  return s;
}

Stats Summarize(std::vector<double> seconds) {
  Stats s;
  s.count = static_cast<int64_t>(seconds.size());
  if (seconds.empty()) return s;
  std::sort(seconds.begin(), seconds.end());
  s.mean = std::accumulate(seconds.begin(), seconds.end(), 0.0) / static_cast<double>(seconds.size());
  s.median = NearestRank(seconds, 0.5);
  s.p90 = NearestRank(seconds, 0.9);
  return s;
}

std::string_view ToString(Remediation r) {
  switch (r) {
    case Remediation::kNone: return "none";
    case Remediation::kInProgress: return "in_progress";
    case Remediation::kSucceeded: return "succeeded";
    case Remediation::kFailed: return "failed";
  }
  return "none";
}

Report Build(std::span<const IncidentFacts> facts, const Settings& settings, Time now,
             Duration since) {
  Report rep;
  rep.to = now;
  rep.since = since;
  rep.from = now - since;
  for (const auto& f : facts) {
    if (f.opened_at < rep.from) continue;
    rep.incidents.push_back(Judge(f, settings, now));
  }
  std::vector<const IncidentResponse*> everything;
  for (const auto& r : rep.incidents) everything.push_back(&r);
  Fill(rep.total, everything);

  // Every configured severity has a row, even without incidents.
  auto by_severity = GroupBy(rep.incidents, [](const IncidentResponse& r) {
    return std::pair<std::string, std::string>(r.severity, "");
  });
  for (const auto& id : settings.severities) {
    auto it = std::find_if(by_severity.begin(), by_severity.end(),
                           [&](const Group& g) { return g.severity == id; });
    if (it != by_severity.end()) {
      rep.by_severity.push_back(std::move(*it));
      by_severity.erase(it);
    } else {
      Group empty;
      empty.severity = id;
      rep.by_severity.push_back(std::move(empty));
    }
  }
  for (auto& g : by_severity) rep.by_severity.push_back(std::move(g));

  rep.by_runbook = GroupBy(rep.incidents, [](const IncidentResponse& r) {
    return std::pair<std::string, std::string>("", r.runbook_id);
  });
  rep.by_severity_runbook = GroupBy(rep.incidents, [](const IncidentResponse& r) {
    return std::pair<std::string, std::string>(r.severity, r.runbook_id);
  });
  return rep;
}

Result<Duration> ParseSince(std::string_view text, std::string_view what) {
  auto d = ParseDuration(text);
  if (!d) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", what, d.error().message));
  if (*d <= Duration(0)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: the window must be longer than 0 (e.g. 30d, 12h)", what));
  }
  if (*d > kMaxSince) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: at most {} (10 years)", what, FormatDuration(kMaxSince)));
  }
  return *d;
}

}  // namespace klaxon::report
