// The engine against a real SQLite store in a temp directory, on a manual
// clock: hours of incident life pass in milliseconds, without sleeping.
#include "engine/engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"
#include "testing/test_config.h"

namespace klaxon::engine {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using incident::Status;

ingest::Alert A(std::initializer_list<LabelSet::Pair> labels, bool firing = true) {
  ingest::Alert a;
  a.labels = LabelSet(labels);
  a.fingerprint = FingerprintOf(a.labels);
  a.action = firing ? ingest::AlertAction::kFire : ingest::AlertAction::kResolve;
  a.source = "alertmanager";
  a.integration = "prometheus";
  return a;
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_ = klaxon::testing::SmallConfig();
    OpenStore();
    MakeEngine();
  }
  void OpenStore() {
    engine_.reset();
    store_.reset();
    auto s = store::sqlite::Open({dir_.File("klaxon.db")});
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }
  void MakeEngine() {
    Options o;
    o.config = &cfg_;
    o.store = store_.get();
    o.clock = &clock_;
    o.metrics = &metrics_;
    engine_ = std::make_unique<Engine>(o);
  }
  // Submits and processes synchronously; returns the outcome.
  IngestResult Ingest(std::vector<ingest::Alert> alerts) {
    std::optional<Result<IngestResult>> got;
    EXPECT_TRUE(engine_->SubmitAlerts(std::move(alerts), [&](Result<IngestResult> r) { got = std::move(r); }));
    auto st = engine_->RunPending();
    EXPECT_TRUE(st) << st.error().message;
    if (!got.has_value()) {
      ADD_FAILURE() << "the submission was not answered";
      return {};
    }
    if (!got->has_value()) {
      ADD_FAILURE() << got->error().message;
      return {};
    }
    return std::move(**got);
  }
  Result<incident::Incident> Do(int64_t id, incident::Event ev) {
    std::optional<Result<incident::Incident>> got;
    engine_->SubmitCommand({id, std::move(ev)}, [&](Result<incident::Incident> r) { got = std::move(r); });
    EXPECT_TRUE(engine_->RunPending());
    if (!got.has_value()) return Fail(ErrorCode::kInternal, "the command was not answered");
    return std::move(*got);
  }
  void Tick(Duration d) {
    clock_.Advance(d);
    auto st = engine_->RunPending();
    ASSERT_TRUE(st) << st.error().message;
  }
  store::IncidentDetail Detail(int64_t id) {
    auto d = store_->GetIncidentDetail(id);
    EXPECT_TRUE(d && *d);
    return d && *d ? **d : store::IncidentDetail{};
  }
  std::vector<std::string> Kinds(int64_t id) {
    std::vector<std::string> out;
    for (auto& e : Detail(id).timeline) out.push_back(e.kind);
    return out;
  }

  klaxon::testing::TempDir dir_;
  config::Config cfg_;
  ManualClock clock_{FromUnixMillis(1'750'000'000'000)};
  metrics::Registry metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineTest, AlertOpensIncidentRoutedByRunbook) {
  auto r = Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}})});
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_EQ(r.alerts[0].change, AlertChange::kNew);
  int64_t id = r.alerts[0].incident_id;
  ASSERT_GT(id, 0);
  auto d = Detail(id);
  EXPECT_EQ(d.incident.runbook_id, "RB-001");
  EXPECT_EQ(d.incident.severity, "SEV1");
  EXPECT_EQ(d.incident.title, "API Health Check Failing");
  EXPECT_EQ(d.incident.status, Status::kInvestigating);
  EXPECT_EQ(d.incident.firing_alerts, 1);
  EXPECT_EQ(Kinds(id), (std::vector<std::string>{"opened", "alert_fired"}));
  ASSERT_EQ(d.alerts.size(), 1u);
  EXPECT_EQ(d.alerts[0].incident_id, id);
}

