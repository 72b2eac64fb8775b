// The runner end to end inside one process: real checks (an HTTP server the
// test breaks and mends, real child processes), the real engine on a real
// SQLite store, and a manual clock that the test moves. Waiting is always on
// a condition with a deadline (Runner::WaitUntil), never a sleep.
#include "probe/runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <future>

#include "engine/engine.h"
#include "http/test_support.h"
#include "probe/engine_sink.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"
#include "testing/test_config.h"

namespace klaxon::probe {
namespace {

using namespace std::chrono_literals;
using Statuses = std::vector<ProbeStatus>;

constexpr auto kWait = 10000ms;  // generous: the machine may be busy
const Time t0 = FromUnixMillis(1'750'000'000'000);

Spec HttpProbe(std::string url) {
  Spec s;
  s.id = "api-up";
  s.interval = 30s;
  s.timeout = 5s;
  s.hold_for = 1min;
  s.labels = LabelSet{{"alertname", "ApiDown"}, {"probe", "api-up"}, {"service", "api"}};
  HttpTarget t;
  t.url = std::move(url);
  s.target = t;
  return s;
}

Spec WalletProbe(std::string file) {
  Spec s;
  s.id = "wallet";
  s.interval = 5min;
  s.timeout = 5s;
  s.labels = LabelSet{{"alertname", "ReservesWalletLow"}, {"probe", "wallet"}};
  s.target = ExecTarget{{"/bin/sh", "-c", "cat " + file}, {}};
  s.thresholds = {{Threshold::Direction::kBelow, 100, "SEV2"},
                  {Threshold::Direction::kBelow, 1000, "SEV3"}};
  return s;
}

Spec HeartbeatProbe() {
  Spec s;
  s.id = "nightly-backup";
  s.interval = 1h;
  s.labels = LabelSet{{"alertname", "ApiDown"}, {"probe", "nightly-backup"}, {"service", "backup"}};
  s.target = HeartbeatTarget{5min, ""};
  return s;
}

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_ = klaxon::testing::SmallConfig();
    auto s = store::sqlite::Open({dir_.File("klaxon.db")});
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    engine::Options eo;
    eo.config = &cfg_;
    eo.store = store_.get();
    eo.clock = &clock_;
    engine_ = std::make_unique<engine::Engine>(eo);
    engine_->Start();
  }
  void TearDown() override {
    runner_.reset();
    engine_->Stop();
  }
  void StartRunner(std::vector<Spec> probes) {
    RunnerOptions o;
    o.probes = std::move(probes);
    o.clock = &clock_;
    o.sink = EngineSink(*engine_);
    o.store = store_.get();
    o.metrics = &metrics_;
    o.workers = 2;
    o.spread = false;
    runner_ = std::make_unique<Runner>(std::move(o));
    auto st = runner_->Start();
    ASSERT_TRUE(st) << st.error().message;
  }
  void Advance(Duration d) {
    clock_.Advance(d);
    runner_->Wake();
  }
  // Waits until probe 0 satisfies `ready`; fails the test with its last status otherwise.
  ProbeStatus WaitFor(const std::function<bool(const ProbeStatus&)>& ready, size_t probe = 0) {
    bool ok = runner_->WaitUntil([&](const Statuses& s) { return ready(s[probe]); }, kWait);
    ProbeStatus now = runner_->Snapshot()[probe];
    EXPECT_TRUE(ok) << "probe " << now.id << " stuck in " << ToString(now.state.phase) << " after "
                    << now.runs << " runs: " << now.state.detail;
    return now;
  }
  store::IncidentDetail Incident(int64_t id) {
    auto d = store_->GetIncidentDetail(id);
    EXPECT_TRUE(d && *d);
    return d && *d ? **d : store::IncidentDetail{};
  }

  klaxon::testing::TempDir dir_;
  config::Config cfg_;
  ManualClock clock_{t0};
  metrics::Registry metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<Runner> runner_;
};

bool Told(const ProbeStatus& s, Delivered::Alert alert) { return s.delivered.alert == alert; }

