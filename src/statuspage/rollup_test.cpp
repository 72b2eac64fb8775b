#include "statuspage/rollup.h"

#include <gtest/gtest.h>

namespace klaxon::statuspage {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

const Time kNow = Time(std::chrono::sys_days{std::chrono::year{2026} / 11 / 27}) + hours(6);

Page ThePage() {
  Page p;
  p.name = "CocoPay Status";
  p.url = "https://status.example/status";
  p.components = {{"api", "API", "", "Core", {"api"}, {"RB-001"}},
                  {"payments", "Payments", "", "Core", {}, {"RB-002"}},
                  {"web", "Web app", "", "", {}, {}}};
  return p;
}

Incident Open(int64_t id, Impact impact, std::vector<ComponentState> cs, Time at = kNow - hours(1)) {
  Incident i;
  i.id = id;
  i.name = "Incident " + std::to_string(id);
  i.impact = impact;
  i.components = std::move(cs);
  i.created_at = i.updated_at = at;
  return i;
}

ComponentStatus StatusOf(const Snapshot& s, std::string_view id) {
  for (const auto& v : s.components) {
    if (v.component->id == id) return v.status;
  }
  ADD_FAILURE() << id;
  return ComponentStatus::kOperational;
}

TEST(RollUp, NothingRecordedIsAllOperational) {
  Page page = ThePage();
  Records r;
  auto s = Build(page, r, kNow);
  EXPECT_EQ(s.indicator, Impact::kNone);
  EXPECT_EQ(s.description, "All Systems Operational");
  ASSERT_EQ(s.components.size(), 3u);
  for (const auto& v : s.components) EXPECT_EQ(v.status, ComponentStatus::kOperational);
  EXPECT_EQ(s.components[2].position, 3);
  EXPECT_EQ(s.updated_at, kNow);
}

TEST(RollUp, EachComponentStatusGivesItsIndicator) {
  Page page = ThePage();
  const std::vector<std::pair<ComponentStatus, Impact>> cases = {
      {ComponentStatus::kOperational, Impact::kNone},
      {ComponentStatus::kUnderMaintenance, Impact::kNone},
      {ComponentStatus::kDegradedPerformance, Impact::kMinor},
      {ComponentStatus::kPartialOutage, Impact::kMajor},
      {ComponentStatus::kMajorOutage, Impact::kCritical}};
  for (const auto& [status, indicator] : cases) {
    Records r;
    r.incidents.push_back(Open(1, Impact::kNone, {{"api", status}}));
    auto s = Build(page, r, kNow);
    EXPECT_EQ(StatusOf(s, "api"), status) << ToString(status);
    EXPECT_EQ(StatusOf(s, "payments"), ComponentStatus::kOperational);
    EXPECT_EQ(s.indicator, indicator) << ToString(status);
  }
}

TEST(RollUp, TheWorstOfSeveralIncidentsWinsAndImpactRaisesTheIndicator) {
  Page page = ThePage();
  Records r;
  r.incidents.push_back(Open(1, Impact::kMinor, {{"api", ComponentStatus::kDegradedPerformance}}));
  r.incidents.push_back(Open(2, Impact::kMinor, {{"api", ComponentStatus::kPartialOutage},
                                                 {"payments", ComponentStatus::kDegradedPerformance}}));
  auto s = Build(page, r, kNow);
  EXPECT_EQ(StatusOf(s, "api"), ComponentStatus::kPartialOutage);
  EXPECT_EQ(StatusOf(s, "payments"), ComponentStatus::kDegradedPerformance);
  EXPECT_EQ(s.indicator, Impact::kMajor);
  EXPECT_EQ(s.description, "Partial System Outage");
  // An incident's impact counts even when its components look fine.
  r.incidents.push_back(Open(3, Impact::kCritical, {}));
  EXPECT_EQ(Build(page, r, kNow).indicator, Impact::kCritical);
  EXPECT_EQ(Build(page, r, kNow).description, "Major System Outage");
  EXPECT_EQ(Describe(Impact::kMinor, false), "Partially Degraded Service");
}

TEST(RollUp, AResolvedIncidentNoLongerCounts) {
  Page page = ThePage();
  Records r;
  r.incidents.push_back(Open(1, Impact::kCritical, {{"api", ComponentStatus::kMajorOutage}}));
  r.incidents[0].status = IncidentStatus::kResolved;
  r.incidents[0].resolved_at = kNow - minutes(5);
  auto s = Build(page, r, kNow);
  EXPECT_EQ(StatusOf(s, "api"), ComponentStatus::kOperational);
  EXPECT_EQ(s.indicator, Impact::kNone);
  EXPECT_TRUE(s.unresolved.empty());
  ASSERT_EQ(s.history.size(), 1u);
}

TEST(RollUp, MaintenanceFollowsTheClock) {
  Page page = ThePage();
  Records r;
  Maintenance m;
  m.id = 4;
  m.name = "Database upgrade";
  m.components = {"payments"};
  m.created_at = kNow;
  m.scheduled_for = kNow + hours(2);
  m.scheduled_until = kNow + hours(3);
  r.maintenances.push_back(m);

  auto before = Build(page, r, kNow);
  ASSERT_EQ(before.maintenances.size(), 1u);
  EXPECT_EQ(before.maintenances[0].status, MaintenanceStatus::kScheduled);
  EXPECT_EQ(StatusOf(before, "payments"), ComponentStatus::kOperational);

  auto during = Build(page, r, kNow + hours(2));  // the start itself is in progress
  EXPECT_EQ(during.maintenances[0].status, MaintenanceStatus::kInProgress);
  EXPECT_EQ(StatusOf(during, "payments"), ComponentStatus::kUnderMaintenance);
  EXPECT_EQ(StatusOf(during, "api"), ComponentStatus::kOperational);
  EXPECT_EQ(during.indicator, Impact::kNone);
  EXPECT_EQ(during.description, "Service Under Maintenance");

  auto after = Build(page, r, kNow + hours(3));  // the end itself is completed
  EXPECT_EQ(after.maintenances[0].status, MaintenanceStatus::kCompleted);
  EXPECT_EQ(StatusOf(after, "payments"), ComponentStatus::kOperational);
  EXPECT_EQ(after.description, "All Systems Operational");

  // An outage during the window is worse than maintenance.
  r.incidents.push_back(Open(1, Impact::kMajor, {{"payments", ComponentStatus::kPartialOutage}}, kNow + hours(2)));
  EXPECT_EQ(StatusOf(Build(page, r, kNow + hours(2) + minutes(1)), "payments"), ComponentStatus::kPartialOutage);

  // A cancelled window is gone.
  r.maintenances[0].cancelled_at = kNow + minutes(1);
  auto cancelled = Build(page, r, kNow + hours(2) + minutes(30));
  EXPECT_TRUE(cancelled.maintenances.empty());
}

TEST(RollUp, HistoryKeepsNinetyDays) {
  Page page = ThePage();
  Records r;
  auto resolved = [&](int64_t id, Time at) {
    Incident i = Open(id, Impact::kMinor, {{"web", ComponentStatus::kDegradedPerformance}}, at - hours(1));
    i.status = IncidentStatus::kResolved;
    i.resolved_at = at;
    i.updated_at = at;
    return i;
  };
  r.incidents.push_back(resolved(1, kNow - days(90)));            // exactly 90 days: kept
  r.incidents.push_back(resolved(2, kNow - days(90) - minutes(1)));  // just older: gone
  r.incidents.push_back(resolved(3, kNow - days(2)));
  // Opened long ago but still unresolved: always shown.
  r.incidents.push_back(Open(4, Impact::kMinor, {}, kNow - days(200)));
  Maintenance old;
  old.id = 1;
  old.scheduled_for = kNow - days(95);
  old.scheduled_until = kNow - days(91);
  r.maintenances.push_back(old);
  auto s = Build(page, r, kNow);
  std::vector<int64_t> ids;
  for (const Incident* i : s.history) ids.push_back(i->id);
  EXPECT_EQ(ids, (std::vector<int64_t>{3, 1, 4}));
  EXPECT_TRUE(s.maintenances.empty());
  ASSERT_EQ(s.unresolved.size(), 1u);
  EXPECT_EQ(s.unresolved[0]->id, 4);
  EXPECT_EQ(s.updated_at, kNow - days(2));
}

}  // namespace
}  // namespace klaxon::statuspage
