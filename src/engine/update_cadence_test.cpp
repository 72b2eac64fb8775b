// The update cadence in the engine, against a real SQLite store on a manual
// clock: a reminder at each severity's update_every without a status update,
// repeated every interval, reset by an update, stopped by resolving, and kept
// across a restart (the timer is a store row).
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "engine/incident_writer.h"
#include "notify/payload.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"
#include "testing/test_config.h"

namespace klaxon::engine {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

config::Config CadenceConfig() {
  config::Config c = klaxon::testing::SmallConfig();
  c.incidents.resolve_timeout = hours(24);  // alerts stay firing throughout
  config::NotificationChannel slack;
  slack.id = "slack";
  slack.type = "slack";
  config::NotificationChannel pd;
  pd.id = "pagerduty";
  pd.type = "pagerduty";
  c.notifications.channels = {slack, pd};
  config::NotificationRoute all;  // every event, to both
  all.channels = {"slack", "pagerduty"};
  c.notifications.routes = {all};
  return c;
}

ingest::Alert Fire(LabelSet labels) {
  ingest::Alert a;
  a.labels = std::move(labels);
  a.fingerprint = FingerprintOf(a.labels);
  a.action = ingest::AlertAction::kFire;
  a.source = "alertmanager";
  a.integration = "prometheus";
  return a;
}

// One alert per severity of SmallConfig's runbooks.
LabelSet Sev1() { return LabelSet{{"alertname", "ApiDown"}, {"service", "api"}}; }
LabelSet Sev2() { return LabelSet{{"alertname", "DatabaseConnectionErrors"}, {"service", "db"}}; }
LabelSet Sev3() { return LabelSet{{"alertname", "ReservesWalletLow"}, {"chain", "base"}}; }

class UpdateCadenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_ = CadenceConfig();
    OpenStore();
  }
  void OpenStore() {
    engine_.reset();
    store_.reset();
    auto s = store::sqlite::Open({dir_.File("klaxon.db")});
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    Options o;
    o.config = &cfg_;
    o.store = store_.get();
    o.clock = &clock_;
    engine_ = std::make_unique<Engine>(o);
  }
  int64_t Open(LabelSet labels) {
    std::optional<Result<IngestResult>> got;
    EXPECT_TRUE(engine_->SubmitAlerts({Fire(std::move(labels))},
                                      [&](Result<IngestResult> r) { got = std::move(r); }));
    EXPECT_TRUE(engine_->RunPending());
    EXPECT_TRUE(got && got->has_value());
    return got && got->has_value() ? (*got)->alerts.at(0).incident_id : 0;
  }
  Result<incident::Incident> Do(int64_t id, incident::Event ev) {
    std::optional<Result<incident::Incident>> got;
    engine_->SubmitCommand({id, std::move(ev)},
                           [&](Result<incident::Incident> r) { got = std::move(r); });
    EXPECT_TRUE(engine_->RunPending());
    EXPECT_TRUE(got.has_value());
    return got ? std::move(*got) : Fail(ErrorCode::kInternal, "no answer");
  }
  void Tick(Duration d) {
    clock_.Advance(d);
    auto st = engine_->RunPending();
    ASSERT_TRUE(st) << st.error().message;
  }
  std::vector<std::string> Missed(int64_t id) {
    std::vector<std::string> out;
    auto d = store_->GetIncidentDetail(id);
    EXPECT_TRUE(d && *d);
    if (!d || !*d) return out;
    for (auto& e : (*d)->timeline) {
      if (e.kind == incident::kinds::kUpdateMissed) out.push_back(e.text);
    }
    return out;
  }
  // The reminders enqueued for an incident, by channel.
  std::vector<store::OutboxEntry> Reminders(int64_t id) {
    std::vector<store::OutboxEntry> out;
    auto rows = store_->ListNotifications(id);
    EXPECT_TRUE(rows);
    for (auto& r : rows.value_or(std::vector<store::OutboxEntry>{})) {
      if (r.event == "incident.update_due") out.push_back(std::move(r));
    }
    return out;
  }
  incident::PostUpdate Update(std::string summary) {
    return incident::PostUpdate{incident::Status::kIdentified, std::move(summary), "Rolling back",
                                "20m", "alice", "api"};
  }

  klaxon::testing::TempDir dir_;
  config::Config cfg_;
  ManualClock clock_{ParseTimestamp("2025-08-07T10:00:00Z").value()};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(UpdateCadenceTest, EachSeverityIsRemindedAtItsCadenceAndAgainEveryInterval) {
  int64_t sev1 = Open(Sev1());
  int64_t sev2 = Open(Sev2());
  int64_t sev3 = Open(Sev3());
  ASSERT_NE(sev1, 0);
  ASSERT_NE(sev3, 0);
  Tick(minutes(15) - seconds(1));
  EXPECT_TRUE(Missed(sev1).empty());
  EXPECT_TRUE(Missed(sev2).empty());
  Tick(seconds(1));  // 15m: SEV1 and SEV2
  EXPECT_EQ(Missed(sev1), std::vector<std::string>{
                              "No status update in the last 15m (SEV1 cadence): reminding the channel"});
  EXPECT_EQ(Missed(sev2).size(), 1u);
  EXPECT_TRUE(Missed(sev3).empty());
  Tick(minutes(15));  // 30m: again
  EXPECT_EQ(Missed(sev1).size(), 2u);
  EXPECT_EQ(Missed(sev2).size(), 2u);
  EXPECT_TRUE(Missed(sev3).empty());
  Tick(minutes(30) - seconds(1));
  EXPECT_TRUE(Missed(sev3).empty());
  Tick(seconds(1));  // 1h: SEV3's first
  EXPECT_EQ(Missed(sev3), std::vector<std::string>{
                              "No status update in the last 1h (SEV3 cadence): reminding the channel"});
  EXPECT_EQ(Missed(sev1).size(), 4u);
  // Each reminder went to Slack, never to the paging channel.
  auto rows = Reminders(sev1);
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& r : rows) EXPECT_EQ(r.channel, "slack");
}

