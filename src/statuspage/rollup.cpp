#include "statuspage/rollup.h"

#include <algorithm>

namespace klaxon::statuspage {

int Severity(ComponentStatus s) {
  switch (s) {
    case ComponentStatus::kOperational: return 0;
    case ComponentStatus::kUnderMaintenance: return 1;
    case ComponentStatus::kDegradedPerformance: return 2;
    case ComponentStatus::kPartialOutage: return 3;
    case ComponentStatus::kMajorOutage: return 4;
  }
  return 0;
}

Impact IndicatorOf(ComponentStatus s) {
  switch (s) {
    case ComponentStatus::kDegradedPerformance: return Impact::kMinor;
    case ComponentStatus::kPartialOutage: return Impact::kMajor;
    case ComponentStatus::kMajorOutage: return Impact::kCritical;
    case ComponentStatus::kOperational:
    case ComponentStatus::kUnderMaintenance: return Impact::kNone;
  }
  return Impact::kNone;
}

std::string Describe(Impact indicator, bool maintenance) {
  switch (indicator) {
    case Impact::kNone: return maintenance ? "Service Under Maintenance" : "All Systems Operational";
    case Impact::kMinor: return "Partially Degraded Service";
    case Impact::kMajor: return "Partial System Outage";
    case Impact::kCritical: return "Major System Outage";
  }
  return "All Systems Operational";
}

Snapshot Build(const Page& page, const Records& records, Time now, Duration window) {
  Snapshot s;
  s.page = &page;
  s.now = now;
  const Time since = now - window;
  std::optional<Time> latest;
  auto touch = [&](Time t) {
    if (t <= now && (!latest || t > *latest)) latest = t;
  };

  for (const auto& inc : records.incidents) {
    if (inc.resolved_at && *inc.resolved_at < since) continue;
    s.history.push_back(&inc);
    if (!inc.resolved_at) s.unresolved.push_back(&inc);
    touch(inc.updated_at);
  }
  auto newest_first = [](const Incident* a, const Incident* b) {
    return a->created_at != b->created_at ? a->created_at > b->created_at : a->id > b->id;
  };
  std::sort(s.history.begin(), s.history.end(), newest_first);
  std::sort(s.unresolved.begin(), s.unresolved.end(), newest_first);

  for (const auto& m : records.maintenances) {
    if (m.cancelled_at || m.scheduled_until < since) continue;
    auto status = StatusAt(m, now);
    s.maintenances.push_back({&m, status});
    touch(m.created_at);
    if (status != MaintenanceStatus::kScheduled) touch(m.scheduled_for);
    if (status == MaintenanceStatus::kCompleted) touch(m.scheduled_until);
  }
  std::stable_sort(s.maintenances.begin(), s.maintenances.end(),
                   [](const MaintenanceView& a, const MaintenanceView& b) {
                     return a.maintenance->scheduled_for < b.maintenance->scheduled_for;
                   });

  bool maintenance = false;
  int position = 0;
  for (const auto& c : page.components) {
    ComponentView v{&c, ComponentStatus::kOperational, ++position, now};
    std::optional<Time> changed;
    auto seen = [&](Time t) {
      if (t <= now && (!changed || t > *changed)) changed = t;
    };
    for (const Incident* inc : s.history) {
      for (const auto& cs : inc->components) {
        if (cs.component != c.id) continue;
        seen(inc->updated_at);
        if (!inc->resolved_at && Severity(cs.status) > Severity(v.status)) v.status = cs.status;
      }
    }
    for (const auto& mv : s.maintenances) {
      const auto& names = mv.maintenance->components;
      if (std::find(names.begin(), names.end(), c.id) == names.end()) continue;
      if (mv.status != MaintenanceStatus::kScheduled) seen(mv.maintenance->scheduled_for);
      if (mv.status == MaintenanceStatus::kCompleted) seen(mv.maintenance->scheduled_until);
      if (mv.status == MaintenanceStatus::kInProgress &&
          Severity(v.status) < Severity(ComponentStatus::kUnderMaintenance)) {
        v.status = ComponentStatus::kUnderMaintenance;
      }
    }
    if (changed) v.updated_at = *changed;
    if (v.status == ComponentStatus::kUnderMaintenance) maintenance = true;
    s.indicator = std::max(s.indicator, IndicatorOf(v.status));
    s.components.push_back(v);
  }
  for (const Incident* inc : s.unresolved) s.indicator = std::max(s.indicator, inc->impact);
  s.description = Describe(s.indicator, maintenance);
  s.updated_at = latest.value_or(now);
  return s;
}

}  // namespace klaxon::statuspage
