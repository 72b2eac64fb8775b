// The status page through the engine, against a real SQLite store on a
// manual clock: publishing an incident, its updates to resolution, the
// timeline lines with the actor, the refusals, and maintenance windows.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"
#include "testing/test_config.h"

namespace klaxon::engine {
namespace {

using statuspage::ComponentStatus;
using statuspage::IncidentStatus;
using std::chrono::minutes;

class StatusPageEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_ = klaxon::testing::SmallConfig();
    cfg_.incidents.resolve_timeout = std::chrono::hours(24);
    auto s = store::sqlite::Open({dir_.File("klaxon.db")});
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    Options o;
    o.config = &cfg_;
    o.store = store_.get();
    o.clock = &clock_;
    engine_ = std::make_unique<Engine>(o);
    ingest::Alert a;
    a.labels = LabelSet{{"alertname", "ApiDown"}, {"service", "api"}};
    a.fingerprint = FingerprintOf(a.labels);
    a.action = ingest::AlertAction::kFire;
    a.source = "alertmanager";
    a.integration = "prometheus";
    std::optional<Result<IngestResult>> got;
    ASSERT_TRUE(engine_->SubmitAlerts({a}, [&](Result<IngestResult> r) { got = std::move(r); }));
    ASSERT_TRUE(engine_->RunPending());
    ASSERT_TRUE(got && got->has_value());
    incident_ = (*got)->alerts.at(0).incident_id;
  }
  Result<StatusPageResult> Run(StatusPageCommand cmd) {
    std::optional<Result<StatusPageResult>> got;
    engine_->SubmitStatusPageCommand(std::move(cmd), [&](Result<StatusPageResult> r) { got = std::move(r); });
    EXPECT_TRUE(engine_->RunPending());
    EXPECT_TRUE(got.has_value());
    return got ? std::move(*got) : Fail(ErrorCode::kInternal, "no answer");
  }
  StatusPageCommand Publish() {
    StatusPageCommand c;
    c.op = StatusPageCommand::Op::kPublish;
    c.incident_id = incident_;
    c.name = "Investigating issues with payments";
    c.body = "We're aware of issues affecting some payments.";
    c.impact = statuspage::Impact::kMajor;
    c.components = std::vector<statuspage::ComponentState>{{"payments", ComponentStatus::kPartialOutage}};
    c.actor = "sam";
    c.via = "api";
    return c;
  }
  StatusPageCommand Update(int64_t pid, IncidentStatus status, std::string body) {
    StatusPageCommand c;
    c.op = StatusPageCommand::Op::kUpdate;
    c.public_id = pid;
    c.status = status;
    c.body = std::move(body);
    c.actor = "jordan";
    c.via = "cli";
    return c;
  }
  std::vector<std::string> Lines() {
    std::vector<std::string> out;
    auto d = store_->GetIncidentDetail(incident_);
    EXPECT_TRUE(d && *d);
    if (!d || !*d) return out;
    for (auto& e : (*d)->timeline) {
      if (e.kind == kStatusPageLine) out.push_back(e.actor + " via " + e.via + ": " + e.text);
    }
    return out;
  }

  klaxon::testing::TempDir dir_;
  config::Config cfg_;
  ManualClock clock_{ParseTimestamp("2026-11-27T09:14:00Z").value()};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
  int64_t incident_ = 0;
};