TEST_F(UpdateCadenceTest, AnUpdateResetsTheReminder) {
  int64_t id = Open(Sev1());
  Tick(minutes(10));
  ASSERT_TRUE(Do(id, Update("Pool exhausted")));
  Tick(minutes(5));  // 15m after opening, 5m after the update
  EXPECT_TRUE(Missed(id).empty());
  Tick(minutes(10) - seconds(1));
  EXPECT_TRUE(Missed(id).empty());
  Tick(seconds(1));  // 15m after the update
  EXPECT_EQ(Missed(id).size(), 1u);
  ASSERT_TRUE(Do(id, Update("Still rolling back")));
  Tick(minutes(14));
  EXPECT_EQ(Missed(id).size(), 1u);
}

TEST_F(UpdateCadenceTest, NoReminderOnceResolved) {
  int64_t id = Open(Sev1());
  Tick(minutes(15));
  ASSERT_EQ(Missed(id).size(), 1u);
  ASSERT_TRUE(Do(id, incident::Resolve{"bad deploy", "alice", "api"}));
  Tick(hours(3));
  EXPECT_EQ(Missed(id).size(), 1u);
  auto next = store_->NextDue();
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->has_value() && **next <= clock_.Now() + hours(1)) << "a timer is left";
}

TEST_F(UpdateCadenceTest, MonitoringIsStillRemindedUntilResolved) {
  cfg_.incidents.quiet_period = minutes(40);
  OpenStore();
  int64_t id = Open(Sev1());
  ASSERT_TRUE(Do(id, incident::PostUpdate{incident::Status::kMonitoring, "Fix deployed", "", "",
                                          "alice", "api"}));
  Tick(minutes(15));
  EXPECT_EQ(Missed(id).size(), 1u);
}

TEST_F(UpdateCadenceTest, TheReminderSurvivesARestart) {
  int64_t id = Open(Sev1());
  Tick(minutes(10));
  OpenStore();  // a new engine and store on the same database
  Tick(minutes(5));
  EXPECT_EQ(Missed(id).size(), 1u);
  OpenStore();
  Tick(minutes(1));  // no repeat of the one already sent
  EXPECT_EQ(Missed(id).size(), 1u);
  Tick(minutes(14));
  EXPECT_EQ(Missed(id).size(), 2u);
}

