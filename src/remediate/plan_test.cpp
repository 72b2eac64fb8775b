// The pure core: step sequencing, approvals, re-check outcomes, budgets,
// targets, the environment and progress encoding.
#include "remediate/plan.h"

#include <gtest/gtest.h>

#include "remediate/environment.h"
#include "remediate/progress.h"

namespace klaxon::remediate {
namespace {

using namespace std::chrono_literals;

config::Action A(std::string type) {
  config::Action a;
  a.type = a.name = std::move(type);
  return a;
}

TEST(Plan, StepsInOrderWithApprovalsAndUnknownKinds) {
  std::vector<config::Action> steps = {A("exec"), A("wait_and_recheck"), A("http"), A("escalate"),
                                       A("notify"), A("set_status"), A("sql"), A("ssh")};
  steps[2].requires_approval = access::Role::kLead;
  EXPECT_EQ(Decide(steps, 0, {}).next, Next::kRun);
  EXPECT_EQ(Decide(steps, 1, {}).next, Next::kWait);
  EXPECT_EQ(Decide(steps, 2, {}).next, Next::kAwaitApproval);
  EXPECT_EQ(Decide(steps, 2, {2}).next, Next::kRun);
  EXPECT_EQ(Decide(steps, 3, {}).next, Next::kEscalate);
  EXPECT_EQ(Decide(steps, 4, {}).next, Next::kNotify);
  EXPECT_EQ(Decide(steps, 5, {}).next, Next::kSetStatus);
  EXPECT_EQ(Decide(steps, 6, {}).next, Next::kRun);
  EXPECT_EQ(Decide(steps, 7, {}).next, Next::kUnsupported);
  EXPECT_EQ(Decide(steps, 8, {}).next, Next::kFinished);
}

TEST(Plan, KindRegistryIsOneList) {
  ASSERT_EQ(Kinds().size(), 7u);
  EXPECT_TRUE(FindKind("exec")->external);
  EXPECT_TRUE(FindKind("sql")->external);
  EXPECT_TRUE(FindKind("sql")->runnable);
  EXPECT_FALSE(FindKind("notify")->external);
  EXPECT_EQ(FindKind("ssh"), nullptr);
}

TEST(Plan, RecheckOutcomes) {
  config::Action wait = A("wait_and_recheck");
  EXPECT_EQ(Recheck(wait, false), AfterRecheck::kRecovered);
  EXPECT_EQ(Recheck(wait, true), AfterRecheck::kEscalate);
  wait.on_failure = "continue";
  EXPECT_EQ(Recheck(wait, true), AfterRecheck::kContinue);
}

TEST(Plan, BudgetsAndTargets) {
  config::RemediationBudget three{3, 1h};
  EXPECT_TRUE(WithinBudget(three, 2));
  EXPECT_FALSE(WithinBudget(three, 3));
  EXPECT_TRUE(WithinBudget(config::RemediationBudget{}, 1000));
  Time now = FromUnixMillis(10'000'000);
  EXPECT_EQ(BudgetWindowStart(three, now), now - 1h);
  LabelSet labels{{"service", "api"}, {"region", "eu"}};
  EXPECT_EQ(TargetKey("RB-001", {"service"}, labels), "RB-001/service=api");
  EXPECT_EQ(TargetKey("RB-001", {"service", "region"}, labels), "RB-001/service=api,region=eu");
  EXPECT_EQ(TargetKey("RB-001", {}, labels), "RB-001");
}

TEST(Environment, LabelsAreVariablesNeverArguments) {
  EnvironmentInput in;
  in.labels = LabelSet{{"service", "api; rm -rf /"}, {"weird-name.x", "$(touch /tmp/x)"}};
  in.incident = "INC-7";
  in.runbook = "RB-001";
  in.configured = {{"RAILWAY_TOKEN", "rw"}, {"PATH", "/opt/bin"}};
  auto env = BuildEnvironment(in, [](const std::string& name) -> std::optional<std::string> {
    if (name == "HOME") return "/root";
    if (name == "SLACK_BOT_TOKEN") return "secret";  // never asked for
    return std::nullopt;
  });
  std::vector<std::string> want = {"HOME=/root",
                                   "KLAXON_INCIDENT=INC-7",
                                   "KLAXON_LABEL_service=api; rm -rf /",
                                   "KLAXON_LABEL_weird_name_x=$(touch /tmp/x)",
                                   "KLAXON_RUNBOOK=RB-001",
                                   "PATH=/opt/bin",
                                   "RAILWAY_TOKEN=rw"};
  EXPECT_EQ(env, want);
}

TEST(Progress, RoundTrips) {
  Progress p;
  p.next = 3;
  p.dry_run = true;
  p.actor = "maya";
  p.via = "api";
  p.labels = LabelSet{{"service", "api"}};
  p.approved = {1, 4};
  p.waiting = 2;
  auto back = Decode(Encode(p));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->next, 3u);
  EXPECT_TRUE(back->dry_run);
  EXPECT_EQ(back->actor, "maya");
  EXPECT_EQ(back->labels.GetOr("service"), "api");
  EXPECT_EQ(back->approved, (std::set<size_t>{1, 4}));
  EXPECT_EQ(back->waiting, 2u);
  EXPECT_FALSE(back->running);
  EXPECT_FALSE(Decode("nope"));
}

}  // namespace
}  // namespace klaxon::remediate
