// Response facts read from a real SQLite store: the window and its limit, the
// first acknowledgement across a re-open, escalation lines, outbox channels,
// remediation runs (dry runs left out, the latest outcome), and a report
// built over them with known answers.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <fmt/format.h>

#include "report/report.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using namespace std::chrono_literals;
using testing::At;
using testing::Entry;
using testing::MakeIncident;
using testing::StoreTest;

constexpr int64_t kT0 = 1'700'000'000'000;  // ms
constexpr int64_t kMin = 60'000;

class ReportStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store_ = OpenStore();
    ASSERT_TRUE(store_);
  }

  // Inserts an incident opened at kT0 + opened_min minutes.
  int64_t Insert(UnitOfWork& uow, std::string severity, std::string runbook, int64_t opened_min,
                 incident::Status status = incident::Status::kInvestigating,
                 std::optional<int64_t> resolved_min = std::nullopt) {
    auto inc = MakeIncident("g-" + std::to_string(next_++), std::move(severity));
    inc.runbook_id = std::move(runbook);
    inc.opened_at = At(kT0 + opened_min * kMin);
    inc.updated_at = inc.opened_at;
    inc.status = status;
    if (resolved_min) inc.resolved_at = At(kT0 + *resolved_min * kMin);
    EXPECT_TRUE(uow.InsertIncident(inc).has_value());
    return inc.id;
  }
  void Line(UnitOfWork& uow, int64_t id, int64_t at_min, std::string kind) {
    auto e = Entry(id, kT0 + at_min * kMin, std::move(kind));
    EXPECT_TRUE(uow.AppendTimeline(e));
  }
  void Notify(UnitOfWork& uow, int64_t id, std::string channel, std::string event) {
    OutboxEntry o;
    o.incident_id = id;
    o.channel = std::move(channel);
    o.event = event;
    o.idempotency_key = fmt::format("INC-{}:{}:{}", id, event, next_++);
    o.payload = "{}";
    o.next_attempt_at = At(kT0);
    o.created_at = At(kT0);
    EXPECT_TRUE(uow.EnqueueNotification(o).has_value());
  }
  void Run(UnitOfWork& uow, int64_t id, std::string outcome, bool dry_run = false) {
    RemediationRun r;
    r.incident_id = id;
    r.runbook_id = "RB-001";
    r.target_key = fmt::format("RB-001/{}", next_++);
    r.started_at = At(kT0);
    r.progress = dry_run ? R"({"dry_run":true})" : R"({"dry_run":false})";
    EXPECT_TRUE(uow.InsertRemediationRun(r));
    if (!outcome.empty()) {
      r.active = false;
      r.finished_at = At(kT0 + kMin);
      r.outcome = std::move(outcome);
      EXPECT_TRUE(uow.UpdateRemediationRun(r));
    }
  }

  std::unique_ptr<Store> store_;
  int next_ = 0;
};

TEST_F(ReportStoreTest, NoIncidents) {
  auto facts = store_->ListResponseFacts(At(0), 100);
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_TRUE(facts->empty());
  EXPECT_FALSE(store_->ListResponseFacts(At(0), 0));  // the limit must be positive
}