// Incidents open before klaxon kept update_due timers (an upgrade): the next
// start gives each one, counted from its latest update; one long overdue is
// reminded at once, then on the cadence's grid. Incidents that have a timer
// keep it.
TEST_F(UpdateCadenceTest, IncidentsOpenBeforeRemindersWereKeptGetThemAtStart) {
  const Time t0 = clock_.Now();
  int64_t updated = Open(Sev1());
  int64_t forgotten = Open(Sev2());
  int64_t kept = Open(Sev3());
  Tick(minutes(5));
  ASSERT_TRUE(Do(updated, Update("Pool exhausted")));  // at t0 + 5m
  {
    // What an older klaxon left behind: no update_due timers.
    auto uow = store_->Begin();
    ASSERT_TRUE(uow);
    for (int64_t id : {updated, forgotten}) {
      ASSERT_TRUE((*uow)->DeleteTimer(IncidentWriter::TimerKey(id, incident::kUpdateDueTimer)));
    }
    ASSERT_TRUE((*uow)->Commit());
  }
  clock_.Advance(minutes(35));  // t0 + 40m, while klaxon was stopped
  OpenStore();                  // start: the timers are put back
  auto timer = [&](int64_t id) -> std::optional<Time> {
    auto uow = store_->Begin();
    EXPECT_TRUE(uow);
    auto t = (*uow)->GetTimer(IncidentWriter::TimerKey(id, incident::kUpdateDueTimer));
    EXPECT_TRUE(t);
    return t && *t ? std::optional<Time>((*t)->due_at) : std::nullopt;
  };
  ASSERT_TRUE(engine_->RunPending());
  // forgotten (SEV2, 15m, never updated) was due at t0 + 15m: reminded at
  // once, and next on its grid at t0 + 45m.
  EXPECT_EQ(Missed(forgotten).size(), 1u);
  EXPECT_EQ(timer(forgotten), t0 + minutes(45));
  // updated (SEV1, 15m): due 15m after its update, at t0 + 20m: at once too.
  EXPECT_EQ(Missed(updated).size(), 1u);
  EXPECT_EQ(timer(updated), t0 + minutes(50));
  // kept (SEV3, 1h) still had its timer: untouched, due at t0 + 1h.
  EXPECT_EQ(timer(kept), t0 + hours(1));
  EXPECT_TRUE(Missed(kept).empty());
  Tick(minutes(5));  // t0 + 45m
  EXPECT_EQ(Missed(forgotten).size(), 2u);
  EXPECT_EQ(Missed(updated).size(), 1u);
  Tick(minutes(5));  // t0 + 50m
  EXPECT_EQ(Missed(updated).size(), 2u);
  // A second start finds every timer in place and adds nothing.
  OpenStore();
  Tick(minutes(1));
  EXPECT_EQ(Missed(forgotten).size(), 2u);
  EXPECT_EQ(Missed(updated).size(), 2u);
}

// A restart after an update: the reminder comes one interval after the
// update, not after the restart.
TEST_F(UpdateCadenceTest, AResumedReminderCountsFromTheLatestUpdate) {
  int64_t id = Open(Sev1());
  Tick(minutes(5));
  ASSERT_TRUE(Do(id, Update("Pool exhausted")));
  {
    auto uow = store_->Begin();
    ASSERT_TRUE(uow);
    ASSERT_TRUE((*uow)->DeleteTimer(IncidentWriter::TimerKey(id, incident::kUpdateDueTimer)));
    ASSERT_TRUE((*uow)->Commit());
  }
  OpenStore();
  Tick(minutes(15) - seconds(1));
  EXPECT_TRUE(Missed(id).empty());
  Tick(seconds(1));  // 15m after the update
  EXPECT_EQ(Missed(id).size(), 1u);
}

TEST_F(UpdateCadenceTest, RemindsTheLeadElseTheAcknowledger) {
  int64_t id = Open(Sev1());
  ASSERT_TRUE(Do(id, incident::Acknowledge{"alice", "api"}));
  Tick(minutes(15));
  ASSERT_EQ(Missed(id).size(), 1u);
  EXPECT_EQ(Missed(id)[0],
            "No status update in the last 15m (SEV1 cadence): reminding alice (acknowledger)");
  ASSERT_TRUE(Do(id, incident::AssignLead{"carol", "alice", "api"}));
  Tick(minutes(15));
  ASSERT_EQ(Missed(id).size(), 2u);
  EXPECT_EQ(Missed(id)[1], "No status update in the last 15m (SEV1 cadence): reminding carol (lead)");
  auto rows = Reminders(id);
  ASSERT_EQ(rows.size(), 2u);
  auto n = notify::DecodePayload(rows[1].payload);
  ASSERT_TRUE(n);
  ASSERT_TRUE(n->reminder);
  EXPECT_EQ(n->reminder->person, "carol");
  EXPECT_EQ(n->reminder->as, "lead");
  EXPECT_EQ(n->reminder->slack_user, "U3");
  EXPECT_EQ(n->reminder->every, minutes(15));
}

TEST_F(UpdateCadenceTest, ASeverityChangeStartsTheNewCadence) {
  int64_t id = Open(Sev3());
  Tick(minutes(50));
  ASSERT_TRUE(Do(id, incident::ChangeSeverity{"SEV1", "wider impact", "carol", "api"}));
  Tick(minutes(14));
  EXPECT_TRUE(Missed(id).empty());
  Tick(minutes(1));
  EXPECT_EQ(Missed(id).size(), 1u);
}

}  // namespace
}  // namespace klaxon::engine
