// Automated remediation through the engine, against real components: the
// SQLite store, real child processes, a real HTTP service on 127.0.0.1 that
// the test breaks and mends, and a manual clock (no sleeps). The test plays
// the worker pool (it runs each dispatched job itself, then submits the
// result) and the monitoring system (it checks the service and resolves the
// alert when the service answers again).
#include "engine/remediation.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "config/loader.h"
#include "engine/engine.h"
#include "http/client.h"
#include "http/server.h"
#include "metrics/metrics.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace klaxon::engine {
namespace {

using std::chrono::minutes;
using incident::Status;
namespace fs = std::filesystem;

// The service the runbook looks after: /up answers 200 once `restarted`
// exists in its directory (the restart action creates it), unless `stuck`.
class Service {
 public:
  explicit Service(fs::path dir) : dir_(std::move(dir)) {
    router_.Add("POST", "/restart", [this](http::Request& req, http::Reply reply) {
      authorization = std::string(req.Header("authorization").value_or(""));
      if (stuck) return reply(http::Response::Text(503, "platform busy"));
      std::ofstream(dir_ / "restarted") << "by http";
      reply(http::Response::Json(200, R"({"restarted":true})"));
    });
    router_.Add("GET", "/up", [this](http::Request&, http::Reply reply) {
      bool up = fs::exists(dir_ / "restarted") && !stuck;
      reply(http::Response::Text(up ? 200 : 503, up ? "ok" : "down"));
    });
    auto s = http::Server::Start({.host = "127.0.0.1", .port = 0, .threads = 1}, router_);
    EXPECT_TRUE(s) << s.error().message;
    server_ = std::move(*s);
  }
  int Check() const {
    http::ClientRequest req;
    req.url = "http://127.0.0.1:" + std::to_string(server_->port()) + "/up";
    auto r = http::Send(req);
    return r ? r->status : 0;
  }
  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + std::string(path);
  }
  std::atomic<bool> stuck{false};
  std::string authorization;  // of the last /restart; read after the request completed

