#pragma once
// What the public page shows at an instant, computed from the records alone
// (pure): each component's status, the overall indicator, the unresolved
// incidents, the maintenance windows and the history.
//
// Roll-up rules (docs/api.md, "Status page"):
//   - a component takes the worst status any unresolved incident gives it,
//     worst being major_outage > partial_outage > degraded_performance >
//     under_maintenance > operational; a maintenance window in progress that
//     names it makes it at least under_maintenance;
//   - the indicator is the worst of the components' (degraded_performance:
//     minor, partial_outage: major, major_outage: critical) and of the
//     unresolved incidents' impacts; maintenance alone is `none`.

#include <string>
#include <vector>

#include "statuspage/statuspage.h"

namespace klaxon::statuspage {

// How far back the page shows resolved incidents and completed maintenance.
inline constexpr Duration kHistoryWindow = std::chrono::days(90);

struct ComponentView {
  const Component* component = nullptr;  // points into the Page
  ComponentStatus status = ComponentStatus::kOperational;
  int position = 0;                      // 1-based, in configuration order
  Time updated_at{};                     // the latest record that touched it, else the snapshot's time
};

struct MaintenanceView {
  const Maintenance* maintenance = nullptr;  // points into the Records
  MaintenanceStatus status = MaintenanceStatus::kScheduled;
};

// Borrows from the Page and the Records it was built from: both must outlive it.
struct Snapshot {
  const Page* page = nullptr;
  Time now{};
  Time updated_at{};  // the latest change recorded, else `now`
  std::vector<ComponentView> components;
  Impact indicator = Impact::kNone;
  std::string description;                 // "All Systems Operational", ...
  std::vector<const Incident*> unresolved;  // newest first
  // Every incident unresolved or resolved within the window, newest first.
  std::vector<const Incident*> history;
  // Windows not cancelled that end within the window or later, by start.
  std::vector<MaintenanceView> maintenances;
};

// Orders statuses for the roll-up (operational lowest).
int Severity(ComponentStatus s);
// The indicator a component status calls for.
Impact IndicatorOf(ComponentStatus s);
// The words Statuspage uses for an indicator ("All Systems Operational", ...);
// `maintenance`: some component is under maintenance.
std::string Describe(Impact indicator, bool maintenance);

Snapshot Build(const Page& page, const Records& records, Time now, Duration window = kHistoryWindow);

}  // namespace klaxon::statuspage
