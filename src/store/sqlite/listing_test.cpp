// The Store's read side: listing, detail, counts.

#include <gtest/gtest.h>

#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using incident::Status;
using testing::At;
using testing::Entry;
using testing::MakeAlert;
using testing::MakeIncident;
using testing::StoreTest;

class ListingTest : public StoreTest {
 protected:
  // Inserts incidents 1..n with the given statuses, severities and runbooks.
  void Seed(const std::vector<std::tuple<Status, std::string, std::string>>& rows) {
    auto uow = BeginOn(*store_);
    for (const auto& [status, severity, runbook] : rows) {
      incident::Incident inc = MakeIncident("g", severity);
      inc.status = status;
      inc.runbook_id = runbook;
      ASSERT_TRUE(uow->InsertIncident(inc).has_value());
      ids_.push_back(inc.id);
    }
    ASSERT_TRUE(uow->Commit());
  }

  std::vector<int64_t> List(IncidentFilter filter) {
    auto listed = store_->ListIncidents(filter);
    EXPECT_TRUE(listed.has_value()) << listed.error().message;
    std::vector<int64_t> ids;
    if (listed) {
      for (const auto& inc : *listed) ids.push_back(inc.id);
    }
    return ids;
  }

  void SetUp() override {
    StoreTest::SetUp();
    store_ = OpenStore();
    ASSERT_TRUE(store_);
  }

  std::unique_ptr<Store> store_;
  std::vector<int64_t> ids_;
};