 private:
  fs::path dir_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

class RemediationTest : public ::testing::Test {
 protected:
  // `actions` and `extra` are YAML lines of the RB-001 runbook.
  void Load(const std::string& actions, const std::string& extra = "",
            const std::string& top = "") {
    std::string text =
        "severities:\n"
        "  - {id: SEV1, response_time: 15m, escalation_policy: default}\n"
        "people:\n"
        "  - {id: maya, name: Maya}\n"
        "escalation_policies:\n"
        "  - {id: default, levels: [{people: [maya]}]}\n"
        "incidents: {quiet_period: 5m, reopen_window: 30m}\n" +
        top +
        "runbooks:\n"
        "  - id: RB-001\n"
        "    title: API down\n"
        "    severity: SEV1\n"
        "    match: [alertname=\"ApiDown\"]\n"
        "    auto_remediate: true\n" +
        extra + "    actions:\n" + actions;
    auto c = config::LoadString(text, "t.yaml", [](const std::string& name) -> std::optional<std::string> {
      if (name == "OPS_TOKEN") return "s3cret-ops-token";
      return std::nullopt;
    });
    ASSERT_TRUE(c) << c.error().front().ToString();
    cfg_ = std::move(*c);
    auto s = store::sqlite::Open({dir_.File("klaxon.db")});
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    MakeEngine();
  }
  void MakeEngine() {
    Options o;
    o.config = &cfg_;
    o.store = store_.get();
    o.clock = &clock_;
    o.run_step = [this](remediate::Job job) {
      std::lock_guard lock(mu_);
      jobs_.push_back(std::move(job));
    };
    o.metrics = &metrics_;
    if (recheck_) {
      o.recheck = [this](const incident::Incident& inc, Time since) {
        asked_.push_back(since);
        return recheck_(inc, since);
      };
    }
    engine_ = std::make_unique<Engine>(o);
  }
  std::string Dir() const { return dir_.path(); }
  fs::path Path() const { return fs::path(dir_.path()); }
  ingest::Alert Alert(bool firing, LabelSet labels = LabelSet{{"alertname", "ApiDown"},
                                                                {"service", "api"}}) {
    ingest::Alert a;
    a.labels = std::move(labels);
    a.fingerprint = FingerprintOf(a.labels);
    a.action = firing ? ingest::AlertAction::kFire : ingest::AlertAction::kResolve;
    a.source = "alertmanager";
    a.integration = "prometheus";
    return a;
  }
  int64_t Send(ingest::Alert a) {
    std::optional<Result<IngestResult>> got;
    EXPECT_TRUE(engine_->SubmitAlerts({std::move(a)}, [&](auto r) { got = std::move(r); }));
    EXPECT_TRUE(engine_->RunPending());
    EXPECT_TRUE(got && *got);
    return got && *got && !(*got)->alerts.empty() ? (*got)->alerts[0].incident_id : 0;
  }
  std::vector<remediate::Job> TakeJobs() {
    std::lock_guard lock(mu_);
    return std::exchange(jobs_, {});
  }
  // Plays the worker pool: runs every dispatched job for real, reports back.
  int RunJobs() {
    int n = 0;
    for (auto& job : TakeJobs()) {
      engine_->SubmitStepResult(remediate::RunStep(job));
      ++n;
    }
    EXPECT_TRUE(engine_->RunPending());
    return n;
  }
  void Tick(Duration d) {
    clock_.Advance(d);
    EXPECT_TRUE(engine_->RunPending());
  }
  store::IncidentDetail Detail(int64_t id) {
    auto d = store_->GetIncidentDetail(id);
    EXPECT_TRUE(d && *d);
    return d && *d ? **d : store::IncidentDetail{};
  }
  int Lines(int64_t id, std::string_view kind, std::string_view containing = "") {
    int n = 0;
    for (const auto& l : Detail(id).timeline) {
      if (l.kind == kind && l.text.find(containing) != std::string::npos) ++n;
    }
    return n;
  }
  std::string Timeline(int64_t id) {
    std::string out;
    for (const auto& l : Detail(id).timeline) out += l.kind + ": " + l.text + "\n";
    return out;
  }
  Result<incident::Incident> Step(int64_t id, StepCommand::Op op, int step, access::Role role) {
    std::optional<Result<incident::Incident>> got;
    engine_->SubmitStepCommand({op, id, step, {"sam", "api", role}},
                               [&](Result<incident::Incident> r) { got = std::move(r); });
    EXPECT_TRUE(engine_->RunPending());
    EXPECT_TRUE(got.has_value());
    return std::move(*got);
  }