TEST_F(EngineTest, OneFingerprintIsOneAlertAndGroupsJoinOneIncident) {
  auto r = Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}, {"instance", "1"}}),
                   A({{"alertname", "ApiDown"}, {"service", "api"}, {"instance", "1"}}),
                   A({{"alertname", "ApiNotReady"}, {"service", "api"}, {"instance", "2"}}),
                   A({{"alertname", "ApiDown"}, {"service", "web"}})});
  EXPECT_EQ(r.alerts[1].change, AlertChange::kRepeat);
  EXPECT_EQ(r.alerts[0].incident_id, r.alerts[2].incident_id);
  EXPECT_NE(r.alerts[0].incident_id, r.alerts[3].incident_id);
  EXPECT_EQ(Detail(r.alerts[0].incident_id).incident.firing_alerts, 2);
  EXPECT_EQ(Detail(r.alerts[0].incident_id).incident.total_alerts, 2);
  // A later batch joins the same open incident.
  auto later = Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}, {"instance", "3"}})});
  EXPECT_EQ(later.alerts[0].incident_id, r.alerts[0].incident_id);
  EXPECT_EQ(Detail(r.alerts[0].incident_id).incident.firing_alerts, 3);
  auto all = store_->ListIncidents({});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
}

TEST_F(EngineTest, AFloodOfAlertsIsOneTimelineLinePerBatch) {
  std::vector<ingest::Alert> flood;
  for (int i = 0; i < 12; ++i) {
    flood.push_back(A({{"alertname", "ApiDown"}, {"service", "api"}, {"instance", std::to_string(i)}}));
  }
  int64_t id = Ingest(flood).alerts[0].incident_id;
  auto d = Detail(id);
  ASSERT_EQ(Kinds(id), (std::vector<std::string>{"opened", "alert_fired"}));
  EXPECT_EQ(d.timeline[1].text.substr(0, 18), "12 alerts firing: ");
  EXPECT_NE(d.timeline[1].text.find("(+7 more)"), std::string::npos) << d.timeline[1].text;
  EXPECT_NE(d.timeline[1].data.find("\"count\":12"), std::string::npos);
  // Resolving them all: one summary line, then the move to Monitoring after it.
  for (auto& a : flood) a.action = ingest::AlertAction::kResolve;
  Ingest(flood);
  EXPECT_EQ(Kinds(id), (std::vector<std::string>{"opened", "alert_fired", "alert_resolved",
                                                  "status_changed"}));
  EXPECT_EQ(Detail(id).incident.firing_alerts, 0);
}

// Across batches: a burst keeps extending one summary line per minute, until
// another line of the incident is written.
TEST_F(EngineTest, ABurstOverManyBatchesExtendsOneLineUntilAMinutePassesOrAnotherLineIsWritten) {
  int n = 0;
  auto burst = [&](int count) {
    std::vector<ingest::Alert> alerts;
    for (int i = 0; i < count; ++i) {
      alerts.push_back(A({{"alertname", "ApiDown"}, {"service", "api"}, {"instance", std::to_string(n++)}}));
    }
    return Ingest(std::move(alerts)).alerts[0].incident_id;
  };
  int64_t id = burst(3);
  clock_.Advance(seconds(10));
  burst(4);
  clock_.Advance(seconds(10));
  burst(1);
  auto d = Detail(id);
  ASSERT_EQ(Kinds(id), (std::vector<std::string>{"opened", "alert_fired"}));
  EXPECT_EQ(d.timeline[1].text.substr(0, 17), "8 alerts firing: ") << d.timeline[1].text;
  EXPECT_NE(d.timeline[1].text.find("(+3 more)"), std::string::npos) << d.timeline[1].text;
  EXPECT_NE(d.timeline[1].data.find("\"count\":8"), std::string::npos) << d.timeline[1].data;
  EXPECT_EQ(d.timeline[1].at, d.timeline[0].at);  // the line keeps its place: the burst's start
  EXPECT_EQ(d.incident.firing_alerts, 8);

  // A minute after the line was last extended, a new line starts.
  clock_.Advance(minutes(1));
  burst(2);
  ASSERT_EQ(Kinds(id), (std::vector<std::string>{"opened", "alert_fired", "alert_fired"}));
  EXPECT_EQ(Detail(id).timeline[2].text.substr(0, 17), "2 alerts firing: ");

  // Another line closes the summary: the next alert starts a new one after it.
  ASSERT_TRUE(Do(id, incident::Acknowledge{"maya", "api"}));
  clock_.Advance(seconds(1));
  burst(1);
  ASSERT_EQ(Kinds(id), (std::vector<std::string>{"opened", "alert_fired", "alert_fired",
                                                  "acknowledged", "alert_fired"}));
  EXPECT_EQ(Detail(id).timeline[2].text.substr(0, 17), "2 alerts firing: ");
  EXPECT_EQ(Detail(id).timeline[4].text.substr(0, 14), "Alert firing: ");

  // A new engine (a restart) remembers no open line: it starts a new one.
  MakeEngine();
  clock_.Advance(seconds(1));
  burst(1);
  EXPECT_EQ(Kinds(id).size(), 6u);
}

