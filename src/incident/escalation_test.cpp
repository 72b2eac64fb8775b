// Escalation through the lifecycle, with injected times: the handbook's path
// (primary -> secondary -> engineering lead -> CTO) on SEV1's 15 minutes.
#include "incident/escalation.h"

#include <gtest/gtest.h>

#include "oncall/test_support.h"

#include "incident/lifecycle.h"

namespace klaxon::incident {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Time At(const std::string& text) { return ParseTimestamp(text).value(); }

EscalationRules Rules() {
  EscalationRules r;
  escalate::Policy p;
  p.id = "default";
  p.levels = {escalate::Level{{"primary"}, {}, std::nullopt},
              escalate::Level{{"secondary"}, {}, std::nullopt},
              escalate::Level{{}, {"sam"}, std::nullopt},
              escalate::Level{{}, {"jordan"}, std::nullopt}};
  escalate::Policy quick;
  quick.id = "quick";
  quick.levels = {escalate::Level{{"empty"}, {"sam"}, minutes(5)}};
  r.policies = {p, quick};
  for (const char* sev : {"SEV1", "SEV2"}) r.policy_for[{"RB-001", sev}] = "default";
  r.policy_for[{"RB-009", "SEV1"}] = "quick";
  r.response_time = {{"SEV1", minutes(15)}, {"SEV2", hours(1)}, {"SEV4", hours(24)}};
  oncall::Schedule empty = oncall::test::Weekly("empty", {"maya"}, "2026-01-05");
  empty.layers[0].start_date = oncall::ParseDate("2030-01-07").value();  // nobody yet
  r.schedules = {oncall::test::Weekly("primary", {"maya", "diego"}, "2026-01-05"), oncall::test::Weekly("secondary", {"diego", "maya"}, "2026-01-05"),
                 empty};
  return r;
}

class EscalationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy_.escalation = &rules_;
    inc_ = NewIncident("API down", "RB-001", "SEV1", "g", {}, t0_);
    inc_.id = 7;
  }
  // Applies `event` at `now`; expects success and keeps the next state.
  Outcome Do(const Event& event, Time now) {
    auto out = Apply(inc_, event, policy_, now);
    EXPECT_TRUE(out) << out.error().message;
    if (!out) return {};
    inc_ = out->incident;
    return *out;
  }
  static std::vector<std::string> Texts(const Outcome& o, std::string_view kind) {
    std::vector<std::string> out;
    for (const auto& l : o.timeline) {
      if (l.kind == kind) out.push_back(l.text);
    }
    return out;
  }
  static void ExpectTimer(const Outcome& o, Time due) {
    ASSERT_EQ(o.timers.size(), 1u);
    EXPECT_EQ(o.timers[0].op, TimerCommand::Op::kSchedule);
    EXPECT_EQ(o.timers[0].kind, kEscalationTimer);
    EXPECT_EQ(o.timers[0].due, due);
  }
  static void ExpectCancel(const Outcome& o) {
    ASSERT_EQ(o.timers.size(), 1u);
    EXPECT_EQ(o.timers[0].op, TimerCommand::Op::kCancel);
    EXPECT_EQ(o.timers[0].kind, kEscalationTimer);
  }

  EscalationRules rules_ = Rules();
  Policy policy_;
  Time t0_ = At("2026-11-26T10:00:00Z");  // maya primary, diego secondary that week
  Incident inc_;
};

TEST_F(EscalationTest, OpeningPagesLevelOneAtOnceAndWaitsTheResponseTime) {
  auto o = Do(EscalationStarted{}, t0_);
  EXPECT_TRUE(o.changed);
  EXPECT_EQ(Texts(o, kinds::kEscalated), std::vector<std::string>{"Paging level 1: maya (primary)"});
  ExpectTimer(o, t0_ + minutes(15));
  ASSERT_TRUE(inc_.escalation);
  EXPECT_EQ(inc_.escalation->policy, "default");
  EXPECT_EQ(inc_.escalation->level, 0);
  EXPECT_EQ(inc_.escalation->since, t0_);
  EXPECT_EQ(inc_.escalation->due, t0_ + minutes(15));
  EXPECT_EQ(inc_.escalation->paged, std::vector<std::string>{"maya"});
  // Starting again while waiting changes nothing.
  EXPECT_FALSE(Do(EscalationStarted{}, t0_ + minutes(1)).changed);
}