  klaxon::testing::TempDir dir_;
  ManualClock clock_{FromUnixMillis(1'750'000'000'000)};
  config::Config cfg_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
  std::mutex mu_;
  std::vector<remediate::Job> jobs_;  // guarded by mu_
  metrics::Registry metrics_;
  RecheckHook recheck_;      // plays the probes; set before Load
  std::vector<Time> asked_;  // `since` of each re-check the probes were asked about
};

std::string RestartAndRecheck(const std::string& dir) {
  return "      - name: Restart API\n"
         "        exec: [touch, '" + dir + "/restarted']\n"
         "        timeout: 10s\n"
         "      - wait_and_recheck: 2m\n";
}

TEST_F(RemediationTest, RestartFixesItAndTheRecheckPassesToMonitoring) {
  Load(RestartAndRecheck(Dir()));
  Service api(Path());
  ASSERT_EQ(api.Check(), 503);  // broken
  int64_t id = Send(Alert(true));
  EXPECT_EQ(Lines(id, "escalated"), 0) << "remediate first, page only if still failing";
  EXPECT_EQ(Lines(id, "remediation", "Running \"Restart API\""), 1) << Timeline(id);
  ASSERT_EQ(RunJobs(), 1);
  EXPECT_EQ(Lines(id, "remediation", "Step \"Restart API\": exit 0"), 1) << Timeline(id);
  EXPECT_EQ(Lines(id, "update", "Automated remediation tried \"Restart API\""), 1);
  ASSERT_EQ(api.Check(), 200);  // mended: the monitoring system resolves its alert
  Send(Alert(false));
  Tick(minutes(2));
  EXPECT_EQ(Lines(id, "remediation", "Re-check after 2m: recovered"), 1) << Timeline(id);
  EXPECT_EQ(Lines(id, "escalated"), 0);
  EXPECT_EQ(Detail(id).incident.status, Status::kMonitoring);
  auto runs = store_->ListRemediationRuns(id);
  ASSERT_TRUE(runs && runs->size() == 1);
  EXPECT_EQ((*runs)[0].outcome, "recovered");
  auto steps = store_->ListRemediationSteps(id);
  ASSERT_TRUE(steps && steps->size() == 1);
  EXPECT_EQ((*steps)[0].state, "succeeded");
  EXPECT_EQ((*steps)[0].actor, "klaxon");
  EXPECT_EQ((*steps)[0].command, "{\"argv\":[\"touch\",\"" + Dir() + "/restarted\"]}");
  EXPECT_NE((*steps)[0].result.find("\"exit_code\":0"), std::string::npos);
}

TEST_F(RemediationTest, RecheckStillFailingEscalates) {
  Load(RestartAndRecheck(Dir()));
  Service api(Path());
  api.stuck = true;  // a restart does not help
  int64_t id = Send(Alert(true));
  ASSERT_EQ(RunJobs(), 1);
  ASSERT_EQ(api.Check(), 503);  // still failing: the alert keeps firing
  Tick(minutes(1));
  EXPECT_EQ(Lines(id, "escalated"), 0);
  Tick(minutes(1));
  EXPECT_EQ(Lines(id, "remediation", "Re-check after 2m: still failing (1 alert firing)"), 1)
      << Timeline(id);
  EXPECT_EQ(Lines(id, "escalated"), 1) << Timeline(id);
  EXPECT_EQ(Lines(id, "update", "did not fix it"), 1);
  EXPECT_EQ(Detail(id).incident.status, Status::kInvestigating);
}

TEST_F(RemediationTest, HttpRestartThroughAPlatformApi) {
  Service api(Path());
  Load("      - name: Restart via platform\n"
       "        http:\n"
       "          url: '" + api.Url("/restart?token=in-query") + "'\n"
       "          headers: {Authorization: 'Bearer ${OPS_TOKEN}'}\n"
       "        timeout: 5s\n"
       "      - wait_and_recheck: 2m\n");
  int64_t id = Send(Alert(true));
  ASSERT_EQ(RunJobs(), 1);
  EXPECT_EQ(api.authorization, "Bearer s3cret-ops-token");
  EXPECT_EQ(api.Check(), 200);
  EXPECT_EQ(Lines(id, "remediation", "Step \"Restart via platform\": HTTP 200"), 1) << Timeline(id);
  auto steps = store_->ListRemediationSteps(id);
  ASSERT_TRUE(steps && steps->size() == 1);
  EXPECT_EQ((*steps)[0].command, "{\"method\":\"POST\",\"url\":\"" + api.Url("/restart") + "\"}")
      << "no headers, no query: they may hold secrets";
  EXPECT_NE((*steps)[0].result.find("\"http_status\":200"), std::string::npos);
  for (const auto& l : Detail(id).timeline) {
    EXPECT_EQ(l.text.find("s3cret"), std::string::npos) << l.text;
    EXPECT_EQ(l.data.find("s3cret"), std::string::npos) << l.data;
  }
  // The platform refuses the next time: a non-2xx answer is a failed step.
  Send(Alert(false));
  Tick(minutes(2));
  Tick(minutes(6));  // resolved; the next alert re-opens it
  api.stuck = true;
  int64_t next = Send(Alert(true));
  ASSERT_EQ(RunJobs(), 1);
  EXPECT_EQ(Lines(next, "remediation", "HTTP 503"), 1) << Timeline(next);
  EXPECT_EQ(Lines(next, "escalated"), 1);
}

TEST_F(RemediationTest, OneRemediationAtATimePerTarget) {
  // Incidents per instance, remediation per service: two instances of one
  // service must not be restarted at once.
  Load(RestartAndRecheck(Dir()), "    group_by: [service, instance]\n");
  int64_t a = Send(Alert(true, LabelSet{{"alertname", "ApiDown"}, {"service", "api"},
                                        {"instance", "a"}}));
  int64_t b = Send(Alert(true, LabelSet{{"alertname", "ApiDown"}, {"service", "api"},
                                        {"instance", "b"}}));
  ASSERT_NE(a, b);
  EXPECT_EQ(TakeJobs().size(), 1u);
  EXPECT_EQ(Lines(b, "remediation", "Remediation not started: INC-1 is already remediating "
                                    "RB-001/service=api"),
            1)
      << Timeline(b);
  EXPECT_EQ(Lines(b, "escalated"), 1);
  EXPECT_EQ(Lines(a, "escalated"), 0);
}

TEST_F(RemediationTest, FailedStepEscalatesAtOnce) {
  Load("      - {name: Restart API, exec: [sh, -c, 'echo cannot restart; exit 7']}\n"
       "      - wait_and_recheck: 2m\n");
  int64_t id = Send(Alert(true));
  ASSERT_EQ(RunJobs(), 1);
  EXPECT_EQ(Lines(id, "remediation", "Step \"Restart API\": exit 7"), 1) << Timeline(id);
  EXPECT_EQ(Lines(id, "escalated"), 1);
  EXPECT_EQ(Lines(id, "update", "cannot restart"), 1) << "the output reaches the thread";
}

TEST_F(RemediationTest, BudgetStopsARestartLoop) {
  Load(RestartAndRecheck(Dir()), "    remediation: {budget: 2 per 1h}\n");
  int64_t id = 0;
  for (int round = 0; round < 2; ++round) {
    id = Send(Alert(true));  // fires (round 2: re-opens)
    ASSERT_EQ(RunJobs(), 1) << "round " << round;
    Send(Alert(false));      // flaps back
    Tick(minutes(2));        // re-check: recovered
    Tick(minutes(5));        // quiet period: resolved
  }
  id = Send(Alert(true));    // the third time within the hour
  EXPECT_EQ(TakeJobs().size(), 0u) << "no action past the budget";
  EXPECT_EQ(Lines(id, "remediation", "Remediation budget exhausted (2 per 1h"), 1)
      << Timeline(id);
  EXPECT_EQ(Lines(id, "escalated"), 1);
  // An hour later the budget has room again.
  Send(Alert(false));
  Tick(minutes(61));
  Send(Alert(true));
  EXPECT_EQ(TakeJobs().size(), 1u);
}

TEST_F(RemediationTest, AlertLabelsNeverExecute) {
  fs::path marker = Path() / "x";
  std::string hostile = "$(touch " + marker.string() + ") `touch " + marker.string() + "`; touch " +
                        marker.string() + " \"' && echo";
  Load("      - {name: Show, shell: 'printf \"%s\" \"$KLAXON_LABEL_service\"'}\n"
       "      - {name: Argv, exec: [printenv, KLAXON_LABEL_service]}\n");
  int64_t id = Send(Alert(true, LabelSet{{"alertname", "ApiDown"}, {"service", hostile}}));
  ASSERT_EQ(RunJobs(), 1);
  ASSERT_EQ(RunJobs(), 1);
  EXPECT_FALSE(fs::exists(marker)) << "something from a label was executed";
  auto steps = store_->ListRemediationSteps(id);
  ASSERT_TRUE(steps && steps->size() == 2);
  for (const auto& s : *steps) {
    EXPECT_EQ(s.state, "succeeded") << s.result;
    EXPECT_EQ(s.command.find("touch"), std::string::npos) << "labels are never in the command";
  }
  auto literal = [&](const std::string& result) {
    return result.find("\"output_head\":\"$(touch") != std::string::npos;
  };
  EXPECT_TRUE(literal((*steps)[0].result)) << (*steps)[0].result;
  EXPECT_TRUE(literal((*steps)[1].result)) << (*steps)[1].result;
}

TEST_F(RemediationTest, DryRunExecutesNothing) {
  Load(RestartAndRecheck(Dir()), "    remediation: {dry_run: true}\n");
  int64_t id = Send(Alert(true));
  EXPECT_EQ(TakeJobs().size(), 0u);
  EXPECT_FALSE(fs::exists(Path() / "restarted"));
  EXPECT_EQ(Lines(id, "remediation", "Dry run: would run \"Restart API\": touch"), 1)
      << Timeline(id);
  auto steps = store_->ListRemediationSteps(id);
  ASSERT_TRUE(steps && steps->size() == 1);
  EXPECT_EQ((*steps)[0].state, "dry_run");
}

TEST_F(RemediationTest, GlobalDryRun) {
  Load(RestartAndRecheck(Dir()), "", "remediation: {dry_run: true}\n");
  Send(Alert(true));
  EXPECT_EQ(TakeJobs().size(), 0u);
  EXPECT_FALSE(fs::exists(Path() / "restarted"));
}

TEST_F(RemediationTest, ApprovalGatesAStep) {
  Load("      - name: Terminate idle connections\n"
       "        exec: [touch, '" + Dir() + "/terminated']\n"
       "        requires_approval: lead\n");
  int64_t id = Send(Alert(true));
  EXPECT_EQ(TakeJobs().size(), 0u);
  EXPECT_EQ(Lines(id, "remediation", "waits for approval by lead"), 1) << Timeline(id);
  EXPECT_EQ(Lines(id, "escalated"), 1) << "a human must act: page";
  EXPECT_EQ(Step(id, StepCommand::Op::kApprove, 1, access::Role::kOnCall).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Step(id, StepCommand::Op::kApprove, 2, access::Role::kLead).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(TakeJobs().size(), 0u);
  ASSERT_TRUE(Step(id, StepCommand::Op::kApprove, 1, access::Role::kLead));
  ASSERT_EQ(RunJobs(), 1);
  EXPECT_TRUE(fs::exists(Path() / "terminated"));
  auto steps = store_->ListRemediationSteps(id);
  ASSERT_TRUE(steps && steps->size() == 1);
  EXPECT_EQ((*steps)[0].actor, "sam") << "audited as run on sam's approval";
  // Run again by hand: audited as its own row.
  ASSERT_TRUE(Step(id, StepCommand::Op::kRun, 1, access::Role::kLead));
  ASSERT_EQ(RunJobs(), 1);
  EXPECT_EQ(store_->ListRemediationSteps(id)->size(), 2u);
  EXPECT_EQ(Step(id, StepCommand::Op::kRun, 1, access::Role::kEngineer).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(RemediationTest, InterruptedStepIsRecordedNotRerun) {
  Load(RestartAndRecheck(Dir()));
  int64_t id = Send(Alert(true));
  ASSERT_EQ(TakeJobs().size(), 1u);  // dispatched, then klaxon is killed mid-run
  engine_.reset();
  MakeEngine();                       // restart on the same store
  EXPECT_TRUE(engine_->RunPending());
  EXPECT_EQ(TakeJobs().size(), 0u) << "never re-run automatically";
  EXPECT_EQ(Lines(id, "remediation", "was interrupted"), 1) << Timeline(id);
  EXPECT_EQ(Lines(id, "escalated"), 1);
  auto steps = store_->ListRemediationSteps(id);
  ASSERT_TRUE(steps && steps->size() == 1);
  EXPECT_EQ((*steps)[0].state, "interrupted");
  // A late result from before the restart changes nothing.
  remediate::StepResult late;
  late.step_row = (*steps)[0].id;
  late.incident_id = id;
  late.ok = true;
  engine_->SubmitStepResult(late);
  EXPECT_TRUE(engine_->RunPending());
  EXPECT_EQ(store_->ListRemediationSteps(id)->at(0).state, "interrupted");
}

TEST_F(RemediationTest, DiagnosticsRunWhenTheIncidentOpens) {
  Load("      - wait_and_recheck: 2m\n",
       "    investigation:\n"
       "      - {title: Recent deploys, run: 'echo deploy 42 at 10:01', auto: true}\n"
       "      - {title: Not automatic, run: 'echo no'}\n");
  int64_t id = Send(Alert(true));
  ASSERT_EQ(RunJobs(), 1);
  EXPECT_EQ(Lines(id, "diagnostic", "Diagnostic \"Recent deploys\": exit 0"), 1)
      << Timeline(id);
  EXPECT_EQ(Lines(id, "update", "deploy 42 at 10:01"), 1) << "posted to the thread";
}

TEST_F(RemediationTest, RunbooksWithoutAutoRemediationPageAtOnce) {
  Load("      - {exec: [touch, '" + Dir() + "/never']}\n");
  cfg_.runbooks[0].auto_remediate = false;
  MakeEngine();
  int64_t id = Send(Alert(true));
  EXPECT_EQ(Lines(id, "escalated"), 1);
  EXPECT_EQ(TakeJobs().size(), 0u);
}

TEST_F(RemediationTest, TheProbesJudgeTheRecheckFromChecksAfterTheStepFinished) {
  // The probe saw the service healthy again, but its alert is still
  // clearing (clear_for): the probe's verdict stands for its own alert.
  recheck_ = [](const incident::Incident&, Time) {
    return std::optional<ProbeRecheck>(ProbeRecheck{false, 1, "probe api-up passing"});
  };
  Load(RestartAndRecheck(Dir()));
  int64_t id = Send(Alert(true));
  Tick(std::chrono::seconds(20));  // the restart takes a while
  Time finished = clock_.Now();
  ASSERT_EQ(RunJobs(), 1);
  Tick(minutes(2));
  ASSERT_EQ(asked_.size(), 1u);
  EXPECT_EQ(asked_[0], finished) << "checks count only if they started after the step finished";
  EXPECT_EQ(Lines(id, "remediation", "Re-check after 2m: recovered (probe api-up passing)"), 1)
      << Timeline(id);
  EXPECT_EQ(Detail(id).incident.status, Status::kMonitoring);
  EXPECT_EQ(Lines(id, "escalated"), 0);
  // The probe's alert clears a little later: the quiet period starts then.
  Tick(minutes(1));
  Send(Alert(false));
  Tick(minutes(4));
  EXPECT_EQ(Detail(id).incident.status, Status::kMonitoring);
  Tick(minutes(1));
  EXPECT_EQ(Detail(id).incident.status, Status::kResolved) << Timeline(id);
}

TEST_F(RemediationTest, AFailingProbeEscalatesAndOtherAlertsStillCount) {
  bool probe_failing = true;
  recheck_ = [&](const incident::Incident&, Time) {
    return std::optional<ProbeRecheck>(ProbeRecheck{
        probe_failing, 1, probe_failing ? "probe api-up failing: HTTP 503" : "probe api-up passing"});
  };
  Load(RestartAndRecheck(Dir()), "    group_by: [service]\n");
  int64_t id = Send(Alert(true));
  ASSERT_EQ(RunJobs(), 1);
  Tick(minutes(2));
  EXPECT_EQ(Lines(id, "remediation",
                  "Re-check after 2m: still failing (probe api-up failing: HTTP 503); escalating"),
            1)
      << Timeline(id);
  EXPECT_EQ(Lines(id, "escalated"), 1);

  // Another incident: the probe recovered, but an alert of another source
  // in the same incident still fires.
  probe_failing = false;
  LabelSet web{{"alertname", "ApiDown"}, {"service", "web"}};
  int64_t other = Send(Alert(true, web));
  Send(Alert(true, LabelSet{{"alertname", "ApiDown"}, {"service", "web"}, {"from", "am"}}));
  ASSERT_EQ(RunJobs(), 1);
  Tick(minutes(2));
  EXPECT_EQ(Lines(other, "remediation",
                  "Re-check after 2m: still failing (probe api-up passing, 1 other alert firing)"),
            1)
      << Timeline(other);
}

TEST_F(RemediationTest, WithoutAProbeOpinionTheAlertsDecide) {
  recheck_ = [](const incident::Incident&, Time) { return std::optional<ProbeRecheck>(); };
  Load(RestartAndRecheck(Dir()));
  int64_t id = Send(Alert(true));
  ASSERT_EQ(RunJobs(), 1);
  Tick(minutes(2));
  EXPECT_EQ(asked_.size(), 1u);
  EXPECT_EQ(Lines(id, "remediation", "still failing (1 alert firing); escalating"), 1)
      << Timeline(id);
}

TEST_F(RemediationTest, TheRecheckTimerIsObservedWithHowLateItFired) {
  Load(RestartAndRecheck(Dir()));
  auto& lateness = metrics_.AddHistogram("klaxon_timer_lateness_seconds", "", {}, {"kind"})
                       .With({std::string(kRemediationTimer)});
  Send(Alert(true));
  ASSERT_EQ(RunJobs(), 1);
  Tick(minutes(2) - std::chrono::milliseconds(1));
  EXPECT_EQ(lateness.Count(), 0u);
  Tick(std::chrono::milliseconds(301));
  EXPECT_EQ(lateness.Count(), 1u);
  EXPECT_DOUBLE_EQ(lateness.Sum(), 0.3);
}

TEST_F(RemediationTest, TheActionsRunAgainWhenTheAlertFiresAfterMonitoring) {
  Load(RestartAndRecheck(Dir()), "    remediation: {budget: 2 per 1h}\n");
  int64_t id = Send(Alert(true));
  ASSERT_EQ(RunJobs(), 1);
  Send(Alert(false));  // mended
  Tick(minutes(2));    // re-check: recovered
  ASSERT_EQ(Detail(id).incident.status, Status::kMonitoring);
  EXPECT_EQ(Send(Alert(true)), id) << "fires again within the quiet period: the same incident";
  EXPECT_EQ(Detail(id).incident.status, Status::kInvestigating);
  EXPECT_EQ(Lines(id, "remediation", "Remediation started again"), 1) << Timeline(id);
  ASSERT_EQ(RunJobs(), 1) << "the restart runs again";
  EXPECT_EQ(Lines(id, "escalated"), 0);
  EXPECT_EQ(Lines(id, "diagnostic"), 0);
  // While its re-check waits, the alert flaps: the run going on is left alone.
  Send(Alert(false));
  Send(Alert(true));
  EXPECT_EQ(TakeJobs().size(), 0u);
  EXPECT_EQ(Lines(id, "remediation", "Remediation started again"), 1) << Timeline(id);
  Send(Alert(false));
  Tick(minutes(2));  // recovered again
  ASSERT_EQ(Detail(id).incident.status, Status::kMonitoring) << Timeline(id);
  // A third time within the hour: past the budget, klaxon pages instead.
  Send(Alert(true));
  EXPECT_EQ(TakeJobs().size(), 0u);
  EXPECT_EQ(Lines(id, "remediation", "Remediation budget exhausted (2 per 1h: 2 already run)"), 1)
      << Timeline(id);
  EXPECT_EQ(Lines(id, "escalated"), 1);
  auto runs = store_->ListRemediationRuns(id);
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->size(), 2u);
}

TEST_F(RemediationTest, ARefiredIncidentWaitsForAnotherIncidentHoldingTheTarget) {
  Load(RestartAndRecheck(Dir()), "    group_by: [service, instance]\n");
  LabelSet a_labels{{"alertname", "ApiDown"}, {"service", "api"}, {"instance", "a"}};
  LabelSet b_labels{{"alertname", "ApiDown"}, {"service", "api"}, {"instance", "b"}};
  int64_t a = Send(Alert(true, a_labels));
  ASSERT_EQ(RunJobs(), 1);
  Send(Alert(false, a_labels));
  Tick(minutes(2));  // a recovered: Monitoring, its run over
  int64_t b = Send(Alert(true, b_labels));  // b takes the target
  ASSERT_EQ(RunJobs(), 1);
  Send(Alert(true, a_labels));  // a fires again while b's run waits for its re-check
  EXPECT_EQ(TakeJobs().size(), 0u) << "one remediation at a time per target";
  EXPECT_EQ(Lines(a, "remediation", "Remediation not started: INC-2 is already remediating"), 1)
      << Timeline(a);
  EXPECT_EQ(Lines(a, "escalated"), 1);
  EXPECT_EQ(Lines(b, "escalated"), 0);
}

}  // namespace
}  // namespace klaxon::engine