TEST_F(EngineTest, UnmatchedAlertsStillBecomeIncidents) {
  auto r = Ingest({A({{"alertname", "DiskFull"}, {"service", "batch"}})});
  auto d = Detail(r.alerts[0].incident_id);
  EXPECT_EQ(d.incident.runbook_id, "");
  EXPECT_EQ(d.incident.severity, "SEV4");
}

TEST_F(EngineTest, SeverityRulesApply) {
  auto r = Ingest({A({{"alertname", "ReservesWalletLow"}, {"chain", "base"}, {"level", "critical"}}),
                   A({{"alertname", "ReservesWalletLow"}, {"chain", "optimism"}})});
  EXPECT_EQ(Detail(r.alerts[0].incident_id).incident.severity, "SEV2");
  EXPECT_EQ(Detail(r.alerts[1].incident_id).incident.severity, "SEV3");
}

TEST_F(EngineTest, ResolvesThroughMonitoringAfterQuietPeriod) {
  auto r = Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}})});
  int64_t id = r.alerts[0].incident_id;
  Tick(minutes(2));
  Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}}, false)});
  EXPECT_EQ(Detail(id).incident.status, Status::kMonitoring);
  Tick(minutes(4));
  EXPECT_EQ(Detail(id).incident.status, Status::kMonitoring) << "quiet period is 5m";
  Tick(minutes(1));
  auto d = Detail(id);
  EXPECT_EQ(d.incident.status, Status::kResolved);
  EXPECT_EQ(d.incident.resolved_at, clock_.Now());
  // The resolution, then what it decided about a post-mortem.
  auto kinds = Kinds(id);
  ASSERT_GE(kinds.size(), 2u);
  EXPECT_EQ(kinds[kinds.size() - 2], "resolved");
  EXPECT_EQ(kinds.back(), "postmortem");
}

TEST_F(EngineTest, AQuietPeriodTimerIsObservedWithHowLateItFired) {
  auto r = Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}})});
  Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}}, false)});
  auto& lateness = metrics_.AddHistogram("klaxon_timer_lateness_seconds", "", {}, {"kind"})
                       .With({std::string(incident::kQuietPeriodTimer)});
  Tick(minutes(5) - std::chrono::milliseconds(1));
  EXPECT_EQ(lateness.Count(), 0u);
  Tick(std::chrono::milliseconds(41));
  EXPECT_EQ(Detail(r.alerts[0].incident_id).incident.status, Status::kResolved);
  EXPECT_EQ(lateness.Count(), 1u);
  EXPECT_NEAR(lateness.Sum(), 0.040, 1e-9);
}

TEST_F(EngineTest, RefiringWithinWindowReopensAfterItOpensNew) {
  auto r = Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}})});
  int64_t id = r.alerts[0].incident_id;
  Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}}, false)});
  Tick(minutes(5));
  ASSERT_EQ(Detail(id).incident.status, Status::kResolved);
  Tick(minutes(10));
  auto again = Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}})});
  EXPECT_EQ(again.alerts[0].change, AlertChange::kRefired);
  EXPECT_EQ(again.alerts[0].incident_id, id);
  auto d = Detail(id);
  EXPECT_EQ(d.incident.status, Status::kInvestigating);
  EXPECT_EQ(d.incident.reopen_count, 1);
  EXPECT_EQ(d.incident.total_alerts, 1) << "the same alert re-fired";
  // Resolve and wait past the re-open window: a new incident.
  Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}}, false)});
  Tick(minutes(5));
  Tick(minutes(31));
  auto fresh = Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}})});
  EXPECT_NE(fresh.alerts[0].incident_id, id);
}

