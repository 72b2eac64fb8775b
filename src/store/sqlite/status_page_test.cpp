// The status page in the SQLite store: status incidents with their updates,
// maintenance windows, cancelling, and the history window of the page read.
#include <gtest/gtest.h>

#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using statuspage::ComponentStatus;
using statuspage::IncidentStatus;
using testing::At;
using testing::MakeIncident;
using testing::StoreTest;

class StatusPageStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store_ = OpenStore();
    ASSERT_TRUE(store_);
    auto uow = BeginOn(*store_);
    ASSERT_TRUE(uow->InsertIncident(inc_).has_value());
    ASSERT_TRUE(uow->Commit());
  }
  // Publishes a status incident at `at` with one update; resolved at `resolved` if given.
  statuspage::Incident Publish(int64_t at, std::optional<int64_t> resolved = std::nullopt) {
    statuspage::Incident p;
    p.source_incident = inc_.id;
    p.name = "Payment processing delays";
    p.impact = statuspage::Impact::kMajor;
    p.components = {{"payments", ComponentStatus::kPartialOutage}, {"api", ComponentStatus::kDegradedPerformance}};
    p.created_at = p.updated_at = At(at);
    p.created_by = "sam";
    auto uow = BeginOn(*store_);
    EXPECT_TRUE(uow->InsertStatusIncident(p));
    statuspage::Update u{0, p.id, IncidentStatus::kInvestigating, "We're on it.", p.components, At(at), "sam"};
    EXPECT_TRUE(uow->InsertStatusUpdate(u));
    if (resolved) {
      p.status = IncidentStatus::kResolved;
      p.resolved_at = p.updated_at = At(*resolved);
      EXPECT_TRUE(uow->UpdateStatusIncident(p));
      statuspage::Update r{0, p.id, IncidentStatus::kResolved, "Fixed.", {}, At(*resolved), "maya"};
      EXPECT_TRUE(uow->InsertStatusUpdate(r));
    }
    EXPECT_TRUE(uow->Commit());
    return p;
  }
  std::unique_ptr<Store> store_;
  incident::Incident inc_ = MakeIncident("g");
};

TEST_F(StatusPageStoreTest, AStatusIncidentAndItsUpdatesRoundTrip) {
  auto p = Publish(1000, 5000);
  ASSERT_GT(p.id, 0);
  auto latest = store_->LatestStatusIncidentOf(inc_.id);
  ASSERT_TRUE(latest && *latest);
  const auto& got = **latest;
  EXPECT_EQ(got.id, p.id);
  EXPECT_EQ(got.source_incident, inc_.id);
  EXPECT_EQ(got.name, "Payment processing delays");
  EXPECT_EQ(got.status, IncidentStatus::kResolved);
  EXPECT_EQ(got.impact, statuspage::Impact::kMajor);
  EXPECT_EQ(got.components, p.components);
  EXPECT_EQ(got.resolved_at, At(5000));
  EXPECT_EQ(got.created_by, "sam");
  ASSERT_EQ(got.updates.size(), 2u);
  EXPECT_EQ(got.updates[0].status, IncidentStatus::kResolved);  // newest first
  EXPECT_EQ(got.updates[0].actor, "maya");
  EXPECT_TRUE(got.updates[0].components.empty());
  EXPECT_EQ(got.updates[1].body, "We're on it.");
  EXPECT_EQ(got.updates[1].components, p.components);
  // Inside a unit of work too, and an unknown one is nullopt.
  auto uow = BeginOn(*store_);
  auto in = uow->GetStatusIncident(p.id);
  ASSERT_TRUE(in && *in);
  EXPECT_EQ((*in)->updates.size(), 2u);
  EXPECT_FALSE(*uow->GetStatusIncident(p.id + 100));
  EXPECT_FALSE(*store_->LatestStatusIncidentOf(inc_.id + 100));
  auto by_id = store_->GetStatusIncident(p.id);
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->updates.size(), 2u);
  EXPECT_FALSE(*store_->GetStatusIncident(p.id + 100));
  statuspage::Incident missing = p;
  missing.id = p.id + 100;
  EXPECT_EQ(uow->UpdateStatusIncident(missing).error().code, ErrorCode::kNotFound);
}

TEST_F(StatusPageStoreTest, ThePageReadKeepsTheHistoryWindow) {
  auto old = Publish(1000, 2000);
  auto recent = Publish(3000, 9000);
  auto open = Publish(4000);
  auto records = store_->ReadStatusPage(At(9000));  // resolved at 9000: still in
  ASSERT_TRUE(records);
  std::vector<int64_t> ids;
  for (const auto& i : records->incidents) ids.push_back(i.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{open.id, recent.id}));
  EXPECT_EQ(records->incidents[0].updates.size(), 1u);
  EXPECT_EQ(records->incidents[1].updates.size(), 2u);
  auto later = store_->ReadStatusPage(At(9001));
  ASSERT_TRUE(later);
  ASSERT_EQ(later->incidents.size(), 1u);
  EXPECT_EQ(later->incidents[0].id, open.id);
  (void)old;
}

TEST_F(StatusPageStoreTest, MaintenanceWindowsAreKeptCancelledAndLeftOut) {
  statuspage::Maintenance a{0, "Database upgrade", "Slower payments.", {"payments", "api"},
                            At(10000), At(20000), At(500), "sam", std::nullopt, ""};
  statuspage::Maintenance b{0, "Old window", "", {}, At(1000), At(2000), At(500), "sam", std::nullopt, ""};
  {
    auto uow = BeginOn(*store_);
    ASSERT_TRUE(uow->InsertMaintenance(a));
    ASSERT_TRUE(uow->InsertMaintenance(b));
    ASSERT_TRUE(uow->Commit());
  }
  auto records = store_->ReadStatusPage(At(5000));
  ASSERT_TRUE(records);
  ASSERT_EQ(records->maintenances.size(), 1u);  // b ended before
  EXPECT_EQ(records->maintenances[0].name, "Database upgrade");
  EXPECT_EQ(records->maintenances[0].components, (std::vector<std::string>{"payments", "api"}));
  EXPECT_EQ(records->maintenances[0].scheduled_until, At(20000));
  {
    auto uow = BeginOn(*store_);
    ASSERT_TRUE(uow->CancelMaintenance(a.id, "priya", At(6000)));
    auto got = uow->GetMaintenance(a.id);
    ASSERT_TRUE(got && *got);
    EXPECT_EQ((*got)->cancelled_at, At(6000));
    EXPECT_EQ((*got)->cancelled_by, "priya");
    ASSERT_TRUE(uow->Commit());
  }
  EXPECT_TRUE(store_->ReadStatusPage(At(5000))->maintenances.empty());
  auto uow = BeginOn(*store_);
  EXPECT_EQ(uow->CancelMaintenance(a.id, "priya", At(7000)).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace klaxon::store::sqlite