TEST_F(EscalationTest, TheFullChainThenExhausted) {
  Do(EscalationStarted{}, t0_);
  Time t = t0_ + minutes(15);
  auto o = Do(EscalationDeadlinePassed{}, t);
  EXPECT_EQ(Texts(o, kinds::kEscalated),
            std::vector<std::string>{"Not acknowledged within 15m (SEV1 response time): "
                                     "escalating to level 2: diego (secondary)"});
  ExpectTimer(o, t + minutes(15));
  EXPECT_EQ(o.timeline[0].actor, "klaxon");
  t += minutes(15);
  o = Do(EscalationDeadlinePassed{}, t);
  EXPECT_EQ(Texts(o, kinds::kEscalated),
            std::vector<std::string>{"Not acknowledged within 15m (SEV1 response time): "
                                     "escalating to level 3: sam"});
  t += minutes(15);
  o = Do(EscalationDeadlinePassed{}, t);
  EXPECT_EQ(Texts(o, kinds::kEscalated),
            std::vector<std::string>{"Not acknowledged within 15m (SEV1 response time): "
                                     "escalating to level 4: jordan"});
  EXPECT_EQ(inc_.escalation->paged, std::vector<std::string>{"jordan"});
  t += minutes(15);
  o = Do(EscalationDeadlinePassed{}, t);
  EXPECT_TRUE(Texts(o, kinds::kEscalated).empty());
  ASSERT_EQ(Texts(o, kinds::kEscalationExhausted).size(), 1u);
  EXPECT_NE(Texts(o, kinds::kEscalationExhausted)[0].find("escalation exhausted"),
            std::string::npos);
  EXPECT_TRUE(o.timers.empty());
  EXPECT_TRUE(inc_.escalation->exhausted);
  EXPECT_FALSE(inc_.escalation->due);
  EXPECT_EQ(inc_.escalation->level, 3) << "the last level paged stays visible";
  // A stray timer afterwards is a no-op.
  EXPECT_FALSE(Do(EscalationDeadlinePassed{}, t + hours(1)).changed);
}

TEST_F(EscalationTest, AStaleOrEarlyTimerIsANoOp) {
  Do(EscalationStarted{}, t0_);
  EXPECT_FALSE(Do(EscalationDeadlinePassed{}, t0_ + minutes(14)).changed);
  EXPECT_EQ(inc_.escalation->level, 0);
}

TEST_F(EscalationTest, AcknowledgeStopsEscalationAtEveryLevel) {
  for (int acked_after = 0; acked_after <= 3; ++acked_after) {
    SetUp();
    Do(EscalationStarted{}, t0_);
    Time t = t0_;
    for (int i = 0; i < acked_after; ++i) {
      t += minutes(15);
      Do(EscalationDeadlinePassed{}, t);
    }
    auto o = Do(Acknowledge{"maya", "api"}, t + minutes(1));
    EXPECT_EQ(Texts(o, kinds::kAcknowledged).size(), 1u);
    EXPECT_TRUE(Texts(o, kinds::kEscalated).empty());
    ExpectCancel(o);
    EXPECT_FALSE(inc_.escalation->due);
    EXPECT_EQ(inc_.escalation->level, acked_after);
    // The timer, had it survived, would change nothing.
    EXPECT_FALSE(Do(EscalationDeadlinePassed{}, t + hours(2)).changed);
  }
}

TEST_F(EscalationTest, ResolveStopsAndAReopenStartsOverAtLevelOne) {
  Do(EscalationStarted{}, t0_);
  Do(EscalationDeadlinePassed{}, t0_ + minutes(15));
  auto o = Do(Resolve{"fixed", "maya", "api"}, t0_ + minutes(20));
  ExpectCancel(o);
  EXPECT_FALSE(inc_.escalation->due);
  o = Do(AlertFired{"{alertname=\"ApiDown\"}", "fp", "prometheus", false}, t0_ + minutes(30));
  EXPECT_EQ(o.timeline[0].kind, kinds::kReopened);
  EXPECT_EQ(o.timeline[1].kind, kinds::kEscalated);
  EXPECT_EQ(o.timeline[1].text, "Paging level 1: maya (primary)");
  ExpectTimer(o, t0_ + minutes(45));
  EXPECT_EQ(inc_.escalation->level, 0);
}

TEST_F(EscalationTest, QuietPeriodResolutionStops) {
  Do(EscalationStarted{}, t0_);
  Do(AlertResolved{"a", "fp", "prometheus", false}, t0_ + minutes(1));
  auto o = Do(QuietPeriodElapsed{}, t0_ + minutes(6));
  ASSERT_EQ(inc_.status, Status::kResolved);
  ASSERT_EQ(o.timers.size(), 1u);
  EXPECT_EQ(o.timers[0].op, TimerCommand::Op::kCancel);
  EXPECT_EQ(o.timers[0].kind, kEscalationTimer);
}

TEST_F(EscalationTest, ManualEscalatePagesTheNextLevelNow) {
  Do(EscalationStarted{}, t0_);
  Time t = t0_ + minutes(3);
  auto o = Do(Escalate{"sam", "cli"}, t);
  EXPECT_EQ(Texts(o, kinds::kEscalated),
            std::vector<std::string>{"Escalated by sam via cli: paging level 2: diego (secondary)"});
  EXPECT_EQ(o.timeline[0].actor, "sam");
  ExpectTimer(o, t + minutes(15));
  Do(Escalate{"sam", "cli"}, t);
  Do(Escalate{"sam", "cli"}, t);
  EXPECT_EQ(inc_.escalation->level, 3);
  auto exhausted = Apply(inc_, Escalate{"sam", "cli"}, policy_, t);
  ASSERT_FALSE(exhausted);
  EXPECT_EQ(exhausted.error().code, ErrorCode::kConflict);
}