TEST_F(EngineTest, AlertsThatStopBeingRefreshedExpire) {
  auto a = A({{"alertname", "ApiDown"}, {"service", "api"}});
  a.refresh_expected = true;
  auto r = Ingest({a});
  int64_t id = r.alerts[0].incident_id;
  Tick(minutes(3));
  Ingest({a});  // refreshed
  Tick(minutes(3));
  EXPECT_EQ(Detail(id).incident.status, Status::kInvestigating);
  Tick(minutes(3));
  auto d = Detail(id);
  EXPECT_EQ(d.incident.status, Status::kMonitoring);
  EXPECT_EQ(d.incident.firing_alerts, 0);
  ASSERT_EQ(d.alerts.size(), 1u);
  EXPECT_FALSE(d.alerts[0].firing);
}

TEST_F(EngineTest, CommandsAckUpdateSeverityResolve) {
  int64_t id = Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}})}).alerts[0].incident_id;
  auto acked = Do(id, incident::Acknowledge{"alice", "cli"});
  ASSERT_TRUE(acked) << acked.error().message;
  EXPECT_EQ(acked->ack->by, "alice");
  auto upd = Do(id, incident::PostUpdate{Status::kIdentified, "Bad deploy", "Rollback", "10m", "alice", "api"});
  ASSERT_TRUE(upd);
  EXPECT_EQ(upd->status, Status::kIdentified);
  auto sev = Do(id, incident::ChangeSeverity{"SEV2", "partial", "carol", "api"});
  ASSERT_TRUE(sev);
  auto res = Do(id, incident::Resolve{"Rolled back", "alice", "api"});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, Status::kResolved);
  auto again = Do(id, incident::Resolve{"again", "alice", "api"});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto missing = Do(9999, incident::Acknowledge{"alice", "cli"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Kinds(id), (std::vector<std::string>{"opened", "alert_fired", "acknowledged",
                                                  "status_changed", "update", "severity_changed",
                                                  "resolved", "postmortem"}));
}

TEST_F(EngineTest, PagerDutyStyleAcknowledgeAcksTheIncident) {
  auto trig = A({{"alertname", "PagerDutyEvent"}, {"dedup_key", "k1"}});
  trig.fingerprint = FingerprintOfParts({"pagerduty", "key", "k1"});
  int64_t id = Ingest({trig}).alerts[0].incident_id;
  auto ack = trig;
  ack.action = ingest::AlertAction::kAcknowledge;
  ack.source = "pagerduty";
  ack.integration = "pd";
  Ingest({ack});
  auto d = Detail(id);
  ASSERT_TRUE(d.incident.ack.has_value());
  EXPECT_EQ(d.incident.ack->by, "pd");
  EXPECT_EQ(d.incident.ack->via, "pagerduty");
}

TEST_F(EngineTest, TimersSurviveAReopenOfTheStore) {
  int64_t id = Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}})}).alerts[0].incident_id;
  Ingest({A({{"alertname", "ApiDown"}, {"service", "api"}}, false)});
  ASSERT_EQ(Detail(id).incident.status, Status::kMonitoring);
  // "Restart": drop the engine and the store, open both again.
  OpenStore();
  MakeEngine();
  Tick(minutes(5));
  EXPECT_EQ(Detail(id).incident.status, Status::kResolved);
}

TEST_F(EngineTest, ConcurrentSubmittersAllGetDurableAnswers) {
  engine_->Start();
  constexpr int kThreads = 8, kPerThread = 200;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::promise<bool> p;
        auto a = A({{"alertname", "ApiDown"}, {"service", "api"},
                    {"instance", std::to_string(t * kPerThread + i)}});
        while (!engine_->SubmitAlerts({a}, [&](Result<IngestResult> r) { p.set_value(r.has_value()); })) {
          std::this_thread::yield();
        }
        if (p.get_future().get()) ok++;
      }
    });
  }
  for (auto& th : threads) th.join();
  engine_->Stop();
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
  EXPECT_EQ(*store_->CountAlerts(), kThreads * kPerThread);
  auto open = store_->ListIncidents({});
  ASSERT_TRUE(open);
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].firing_alerts, kThreads * kPerThread);
}