TEST_F(RunnerTest, HttpProbeBreaksAndMends) {
  std::atomic<int> status{200};
  http::Router router;
  router.Add("GET", "/up", [&](http::Request&, http::Reply reply) {
    reply(http::Response::Text(status.load(), "ok"));
  });
  auto server = http::testing::StartServer(router);
  ASSERT_TRUE(server);
  StartRunner({HttpProbe(http::testing::Url(*server, "/up"))});

  auto s = WaitFor([](const ProbeStatus& p) { return p.runs >= 1 && Told(p, Delivered::Alert::kResolved); });
  EXPECT_EQ(s.state.phase, Phase::kOk);
  EXPECT_EQ(s.next_run, t0 + 30s);

  status = 500;
  Advance(30s);
  s = WaitFor([](const ProbeStatus& p) { return p.runs >= 2; });
  EXPECT_EQ(s.state.phase, Phase::kPending);
  EXPECT_EQ(s.state.detail, "status 500 (expected 200)");
  Advance(30s);
  s = WaitFor([](const ProbeStatus& p) { return p.runs >= 3; });
  EXPECT_EQ(s.state.phase, Phase::kPending) << "30s of a 1m `for`";
  Advance(30s);
  s = WaitFor([](const ProbeStatus& p) { return p.runs >= 4 && p.incident_id != 0; });
  EXPECT_EQ(s.state.phase, Phase::kFiring);
  EXPECT_TRUE(Told(s, Delivered::Alert::kFiring));

  auto inc = Incident(s.incident_id);
  EXPECT_EQ(inc.incident.runbook_id, "RB-001");
  EXPECT_EQ(inc.incident.severity, "SEV1");
  EXPECT_EQ(inc.incident.status, incident::Status::kInvestigating);
  ASSERT_EQ(inc.alerts.size(), 1u);
  EXPECT_EQ(inc.alerts[0].source, "probe");
  EXPECT_EQ(inc.alerts[0].integration, "api-up");
  EXPECT_EQ(inc.alerts[0].starts_at, t0 + 30s) << "when the failure was first seen";
  EXPECT_EQ(inc.alerts[0].annotations.GetOr("detail"), "status 500 (expected 200)");

  status = 200;
  Advance(30s);
  s = WaitFor([](const ProbeStatus& p) { return p.runs >= 5 && Told(p, Delivered::Alert::kResolved); });
  EXPECT_EQ(s.state.phase, Phase::kOk);
  inc = Incident(s.incident_id);
  EXPECT_EQ(inc.incident.status, incident::Status::kMonitoring);
  EXPECT_FALSE(inc.alerts[0].firing);

  std::string metrics = metrics_.Render();
  EXPECT_NE(metrics.find("klaxon_probe_up{probe=\"api-up\"} 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("klaxon_probe_firing{probe=\"api-up\"} 0"), std::string::npos);
  EXPECT_NE(metrics.find("klaxon_probe_runs_total{kind=\"http\",result=\"failing\"} 3"),
            std::string::npos);
  EXPECT_NE(metrics.find("klaxon_probe_duration_seconds{probe=\"api-up\"}"), std::string::npos);
  // One firing alert reached an incident; resolving it is not counted.
  EXPECT_NE(metrics.find("klaxon_probe_to_incident_seconds_count{kind=\"http\"} 1\n"),
            std::string::npos)
      << metrics;
}

TEST_F(RunnerTest, WalletThresholdsRaiseTheIncident) {
  std::string balance = dir_.File("balance");
  auto set = [&](const char* v) { std::ofstream(balance) << v << "\n"; };
  set("5000");
  StartRunner({WalletProbe(balance)});
  auto s = WaitFor([](const ProbeStatus& p) { return p.runs >= 1; });
  EXPECT_EQ(s.state.phase, Phase::kOk);
  EXPECT_EQ(s.state.value, 5000);

  set("999");
  Advance(5min);
  s = WaitFor([](const ProbeStatus& p) { return p.runs >= 2 && p.incident_id != 0; });
  EXPECT_EQ(s.state.severity, "SEV3");
  int64_t id = s.incident_id;
  EXPECT_EQ(Incident(id).incident.runbook_id, "RB-008");
  EXPECT_EQ(Incident(id).incident.severity, "SEV3");

  set("80");
  Advance(5min);
  s = WaitFor([](const ProbeStatus& p) { return p.runs >= 3 && p.delivered.severity == "SEV2"; });
  auto inc = Incident(id);
  EXPECT_EQ(inc.incident.severity, "SEV2");
  EXPECT_EQ(inc.timeline.back().kind, incident::kinds::kSeverityChanged);
  EXPECT_EQ(inc.timeline.back().text, "Severity SEV3 -> SEV2: wallet: value 80 is below 100 (SEV2)");
  EXPECT_EQ(inc.alerts[0].annotations.GetOr("value"), "80");

  set("5000");
  Advance(5min);
  s = WaitFor([](const ProbeStatus& p) { return p.runs >= 4 && Told(p, Delivered::Alert::kResolved); });
  EXPECT_EQ(Incident(id).incident.status, incident::Status::kMonitoring);
  EXPECT_EQ(Incident(id).incident.severity, "SEV2") << "never lowered by the probe";
}

TEST_F(RunnerTest, MissedHeartbeatOpensAnIncidentAndABeatResolvesIt) {
  StartRunner({HeartbeatProbe()});
  auto s = runner_->Snapshot()[0];
  EXPECT_FALSE(s.last_beat);
  EXPECT_EQ(s.deadline, t0 + 65min) << "waiting since klaxon first knew it";

  std::promise<Result<ProbeStatus>> beat;
  runner_->Beat("nightly-backup", [&](Result<ProbeStatus> r) { beat.set_value(std::move(r)); });
  auto b = beat.get_future().get();
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->last_beat, t0);

  Advance(65min);
  runner_->WaitUntil([](const Statuses& st) { return st[0].runs >= 1; }, kWait);
  EXPECT_EQ(runner_->Snapshot()[0].state.phase, Phase::kOk) << "not late at the deadline itself";
  Advance(1s);
  s = WaitFor([](const ProbeStatus& p) { return p.state.phase == Phase::kFiring && p.incident_id != 0; });
  auto inc = Incident(s.incident_id);
  EXPECT_EQ(inc.incident.runbook_id, "RB-001");
  EXPECT_NE(inc.alerts[0].annotations.GetOr("detail").find("no heartbeat since"), std::string::npos);

  std::promise<Result<ProbeStatus>> again;
  runner_->Beat("nightly-backup", [&](Result<ProbeStatus> r) { again.set_value(std::move(r)); });
  ASSERT_TRUE(again.get_future().get());
  s = WaitFor([](const ProbeStatus& p) { return Told(p, Delivered::Alert::kResolved); });
  EXPECT_EQ(s.state.phase, Phase::kOk);
  EXPECT_EQ(Incident(s.incident_id).incident.status, incident::Status::kMonitoring);
}