TEST_F(StatusPageEngineTest, APublishedIncidentIsUpdatedToResolutionWithEveryActorOnTheTimeline) {
  size_t notifications = store_->ListNotifications(incident_).value().size();
  auto pub = Run(Publish());
  ASSERT_TRUE(pub) << pub.error().message;
  ASSERT_TRUE(pub->incident);
  const int64_t pid = pub->incident->id;
  EXPECT_EQ(pub->incident->status, IncidentStatus::kInvestigating);
  EXPECT_EQ(pub->incident->created_by, "sam");
  // Publishing twice is refused while the first is unresolved.
  auto again = Run(Publish());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);

  clock_.Advance(minutes(10));
  auto identified = Run(Update(pid, IncidentStatus::kIdentified, "We've identified the issue."));
  ASSERT_TRUE(identified) << identified.error().message;
  EXPECT_EQ(identified->incident->identified_at, clock_.Now());
  EXPECT_EQ(identified->incident->components.at(0).status, ComponentStatus::kPartialOutage);
  clock_.Advance(minutes(10));
  auto monitoring = Update(pid, IncidentStatus::kMonitoring, "A fix is out.");
  monitoring.components = std::vector<statuspage::ComponentState>{{"payments", ComponentStatus::kDegradedPerformance}};
  monitoring.impact = statuspage::Impact::kMinor;
  ASSERT_TRUE(Run(monitoring));
  clock_.Advance(minutes(10));
  auto resolved = Run(Update(pid, IncidentStatus::kResolved, "Payment processing is back to normal."));
  ASSERT_TRUE(resolved);
  const auto& r = *resolved->incident;
  EXPECT_EQ(r.resolved_at, clock_.Now());
  EXPECT_EQ(r.monitoring_at, clock_.Now() - minutes(10));
  EXPECT_EQ(r.impact, statuspage::Impact::kMinor);
  // Resolving without components sets the affected ones back to operational.
  EXPECT_EQ(r.components.at(0).status, ComponentStatus::kOperational);
  ASSERT_EQ(r.updates.size(), 4u);
  EXPECT_EQ(r.updates[0].components.at(0).status, ComponentStatus::kOperational);
  // A resolved one takes no more updates.
  auto late = Run(Update(pid, IncidentStatus::kMonitoring, "x"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);

  EXPECT_EQ(Lines(), (std::vector<std::string>{
                         "sam via api: Published on the status page: \"Investigating issues with payments\" "
                         "(investigating, impact major; payments partial_outage)",
                         "jordan via cli: Status page update: identified (\"Investigating issues with payments\")",
                         "jordan via cli: Status page update: monitoring (\"Investigating issues with payments\"; "
                         "payments degraded_performance)",
                         "jordan via cli: Status page update: resolved (\"Investigating issues with payments\"; "
                         "payments operational)"}));
  // Publishing tells no internal channel anything.
  EXPECT_EQ(store_->ListNotifications(incident_).value().size(), notifications);
  // Resolved, it may be published again.
  EXPECT_TRUE(Run(Publish()));
}

TEST_F(StatusPageEngineTest, RefusalsSayWhy) {
  auto c = Publish();
  c.incident_id = incident_ + 99;
  EXPECT_EQ(Run(c).error().code, ErrorCode::kNotFound);
  c = Publish();
  c.body.clear();
  EXPECT_EQ(Run(c).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Run(Update(77, IncidentStatus::kIdentified, "x")).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(Lines().empty());
}

TEST_F(StatusPageEngineTest, MaintenanceWindowsAreScheduledAndCancelled) {
  StatusPageCommand c;
  c.op = StatusPageCommand::Op::kScheduleMaintenance;
  c.name = "Database upgrade";
  c.body = "Payments may be slower.";
  c.scheduled_for = clock_.Now() + minutes(60);
  c.scheduled_until = clock_.Now() + minutes(30);
  c.maintenance_components = {"payments"};
  c.actor = "sam";
  EXPECT_EQ(Run(c).error().code, ErrorCode::kInvalidArgument);
  c.scheduled_until = clock_.Now() + minutes(120);
  auto m = Run(c);
  ASSERT_TRUE(m && m->maintenance);
  EXPECT_EQ(m->maintenance->created_by, "sam");
  EXPECT_EQ(store_->ReadStatusPage(clock_.Now()).value().maintenances.size(), 1u);
  StatusPageCommand cancel;
  cancel.op = StatusPageCommand::Op::kCancelMaintenance;
  cancel.maintenance_id = m->maintenance->id;
  cancel.actor = "jordan";
  auto cancelled = Run(cancel);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->maintenance->cancelled_by, "jordan");
  EXPECT_TRUE(store_->ReadStatusPage(clock_.Now()).value().maintenances.empty());
  EXPECT_EQ(Run(cancel).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace klaxon::engine