TEST_F(ListingTest, FiltersNewestFirst) {
  Seed({{Status::kInvestigating, "SEV1", "db"},
        {Status::kResolved, "SEV1", "db"},
        {Status::kFixing, "SEV2", "api"},
        {Status::kMonitoring, "SEV1", "api"},
        {Status::kResolved, "SEV3", ""}});
  const auto& id = ids_;
  using Ids = std::vector<int64_t>;
  IncidentFilter any;
  EXPECT_EQ(List(any), (Ids{id[4], id[3], id[2], id[1], id[0]}));
  IncidentFilter open;
  open.open_only = true;
  EXPECT_EQ(List(open), (Ids{id[3], id[2], id[0]}));
  IncidentFilter sev1;
  sev1.severity = "SEV1";
  EXPECT_EQ(List(sev1), (Ids{id[3], id[1], id[0]}));
  IncidentFilter api;
  api.runbook_id = "api";
  EXPECT_EQ(List(api), (Ids{id[3], id[2]}));
  IncidentFilter resolved;
  resolved.statuses = {Status::kResolved};
  EXPECT_EQ(List(resolved), (Ids{id[4], id[1]}));
  IncidentFilter two_statuses;
  two_statuses.statuses = {Status::kFixing, Status::kInvestigating};
  EXPECT_EQ(List(two_statuses), (Ids{id[2], id[0]}));
  IncidentFilter both;  // statuses and open_only intersect
  both.statuses = {Status::kResolved, Status::kMonitoring};
  both.open_only = true;
  EXPECT_EQ(List(both), (Ids{id[3]}));
  IncidentFilter all_filters;
  all_filters.open_only = true;
  all_filters.severity = "SEV1";
  all_filters.runbook_id = "db";
  EXPECT_EQ(List(all_filters), (Ids{id[0]}));
  IncidentFilter unknown;
  unknown.severity = "SEV9";
  EXPECT_TRUE(List(unknown).empty());
  IncidentFilter no_limit;
  no_limit.limit = 0;
  EXPECT_EQ(store_->ListIncidents(no_limit).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(ListingTest, PaginatesWithBeforeId) {
  std::vector<std::tuple<Status, std::string, std::string>> rows;
  for (int i = 0; i < 25; ++i) {
    rows.emplace_back(i % 3 == 0 ? Status::kResolved : Status::kInvestigating, "SEV2", "");
  }
  Seed(rows);
  std::vector<int64_t> all_open;
  for (int i = 24; i >= 0; --i) {
    if (i % 3 != 0) all_open.push_back(ids_[static_cast<size_t>(i)]);
  }
  std::vector<int64_t> paged;
  IncidentFilter filter;
  filter.open_only = true;
  filter.limit = 4;
  while (true) {
    std::vector<int64_t> page = List(filter);
    ASSERT_LE(page.size(), 4u);
    if (page.empty()) break;
    paged.insert(paged.end(), page.begin(), page.end());
    filter.before_id = page.back();
  }
  EXPECT_EQ(paged, all_open);
}

TEST_F(ListingTest, CountsOpenIncidentsBySeverity) {
  Seed({{Status::kInvestigating, "SEV1", ""},
        {Status::kResolved, "SEV1", ""},
        {Status::kMonitoring, "SEV1", ""},
        {Status::kFixing, "SEV3", ""},
        {Status::kResolved, "SEV2", ""}});
  auto counts = store_->CountOpenBySeverity();
  ASSERT_TRUE(counts.has_value()) << counts.error().message;
  EXPECT_EQ(*counts, (std::vector<std::pair<std::string, int64_t>>{{"SEV1", 2}, {"SEV3", 1}}));
}

TEST_F(ListingTest, DetailHasTimelineOldestFirstAndFiringAlertsFirst) {
  Seed({{Status::kInvestigating, "SEV1", ""}, {Status::kInvestigating, "SEV2", ""}});
  int64_t id = ids_[0];
  auto uow = BeginOn(*store_);
  auto append = [&](int64_t incident_id, int64_t at, std::string kind) {
    incident::TimelineEntry e = Entry(incident_id, at, std::move(kind));
    ASSERT_TRUE(uow->AppendTimeline(e));
    EXPECT_GT(e.seq, 0);
  };
  append(id, 20, "second");
  append(id, 10, "first");  // appended later, happened earlier
  append(id, 20, "third");  // same time as "second": append order
  append(ids_[1], 5, "other incident");
  auto alert = [&](uint64_t fp, bool firing, int64_t starts, int64_t incident_id) {
    AlertRecord a = MakeAlert(fp, incident_id);
    a.firing = firing;
    a.starts_at = At(starts);
    ASSERT_TRUE(uow->PutAlert(a));
  };
  alert(1, false, 500, id);
  alert(2, true, 100, id);
  alert(3, true, 300, id);
  alert(4, false, 900, id);
  alert(5, true, 999, ids_[1]);
  alert(6, true, 999, 0);
  ASSERT_TRUE(uow->Commit());

  auto detail = store_->GetIncidentDetail(id);
  ASSERT_TRUE(detail.has_value()) << detail.error().message;
  ASSERT_TRUE(detail->has_value());
  EXPECT_EQ((*detail)->incident.id, id);
  std::vector<std::string> kinds;
  for (const auto& e : (*detail)->timeline) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"first", "second", "third"}));
  std::vector<uint64_t> fps;
  for (const auto& a : (*detail)->alerts) fps.push_back(a.fingerprint.value);
  EXPECT_EQ(fps, (std::vector<uint64_t>{3, 2, 4, 1}));

  auto missing = store_->GetIncidentDetail(424242);
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(ListingTest, DetailCapsTheAlertList) {
  options_.detail_alert_limit = 3;
  store_.reset();
  store_ = OpenStore();
  ASSERT_TRUE(store_);
  Seed({{Status::kInvestigating, "SEV1", ""}});
  auto uow = BeginOn(*store_);
  for (uint64_t fp = 1; fp <= 10; ++fp) ASSERT_TRUE(uow->PutAlert(MakeAlert(fp, ids_[0])));
  ASSERT_TRUE(uow->Commit());
  auto detail = store_->GetIncidentDetail(ids_[0]);
  ASSERT_TRUE(detail.has_value() && detail->has_value());
  EXPECT_EQ((*detail)->alerts.size(), 3u);
}

}  // namespace
}  // namespace klaxon::store::sqlite