TEST_F(RunnerTest, HeartbeatDeadlineSurvivesARestart) {
  StartRunner({HeartbeatProbe()});
  std::promise<Result<ProbeStatus>> beat;
  runner_->Beat("nightly-backup", [&](Result<ProbeStatus> r) { beat.set_value(std::move(r)); });
  ASSERT_TRUE(beat.get_future().get());
  runner_.reset();  // klaxon stops...

  clock_.Advance(30min);  // ...and comes back half an hour later
  StartRunner({HeartbeatProbe()});
  auto s = runner_->Snapshot()[0];
  EXPECT_EQ(s.last_beat, t0);
  EXPECT_EQ(s.deadline, t0 + 65min) << "a restart must not reset the dead man's switch";
  Advance(35min + 1s);
  s = WaitFor([](const ProbeStatus& p) { return p.state.phase == Phase::kFiring && p.incident_id != 0; });
  EXPECT_EQ(s.state.since, t0 + 65min + 1s);
}

TEST_F(RunnerTest, NeverBeatenHeartbeatKeepsItsWaitAcrossRestarts) {
  StartRunner({HeartbeatProbe()});
  runner_.reset();
  clock_.Advance(50min);
  StartRunner({HeartbeatProbe()});
  EXPECT_EQ(runner_->Snapshot()[0].deadline, t0 + 65min);
  EXPECT_FALSE(runner_->Snapshot()[0].last_beat);
}

TEST_F(RunnerTest, KlaxonDownPastTheDeadlineFiresAtStart) {
  StartRunner({HeartbeatProbe()});
  runner_.reset();
  clock_.Advance(3h);
  StartRunner({HeartbeatProbe()});
  auto s = WaitFor([](const ProbeStatus& p) { return p.state.phase == Phase::kFiring && p.incident_id != 0; });
  EXPECT_NE(s.state.detail.find("no heartbeat ever"), std::string::npos) << s.state.detail;
}

TEST_F(RunnerTest, BeatOfAnUnknownProbeIsNotFound) {
  StartRunner({HeartbeatProbe(), WalletProbe(dir_.File("none"))});
  std::promise<Result<ProbeStatus>> r1, r2;
  runner_->Beat("nope", [&](Result<ProbeStatus> r) { r1.set_value(std::move(r)); });
  runner_->Beat("wallet", [&](Result<ProbeStatus> r) { r2.set_value(std::move(r)); });
  auto a = r1.get_future().get();
  auto b = r2.get_future().get();
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kNotFound);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kNotFound) << "not a heartbeat probe";
}

}  // namespace
}  // namespace klaxon::probe