TEST_F(ReportStoreTest, FactsOfEachIncident) {
  int64_t old = 0, a = 0, b = 0, c = 0, d = 0;
  {
    auto uow = BeginOn(*store_);
    old = Insert(*uow, "SEV1", "RB-001", -100 * 24 * 60);  // long before the window
    // a: acked at 5m, re-opened, acked again at 50m: the first counts.
    a = Insert(*uow, "SEV1", "RB-001", 0, incident::Status::kResolved, 60);
    Line(*uow, a, 0, "opened");
    Line(*uow, a, 5, "acknowledged");
    Line(*uow, a, 20, "resolved");
    Line(*uow, a, 30, "reopened");
    Line(*uow, a, 50, "acknowledged");
    Notify(*uow, a, "slack", "incident.opened");
    Notify(*uow, a, "slack", "incident.resolved");
    Run(*uow, a, "recovered");
    // b: escalated and paged PagerDuty; a dry run after a failed run.
    b = Insert(*uow, "SEV2", "RB-001", 10);
    Line(*uow, b, 10, "opened");
    Line(*uow, b, 25, "escalated");
    Notify(*uow, b, "pagerduty", "incident.escalated");
    Notify(*uow, b, "slack", "incident.opened");
    Run(*uow, b, "failed");
    Run(*uow, b, "completed", /*dry_run=*/true);
    // c: only a dry run; d: a run still active.
    c = Insert(*uow, "SEV3", "", 20);
    Run(*uow, c, "completed", /*dry_run=*/true);
    d = Insert(*uow, "SEV1", "RB-001", 30);
    Run(*uow, d, "");
    ASSERT_TRUE(uow->Commit());
  }
  auto facts = store_->ListResponseFacts(At(kT0 - 24 * 60 * kMin), 100);
  ASSERT_TRUE(facts) << facts.error().message;
  ASSERT_EQ(facts->size(), 4u);  // `old` is outside the window
  // Newest first.
  EXPECT_EQ((*facts)[0].id, d);
  EXPECT_EQ((*facts)[3].id, a);
  for (const auto& f : *facts) EXPECT_NE(f.id, old);

  const report::IncidentFacts& fa = (*facts)[3];
  EXPECT_EQ(fa.severity, "SEV1");
  EXPECT_EQ(fa.runbook_id, "RB-001");
  EXPECT_EQ(fa.status, incident::Status::kResolved);
  EXPECT_EQ(fa.opened_at, At(kT0));
  EXPECT_EQ(fa.first_ack_at, At(kT0 + 5 * kMin));
  EXPECT_EQ(fa.resolved_at, At(kT0 + 60 * kMin));
  EXPECT_FALSE(fa.escalated);
  EXPECT_EQ(fa.notified_channels, (std::vector<std::string>{"slack"}));
  EXPECT_EQ(fa.remediation_runs, 1);
  EXPECT_EQ(fa.remediation_outcome, "recovered");

  const report::IncidentFacts& fb = (*facts)[2];
  EXPECT_EQ(fb.first_ack_at, std::nullopt);
  EXPECT_TRUE(fb.escalated);
  auto channels = fb.notified_channels;
  std::sort(channels.begin(), channels.end());
  EXPECT_EQ(channels, (std::vector<std::string>{"pagerduty", "slack"}));
  EXPECT_EQ(fb.remediation_runs, 1);             // the dry run does not count
  EXPECT_EQ(fb.remediation_outcome, "failed");   // the latest run that executed

  const report::IncidentFacts& fc = (*facts)[1];
  EXPECT_EQ(fc.runbook_id, "");
  EXPECT_EQ(fc.remediation_runs, 0);
  EXPECT_EQ(fc.remediation_outcome, "");
  EXPECT_TRUE(fc.notified_channels.empty());

  const report::IncidentFacts& fd = (*facts)[0];
  EXPECT_EQ(fd.remediation_runs, 1);
  EXPECT_EQ(fd.remediation_outcome, "");  // still active

  // The limit keeps the newest.
  auto two = store_->ListResponseFacts(At(0), 2);
  ASSERT_TRUE(two);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].id, d);
  EXPECT_EQ((*two)[1].id, c);

  // The report over what the store read.
  report::Settings settings;
  settings.severities = {"SEV1", "SEV2", "SEV3"};
  settings.response_time = {{"SEV1", 15min}, {"SEV2", 1h}, {"SEV3", 4h}};
  settings.paging_channels = {"pagerduty"};
  Time now = At(kT0 + 120 * kMin);
  report::Report rep = report::Build(*facts, settings, now, 24h);
  EXPECT_EQ(rep.total.opened, 4);
  EXPECT_EQ(rep.total.acknowledged, 1);
  EXPECT_EQ(rep.total.resolved, 1);
  EXPECT_EQ(rep.total.open, 3);
  // b (SEV2, 1h) unacknowledged for 110m, d (SEV1) for 90m: breaches; c
  // (SEV3, 4h) for 100m is not yet; a was acknowledged in 5m.
  EXPECT_EQ(rep.total.sla_breaches, 2);
  ASSERT_TRUE(rep.total.time_to_acknowledge.mean);
  EXPECT_DOUBLE_EQ(*rep.total.time_to_acknowledge.mean, 300);
  ASSERT_TRUE(rep.total.time_to_resolve.mean);
  EXPECT_DOUBLE_EQ(*rep.total.time_to_resolve.mean, 3600);
  EXPECT_EQ(rep.total.remediation_attempted, 2);  // a succeeded, b failed
  EXPECT_EQ(rep.total.remediation_succeeded, 1);
  EXPECT_EQ(rep.total.remediation_in_progress, 1);  // d
}

// The report's query reads the window through the indexes of migration 0012,
// never scanning incidents or timelines.
TEST_F(ReportStoreTest, QueryUsesTheReportIndexes) {
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(options_.path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto query = FindQuery("response_facts");
  ASSERT_TRUE(query);
  std::string sql = "EXPLAIN QUERY PLAN " + std::string(query->sql);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::string plan;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
    plan += "\n";
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  EXPECT_NE(plan.find("incidents_by_opened"), std::string::npos) << plan;
  EXPECT_NE(plan.find("timeline_acknowledged"), std::string::npos) << plan;
  EXPECT_NE(plan.find("timeline_escalated"), std::string::npos) << plan;
  EXPECT_NE(plan.find("outbox_by_incident"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("SCAN i"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("SCAN t"), std::string::npos) << plan;
}

}  // namespace
}  // namespace klaxon::store::sqlite
