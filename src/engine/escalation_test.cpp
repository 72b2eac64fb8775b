// Escalation in the engine, against a real SQLite store on a manual clock:
// the handbook's SEV1 chain (primary -> secondary -> engineering lead ->
// CTO, 15 minutes each) and everything that stops or moves it.
#include <gtest/gtest.h>

#include "oncall/test_support.h"

#include "engine/engine.h"
#include "remediate/step_runner.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"
#include "testing/test_config.h"

namespace klaxon::engine {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// SmallConfig with the handbook's escalation path for SEV1 and SEV2, and a
// PagerDuty channel routed on escalation, acknowledgement and resolution.
config::Config EscalatingConfig() {
  config::Config c = klaxon::testing::SmallConfig();
  c.incidents.resolve_timeout = hours(24);  // alerts stay firing throughout
  c.schedules = {{oncall::test::Weekly("primary", {"maya", "diego"}, "2025-01-06"), {}},
                 {oncall::test::Weekly("secondary", {"diego", "maya"}, "2025-01-06"), {}}};
  escalate::Policy p;
  p.id = "default";
  p.levels = {escalate::Level{{"primary"}, {}, std::nullopt},
              escalate::Level{{"secondary"}, {}, std::nullopt},
              escalate::Level{{}, {"sam"}, std::nullopt},
              escalate::Level{{}, {"jordan"}, std::nullopt}};
  c.escalation_policies = {{p, {}}};
  c.severities[0].escalation_policy = "default";  // SEV1
  c.severities[1].escalation_policy = "default";  // SEV2
  config::NotificationChannel slack;
  slack.id = "slack";
  slack.type = "slack";
  config::NotificationChannel pd;
  pd.id = "pagerduty";
  pd.type = "pagerduty";
  c.notifications.channels = {slack, pd};
  config::NotificationRoute all;
  all.channels = {"slack"};
  config::NotificationRoute paging;
  paging.channels = {"pagerduty"};
  paging.severities = {"SEV1", "SEV2"};
  paging.events = {"escalated", "acknowledged", "resolved"};
  c.notifications.routes = {all, paging};
  // No update reminders here: they have their own tests (update_cadence_test).
  for (auto& s : c.severities) s.update_every = Duration::zero();
  return c;
}

ingest::Alert Fire(std::string service, std::string alertname = "ApiDown") {
  ingest::Alert a;
  a.labels = LabelSet{{"alertname", alertname}, {"service", service}};
  a.fingerprint = FingerprintOf(a.labels);
  a.action = ingest::AlertAction::kFire;
  a.source = "alertmanager";
  a.integration = "prometheus";
  return a;
}

class EscalationEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_ = EscalatingConfig();
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
    o.metrics = &metrics_;
    if (remediating_) {
      // Plays the worker pool: jobs are kept until RunJobs runs them for real.
      o.run_step = [this](remediate::Job job) { jobs_.push_back(std::move(job)); };
    }
    engine_ = std::make_unique<Engine>(o);
  }
  // Runs every dispatched remediation step (real processes) and reports back.
  size_t RunJobs() {
    auto jobs = std::exchange(jobs_, {});
    for (auto& job : jobs) engine_->SubmitStepResult(remediate::RunStep(job));
    EXPECT_TRUE(engine_->RunPending());
    return jobs.size();
  }
  int64_t Open(std::string service = "api", std::string alertname = "ApiDown") {
    std::optional<Result<IngestResult>> got;
    EXPECT_TRUE(engine_->SubmitAlerts({Fire(std::move(service), std::move(alertname))},
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
  store::IncidentDetail Detail(int64_t id) {
    auto d = store_->GetIncidentDetail(id);
    EXPECT_TRUE(d && *d);
    return d && *d ? **d : store::IncidentDetail{};
  }
  std::vector<std::string> Lines(int64_t id, std::string_view kind) {
    std::vector<std::string> out;
    for (auto& e : Detail(id).timeline) {
      if (e.kind == kind) out.push_back(e.text);
    }
    return out;
  }
  std::vector<std::string> Escalated(int64_t id) { return Lines(id, incident::kinds::kEscalated); }
  // Notification rows of an incident: "channel event".
  std::vector<std::string> Rows(int64_t id) {
    std::vector<std::string> out;
    auto rows = store_->ListNotifications(id);
    EXPECT_TRUE(rows);
    for (const auto& r : rows.value_or(std::vector<store::OutboxEntry>{})) {
      out.push_back(r.channel + " " + r.event);
    }
    return out;
  }
  // Whether the store has anything due within `d` (timers; alert expiries
  // are a day away in this configuration).
  bool DueWithin(Duration d) {
    auto next = store_->NextDue();
    EXPECT_TRUE(next);
    return next && *next && **next <= clock_.Now() + d;
  }

  klaxon::testing::TempDir dir_;
  config::Config cfg_;
  // Thursday 2025-08-07 10:00 UTC: maya is primary, diego secondary.
  ManualClock clock_{ParseTimestamp("2025-08-07T10:00:00Z").value()};
  metrics::Registry metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
  bool remediating_ = false;          // set before OpenStore: run_step is wired
  std::vector<remediate::Job> jobs_;  // dispatched, not run yet (RunPending's thread only)
};

const std::vector<std::string> kChain = {
    "Paging level 1: maya (primary)",
    "Not acknowledged within 15m (SEV1 response time): escalating to level 2: diego (secondary)",
    "Not acknowledged within 15m (SEV1 response time): escalating to level 3: sam",
    "Not acknowledged within 15m (SEV1 response time): escalating to level 4: jordan"};

TEST_F(EscalationEngineTest, TheFullSev1ChainThenExhausted) {
  int64_t id = Open();
  EXPECT_EQ(Escalated(id), std::vector<std::string>{kChain[0]}) << "level 1 paged at once";
  auto inc = Detail(id).incident;
  ASSERT_TRUE(inc.escalation);
  EXPECT_EQ(inc.escalation->due, clock_.Now() + minutes(15));
  EXPECT_EQ(Rows(id), std::vector<std::string>{"slack incident.opened"})
      << "the first page goes out with the Slack message; PagerDuty is not paged yet";

  Tick(minutes(14));
  EXPECT_EQ(Escalated(id).size(), 1u);
  Tick(minutes(1));
  EXPECT_EQ(Escalated(id), std::vector<std::string>(kChain.begin(), kChain.begin() + 2));
  EXPECT_EQ(Rows(id), (std::vector<std::string>{"slack incident.opened",
                                                "slack incident.escalated",
                                                "pagerduty incident.escalated"}));
  Tick(minutes(15));
  Tick(minutes(15));
  EXPECT_EQ(Escalated(id), kChain);
  EXPECT_EQ(Detail(id).incident.escalation->paged, std::vector<std::string>{"jordan"});
  Tick(minutes(15));
  EXPECT_EQ(Escalated(id), kChain) << "nobody after the CTO";
  auto exhausted = Lines(id, incident::kinds::kEscalationExhausted);
  ASSERT_EQ(exhausted.size(), 1u);
  EXPECT_NE(exhausted[0].find("escalation exhausted"), std::string::npos) << exhausted[0];
  EXPECT_TRUE(Detail(id).incident.escalation->exhausted);
  EXPECT_FALSE(DueWithin(hours(2))) << "no timer left";
  Tick(hours(1));
  EXPECT_EQ(Lines(id, incident::kinds::kEscalationExhausted).size(), 1u);
}

TEST_F(EscalationEngineTest, EachDeadlineIsObservedOnceWithHowLateItFired) {
  int64_t id = Open();
  auto& lateness = metrics_.AddHistogram("klaxon_timer_lateness_seconds", "", {}, {"kind"})
                       .With({std::string(incident::kEscalationTimer)});
  Tick(minutes(14));
  EXPECT_EQ(lateness.Count(), 0u) << "not due yet";
  // The engine first looks 250 ms after the deadline.
  Tick(minutes(1) + std::chrono::milliseconds(250));
  ASSERT_EQ(Escalated(id).size(), 2u);
  EXPECT_EQ(lateness.Count(), 1u);
  EXPECT_DOUBLE_EQ(lateness.Sum(), 0.25);
  auto buckets = lateness.BucketCounts();
  const auto& bounds = lateness.bounds();
  for (size_t i = 0; i < bounds.size(); ++i) {
    EXPECT_EQ(buckets[i], bounds[i] < 0.25 ? 0u : 1u) << "le=" << bounds[i];
  }
  // Level 2's deadline is 15 minutes after it was paged; exactly then, on time.
  Tick(minutes(15));
  EXPECT_EQ(lateness.Count(), 2u);
  EXPECT_DOUBLE_EQ(lateness.Sum(), 0.25);
  Tick(minutes(15));
  EXPECT_EQ(Escalated(id), kChain);
  Tick(minutes(15));
  EXPECT_EQ(lateness.Count(), 4u) << "levels 2, 3 and 4, then the last deadline: exhausted";
  Tick(hours(2));
  EXPECT_EQ(lateness.Count(), 4u) << "no timer is left";
  EXPECT_NE(metrics_.Render().find(
                "klaxon_timer_lateness_seconds_count{kind=\"escalation\"} 4"),
            std::string::npos);
}

TEST_F(EscalationEngineTest, AnAcknowledgementStopsItAtEveryPoint) {
  for (size_t paged = 1; paged <= kChain.size(); ++paged) {
    SCOPED_TRACE(paged);
    int64_t id = Open("svc-" + std::to_string(paged));
    for (size_t i = 1; i < paged; ++i) Tick(minutes(15));
    ASSERT_EQ(Escalated(id).size(), paged);
    Tick(minutes(5));
    ASSERT_TRUE(Do(id, incident::Acknowledge{"maya", "api"}));
    EXPECT_FALSE(Detail(id).incident.escalation->due);
    EXPECT_FALSE(DueWithin(hours(2))) << "the timer is gone";
    Tick(hours(2));
    EXPECT_EQ(Escalated(id), std::vector<std::string>(kChain.begin(), kChain.begin() + paged));
    // PagerDuty hears of the acknowledgement only if it was paged.
    auto rows = Rows(id);
    bool pd_ack = std::find(rows.begin(), rows.end(), "pagerduty incident.acknowledged") != rows.end();
    EXPECT_EQ(pd_ack, paged > 1);
  }
}

TEST_F(EscalationEngineTest, AnAcknowledgementAtTheDeadlineInstantWinsOverTheTimer) {
  int64_t id = Open();
  clock_.Advance(minutes(15));  // the deadline is now; the engine has not looked yet
  std::optional<Result<incident::Incident>> got;
  engine_->SubmitCommand({id, incident::Acknowledge{"maya", "slack"}},
                         [&](Result<incident::Incident> r) { got = std::move(r); });
  ASSERT_TRUE(engine_->RunPending());  // queued commands go before due timers
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ(Escalated(id), std::vector<std::string>{kChain[0]}) << "level 2 was never paged";
  EXPECT_FALSE(DueWithin(hours(2)));
  Tick(hours(1));
  EXPECT_EQ(Escalated(id).size(), 1u);
  EXPECT_EQ(Rows(id), (std::vector<std::string>{"slack incident.opened", "slack incident.acknowledged"}))
      << "PagerDuty was never paged, so it hears nothing";
}

TEST_F(EscalationEngineTest, AnAcknowledgementAfterTheChainRanOutIsRecordedAndPagesNobody) {
  int64_t id = Open();
  for (int i = 0; i < 4; ++i) Tick(minutes(15));
  ASSERT_TRUE(Detail(id).incident.escalation->exhausted);
  ASSERT_TRUE(Do(id, incident::Acknowledge{"jordan", "pagerduty"}));
  Tick(hours(2));
  EXPECT_EQ(Escalated(id), kChain);
  auto acks = Lines(id, incident::kinds::kAcknowledged);
  EXPECT_EQ(acks, std::vector<std::string>{"Acknowledged by jordan via pagerduty"});
  auto rows = Rows(id);
  EXPECT_NE(std::find(rows.begin(), rows.end(), "pagerduty incident.acknowledged"), rows.end());
}

TEST_F(EscalationEngineTest, ResolvingStopsItAndResolvesPagerDutyOnlyWhenPaged) {
  int64_t quiet = Open("quiet");
  ASSERT_TRUE(Do(quiet, incident::Resolve{"false alarm", "maya", "api"}));
  int64_t paged = Open("paged");
  Tick(minutes(15));
  ASSERT_TRUE(Do(paged, incident::Resolve{"fixed", "diego", "api"}));
  EXPECT_FALSE(DueWithin(hours(2)));
  Tick(hours(1));
  EXPECT_EQ(Escalated(quiet).size(), 1u);
  EXPECT_EQ(Escalated(paged).size(), 2u);
  EXPECT_EQ(Rows(quiet), (std::vector<std::string>{"slack incident.opened",
                                                   "slack incident.resolved"}));
  EXPECT_EQ(Rows(paged), (std::vector<std::string>{
                             "slack incident.opened", "slack incident.escalated",
                             "pagerduty incident.escalated", "slack incident.resolved",
                             "pagerduty incident.resolved"}));
}

TEST_F(EscalationEngineTest, ManualEscalateAndItsConflicts) {
  int64_t id = Open();
  Tick(minutes(2));
  auto r = Do(id, incident::Escalate{"carol", "cli"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->escalation->level, 1);
  EXPECT_EQ(r->escalation->due, clock_.Now() + minutes(15));
  EXPECT_EQ(Escalated(id).back(), "Escalated by carol via cli: paging level 2: diego (secondary)");
  EXPECT_EQ(Detail(id).timeline.back().actor, "carol");
  // The deadline restarted with the manual page.
  Tick(minutes(14));
  EXPECT_EQ(Escalated(id).size(), 2u);
  Tick(minutes(1));
  EXPECT_EQ(Escalated(id).size(), 3u);

  int64_t minor = Open("wallet", "ReservesWalletLow");  // RB-008, SEV3: no policy
  auto none = Do(minor, incident::Escalate{"carol", "cli"});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(Do(id, incident::Resolve{"", "carol", "api"}));
  auto resolved = Do(id, incident::Escalate{"carol", "cli"});
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().code, ErrorCode::kConflict);
}

TEST_F(EscalationEngineTest, ASeverityChangeMovesThePendingDeadline) {
  int64_t id = Open();
  Tick(minutes(5));
  ASSERT_TRUE(Do(id, incident::ChangeSeverity{"SEV2", "partial", "carol", "api"}));
  Tick(minutes(10));  // SEV1's 15 minutes have passed
  EXPECT_EQ(Escalated(id).size(), 1u);
  Tick(minutes(45));  // SEV2's hour
  ASSERT_EQ(Escalated(id).size(), 2u);
  EXPECT_EQ(Escalated(id)[1],
            "Not acknowledged within 1h (SEV2 response time): escalating to level 2: diego "
            "(secondary)");
}

TEST_F(EscalationEngineTest, TheTimerSurvivesARestartMidChain) {
  int64_t id = Open();
  Tick(minutes(15));
  ASSERT_EQ(Escalated(id).size(), 2u);
  OpenStore();  // a new process: the engine and the store re-opened from disk
  Tick(minutes(15));
  EXPECT_EQ(Escalated(id), std::vector<std::string>(kChain.begin(), kChain.begin() + 3));
}

TEST_F(EscalationEngineTest, AReopenedIncidentEscalatesAgain) {
  int64_t id = Open();
  ASSERT_TRUE(Do(id, incident::Acknowledge{"maya", "api"}));
  ASSERT_TRUE(Do(id, incident::Resolve{"", "maya", "api"}));
  Tick(minutes(1));
  // The alert fires again (resolved first, so the fire is a re-fire).
  auto resolved = Fire("api");
  resolved.action = ingest::AlertAction::kResolve;
  ASSERT_TRUE(engine_->SubmitAlerts({resolved}, [](Result<IngestResult>) {}));
  ASSERT_TRUE(engine_->RunPending());
  EXPECT_EQ(Open(), id);
  auto inc = Detail(id).incident;
  EXPECT_TRUE(inc.IsOpen());
  EXPECT_EQ(Escalated(id).size(), 2u);
  EXPECT_EQ(inc.escalation->level, 0);
  EXPECT_EQ(inc.escalation->due, clock_.Now() + minutes(15));
  Tick(minutes(15));
  EXPECT_EQ(Escalated(id).size(), 3u);
}

// The handbook's SEV1 runbook: restart, wait 2 minutes, re-check, and page
// only if still failing. The chain then runs as above, from the failed
// re-check: Slack at once, PagerDuty after the re-check, then secondary,
// engineering lead and CTO 15 minutes apart.
class RemediatingChainTest : public EscalationEngineTest {
 protected:
  void SetUp() override {
    cfg_ = EscalatingConfig();
    config::Runbook& rb = cfg_.runbooks.at(0);  // RB-001, SEV1
    rb.auto_remediate = true;
    config::Action restart;
    restart.name = "Restart API";
    restart.type = "exec";
    restart.argv = {"true"};
    restart.timeout = std::chrono::seconds(10);
    config::Action recheck;
    recheck.type = "wait_and_recheck";
    recheck.wait = minutes(2);
    rb.actions = {restart, recheck};
    remediating_ = true;
    OpenStore();
  }
  bool Paged(int64_t id, std::string_view row) {
    auto rows = Rows(id);
    return std::find(rows.begin(), rows.end(), row) != rows.end();
  }
};

TEST_F(RemediatingChainTest, SlackAtOncePagerDutyAfterTheFailedRecheckThenEveryLevel) {
  int64_t id = Open();
  EXPECT_TRUE(Escalated(id).empty()) << "remediation first: nobody is paged on opening";
  EXPECT_EQ(Rows(id), std::vector<std::string>{"slack incident.opened"}) << "Slack at once";
  ASSERT_EQ(RunJobs(), 1u);
  EXPECT_EQ(Rows(id), (std::vector<std::string>{"slack incident.opened", "slack incident.updated"}))
      << "Slack is told what was tried";
  Tick(minutes(2) - std::chrono::seconds(1));
  EXPECT_TRUE(Escalated(id).empty());
  EXPECT_FALSE(Paged(id, "pagerduty incident.escalated"));
  Tick(std::chrono::seconds(1));  // the re-check: the alert still fires
  EXPECT_EQ(Escalated(id), std::vector<std::string>{kChain[0]});
  EXPECT_TRUE(Paged(id, "pagerduty incident.escalated")) << "PagerDuty after the re-check";
  EXPECT_EQ(Detail(id).incident.escalation->due, clock_.Now() + minutes(15));
  for (size_t level = 2; level <= kChain.size(); ++level) {
    Tick(minutes(14));
    EXPECT_EQ(Escalated(id).size(), level - 1);
    Tick(minutes(1));
    EXPECT_EQ(Escalated(id), std::vector<std::string>(kChain.begin(), kChain.begin() + level));
  }
  Tick(minutes(15));
  EXPECT_TRUE(Detail(id).incident.escalation->exhausted);
  EXPECT_FALSE(DueWithin(hours(2)));
  auto rows = Rows(id);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), "pagerduty incident.escalated"), 4);
}