TEST_F(EngineTest, QueueLimitReportsOverloadInsteadOfGrowing) {
  Options o;
  o.config = &cfg_;
  o.store = store_.get();
  o.clock = &clock_;
  o.max_queued_alerts = 2;
  Engine small(o);
  int answered = 0;
  auto done = [&](Result<IngestResult>) { answered++; };
  EXPECT_TRUE(small.SubmitAlerts({A({{"alertname", "X"}}), A({{"alertname", "Y"}})}, done));
  EXPECT_FALSE(small.SubmitAlerts({A({{"alertname", "Z"}})}, done));
  ASSERT_TRUE(small.RunPending());
  EXPECT_EQ(answered, 1);
  EXPECT_TRUE(small.SubmitAlerts({A({{"alertname", "Z"}})}, done));
}

}  // namespace
}  // namespace klaxon::engine

namespace klaxon::engine {
namespace {

// An alert that decides its own severity (a probe with thresholds).
ingest::Alert Probe(std::string severity, std::string reason = "") {
  ingest::Alert a = A({{"alertname", "ReservesWalletLow"}, {"probe", "wallet"}});
  a.source = "probe";
  a.integration = "wallet";
  a.severity = std::move(severity);
  a.severity_reason = std::move(reason);
  return a;
}

TEST_F(EngineTest, AnAlertsOwnSeverityOpensTheIncidentAtIt) {
  auto r = Ingest({Probe("SEV2")});
  auto d = Detail(r.alerts[0].incident_id);
  EXPECT_EQ(d.incident.runbook_id, "RB-008");
  EXPECT_EQ(d.incident.severity, "SEV2") << "not the runbook's SEV3";
}

TEST_F(EngineTest, AWorseOwnSeverityRaisesTheOpenIncidentNeverLowersIt) {
  auto r = Ingest({Probe("SEV3")});
  int64_t id = r.alerts[0].incident_id;
  EXPECT_EQ(Detail(id).incident.severity, "SEV3");

  auto again = Ingest({Probe("SEV2", "wallet: value 80 is below 100 (SEV2)")});
  EXPECT_EQ(again.alerts[0].change, AlertChange::kRepeat);
  auto d = Detail(id);
  EXPECT_EQ(d.incident.severity, "SEV2");
  ASSERT_FALSE(d.timeline.empty());
  const auto& line = d.timeline.back();
  EXPECT_EQ(line.kind, incident::kinds::kSeverityChanged);
  EXPECT_EQ(line.text, "Severity SEV3 -> SEV2: wallet: value 80 is below 100 (SEV2)");
  EXPECT_EQ(line.actor, "wallet");
  EXPECT_EQ(line.via, "probe");

  Ingest({Probe("SEV3")});
  EXPECT_EQ(Detail(id).incident.severity, "SEV2") << "never lowered";
  size_t lines = Detail(id).timeline.size();
  Ingest({Probe("SEV2")});
  EXPECT_EQ(Detail(id).timeline.size(), lines) << "the same severity again changes nothing";
}

TEST_F(EngineTest, AWorseOwnSeverityJoiningAnOpenIncidentRaisesIt) {
  auto r = Ingest({Probe("SEV3")});
  ingest::Alert other = A({{"alertname", "ReservesWalletLow"}, {"probe", "wallet-base"}});
  other.severity = "SEV1";
  auto joined = Ingest({other});
  EXPECT_EQ(joined.alerts[0].incident_id, r.alerts[0].incident_id);
  EXPECT_EQ(Detail(r.alerts[0].incident_id).incident.severity, "SEV1");
}

TEST_F(EngineTest, AlertsWithoutOwnSeverityKeepTheRunbooksRules) {
  auto r = Ingest({A({{"alertname", "ReservesWalletLow"}})});
  int64_t id = r.alerts[0].incident_id;
  EXPECT_EQ(Detail(id).incident.severity, "SEV3");
  Ingest({A({{"alertname", "ReservesWalletLow"}, {"level", "critical"}})});
  EXPECT_EQ(Detail(id).incident.severity, "SEV3") << "unchanged behaviour for webhook alerts";
}

}  // namespace
}  // namespace klaxon::engine