TEST_F(EscalationTest, ManualEscalateOfAnAcknowledgedIncidentPagesWithoutATimer) {
  Do(EscalationStarted{}, t0_);
  Do(Acknowledge{"maya", "api"}, t0_ + minutes(1));
  auto o = Do(Escalate{"maya", "api"}, t0_ + minutes(2));
  EXPECT_EQ(Texts(o, kinds::kEscalated).size(), 1u);
  EXPECT_TRUE(o.timers.empty());
  EXPECT_EQ(inc_.escalation->level, 1);
  EXPECT_FALSE(inc_.escalation->due);
}

TEST_F(EscalationTest, ManualEscalateIsAConflictWhenResolvedOrWithoutPolicy) {
  Do(Resolve{"", "maya", "api"}, t0_);
  auto resolved = Apply(inc_, Escalate{"sam", "api"}, policy_, t0_);
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().code, ErrorCode::kConflict);

  Incident sev4 = NewIncident("typo", "RB-001", "SEV4", "g4", {}, t0_);
  auto none = Apply(sev4, Escalate{"sam", "api"}, policy_, t0_);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kConflict);
  auto unconfigured = Apply(sev4, Escalate{"sam", "api"}, Policy{}, t0_);
  ASSERT_FALSE(unconfigured);
  EXPECT_EQ(unconfigured.error().code, ErrorCode::kConflict);
}

TEST_F(EscalationTest, SeverityChangeRecomputesThePendingDeadline) {
  Do(EscalationStarted{}, t0_);
  auto o = Do(ChangeSeverity{"SEV2", "", "sam", "api"}, t0_ + minutes(5));
  ExpectTimer(o, t0_ + hours(1));
  EXPECT_EQ(inc_.escalation->due, t0_ + hours(1));
  EXPECT_EQ(inc_.escalation->level, 0) << "the same level keeps waiting";
  o = Do(EscalationDeadlinePassed{}, t0_ + hours(1));
  EXPECT_EQ(Texts(o, kinds::kEscalated),
            std::vector<std::string>{"Not acknowledged within 1h (SEV2 response time): "
                                     "escalating to level 2: diego (secondary)"});
  // Back to SEV1: 15 minutes from when level 2 was paged.
  o = Do(ChangeSeverity{"SEV1", "", "sam", "api"}, t0_ + hours(1) + minutes(5));
  ExpectTimer(o, t0_ + hours(1) + minutes(15));
}

TEST_F(EscalationTest, SeverityWithoutPolicyStopsEscalation) {
  Do(EscalationStarted{}, t0_);
  auto o = Do(ChangeSeverity{"SEV4", "", "sam", "api"}, t0_ + minutes(5));
  ExpectCancel(o);
  EXPECT_FALSE(inc_.escalation->due);
  // And raising it again starts over at level 1.
  o = Do(ChangeSeverity{"SEV1", "", "sam", "api"}, t0_ + minutes(6));
  EXPECT_EQ(Texts(o, kinds::kEscalated),
            std::vector<std::string>{"Paging level 1: maya (primary)"});
  ExpectTimer(o, t0_ + minutes(21));
}

TEST_F(EscalationTest, AScheduleWithNobodyOnCallIsSaidOnTheLineAndLevelTimeoutsAreNamed) {
  inc_.runbook_id = "RB-009";
  auto o = Do(EscalationStarted{}, t0_);
  EXPECT_EQ(Texts(o, kinds::kEscalated),
            std::vector<std::string>{"Paging level 1: sam; nobody on call in empty"});
  EXPECT_EQ(inc_.escalation->uncovered, std::vector<std::string>{"empty"});
  ExpectTimer(o, t0_ + minutes(5));
  o = Do(EscalationDeadlinePassed{}, t0_ + minutes(5));
  ASSERT_EQ(Texts(o, kinds::kEscalationExhausted).size(), 1u);
  EXPECT_EQ(Texts(o, kinds::kEscalationExhausted)[0].rfind(
                "Not acknowledged within 5m (level 1 timeout): escalation exhausted", 0),
            0u)
      << Texts(o, kinds::kEscalationExhausted)[0];
}

TEST_F(EscalationTest, WithoutRulesOrPolicyNothingEscalates) {
  EXPECT_FALSE(Apply(inc_, EscalationStarted{}, Policy{}, t0_)->changed);
  Incident sev4 = NewIncident("typo", "RB-001", "SEV4", "g4", {}, t0_);
  EXPECT_FALSE(Apply(sev4, EscalationStarted{}, policy_, t0_)->changed);
  auto acked = Apply(sev4, Acknowledge{"maya", "api"}, policy_, t0_);
  EXPECT_TRUE(acked->timers.empty()) << "nothing to cancel";
}

}  // namespace
}  // namespace klaxon::incident