TEST_F(RemediatingChainTest, AnAcknowledgementStopsItAtEveryPoint) {
  // Acknowledged before the re-check, after PagerDuty (level 1), after the
  // secondary, after the lead, after the CTO.
  for (size_t paged = 0; paged <= kChain.size(); ++paged) {
    SCOPED_TRACE(paged);
    int64_t id = Open("svc-" + std::to_string(paged));
    ASSERT_EQ(RunJobs(), 1u);
    Tick(minutes(1));
    if (paged > 0) {
      Tick(minutes(1));  // the re-check fails: level 1
      for (size_t i = 1; i < paged; ++i) Tick(minutes(15));
    }
    ASSERT_EQ(Escalated(id).size(), paged);
    ASSERT_TRUE(Do(id, incident::Acknowledge{"maya", "slack"}));
    Tick(hours(2));  // past the re-check and every deadline
    EXPECT_EQ(Escalated(id), std::vector<std::string>(kChain.begin(), kChain.begin() + paged));
    EXPECT_FALSE(DueWithin(hours(2))) << "nothing left to fire";
    EXPECT_EQ(Paged(id, "pagerduty incident.escalated"), paged > 0);
    EXPECT_EQ(Paged(id, "pagerduty incident.acknowledged"), paged > 0)
        << "PagerDuty hears of the acknowledgement only if it was paged";
    if (paged == 0) {
      EXPECT_EQ(Lines(id, incident::kinds::kRemediation).back(),
                "Re-check after 2m: still failing (1 alert firing); acknowledged by maya: nobody "
                "is paged")
          << "the re-check still runs; the acknowledgement keeps it from paging";
    }
  }
}

TEST_F(RemediatingChainTest, ARecheckThatPassesPagesNobody) {
  int64_t id = Open();
  ASSERT_EQ(RunJobs(), 1u);
  auto resolved = Fire("api");
  resolved.action = ingest::AlertAction::kResolve;
  ASSERT_TRUE(engine_->SubmitAlerts({resolved}, [](Result<IngestResult>) {}));
  ASSERT_TRUE(engine_->RunPending());
  Tick(minutes(2));
  EXPECT_EQ(Detail(id).incident.status, incident::Status::kMonitoring);
  Tick(hours(2));
  EXPECT_TRUE(Escalated(id).empty());
  EXPECT_FALSE(Paged(id, "pagerduty incident.escalated"));
}

}  // namespace
}  // namespace klaxon::engine
