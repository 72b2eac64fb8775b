#include "postmortem/rules.h"
#include "postmortem/postmortem.h"

#include <gtest/gtest.h>

namespace klaxon::postmortem {
namespace {

using std::chrono::minutes;

Time T0() { return FromUnixMillis(1'790'000'000'000); }

incident::Incident Resolved(std::string severity, Duration lasted, std::string service = "api") {
  incident::Incident inc;
  inc.id = 42;
  inc.severity = std::move(severity);
  inc.opened_at = T0();
  inc.resolved_at = T0() + lasted;
  inc.status = incident::Status::kResolved;
  inc.group_labels = LabelSet{{"service", service}};
  return inc;
}

Requirement Check(const incident::Incident& inc, std::string_view runbook_service = "",
                  std::vector<std::string> tags = {}) {
  return Required(SubjectOf(inc, runbook_service, tags, T0()), HandbookRules());
}

TEST(PostmortemRules, Sev1OfFiveMinutesIsRequired) {
  auto r = Check(Resolved("SEV1", minutes(5)));
  EXPECT_TRUE(r.required);
  EXPECT_EQ(r.reasons, std::vector<std::string>{"SEV1"});
}

TEST(PostmortemRules, Sev2OfTwentyNineMinutesIsNot) {
  auto r = Check(Resolved("SEV2", minutes(29)));
  EXPECT_FALSE(r.required);
  EXPECT_TRUE(r.reasons.empty());
}

TEST(PostmortemRules, Sev2OfThirtyOneMinutesIs) {
  auto r = Check(Resolved("SEV2", minutes(31)));
  EXPECT_TRUE(r.required);
  EXPECT_EQ(r.reasons, std::vector<std::string>{"SEV2 longer than 30m"});
}

TEST(PostmortemRules, Sev2OfExactlyThirtyMinutesIsNot) {
  EXPECT_FALSE(Check(Resolved("SEV2", minutes(30))).required);
}

TEST(PostmortemRules, Sev3TouchingPaymentsIsRequired) {
  // By its `service` label ...
  auto by_label = Check(Resolved("SEV3", minutes(3), "payments"));
  EXPECT_TRUE(by_label.required);
  EXPECT_EQ(by_label.reasons, std::vector<std::string>{"affects payments"});
  // ... by its runbook's service ...
  EXPECT_TRUE(Check(Resolved("SEV3", minutes(3), "api"), "payments").required);
  // ... or by its runbook's tag (RB-004 is blockchain-rpc, tagged payments).
  EXPECT_TRUE(
      Check(Resolved("SEV3", minutes(3), "blockchain-rpc"), "blockchain-rpc", {"payments", "blockchain"})
          .required);
}

TEST(PostmortemRules, Sev3NotTouchingPaymentsIsNot) {
  EXPECT_FALSE(Check(Resolved("SEV3", minutes(300), "analytics"), "analytics", {"analytics"}).required);
}

TEST(PostmortemRules, EveryRuleThatHoldsGivesItsReasonOnce) {
  auto r = Check(Resolved("SEV1", minutes(90), "payments"), "payments", {"payments"});
  EXPECT_EQ(r.reasons, (std::vector<std::string>{"SEV1", "affects payments"}));
}

TEST(PostmortemRules, ConditionsOfOneRuleAllHold) {
  Rule r;
  r.reason = "long payment SEV3";
  r.severities = {"SEV3"};
  r.longer_than = minutes(10);
  r.runbooks = {"RB-002"};
  auto inc = Resolved("SEV3", minutes(11));
  inc.runbook_id = "RB-002";
  EXPECT_TRUE(Required(SubjectOf(inc, "", {}, T0()), {r}).required);
  inc.runbook_id = "RB-001";
  EXPECT_FALSE(Required(SubjectOf(inc, "", {}, T0()), {r}).required);
  inc.runbook_id = "RB-002";
  inc.severity = "SEV2";
  EXPECT_FALSE(Required(SubjectOf(inc, "", {}, T0()), {r}).required);
  EXPECT_FALSE(Required(SubjectOf(Resolved("SEV3", minutes(9)), "", {}, T0()), {r}).required);
}

TEST(PostmortemRules, NoRulesNothingRequired) {
  EXPECT_FALSE(Required(SubjectOf(Resolved("SEV1", minutes(60)), "", {}, T0()), {}).required);
}

TEST(PostmortemRules, AnOpenIncidentRunsToNow) {
  auto inc = Resolved("SEV2", minutes(0));
  inc.resolved_at.reset();
  auto s = SubjectOf(inc, "", {}, T0() + minutes(45));
  EXPECT_EQ(s.duration, minutes(45));
}

}  // namespace
}  // namespace klaxon::postmortem

namespace klaxon::postmortem {
namespace {

TEST(PostmortemDecide, RequiredGetsADeadlineFromTheResolution) {
  Time t = FromUnixMillis(1'000'000);
  Record r = Decide(42, std::nullopt, true, {"SEV1"}, t, std::chrono::days(5));
  EXPECT_EQ(r.state, State::kRequired);
  EXPECT_EQ(r.reasons, std::vector<std::string>{"SEV1"});
  EXPECT_EQ(r.due, t + std::chrono::days(5));
  EXPECT_FALSE(r.overdue);
  Record no = Decide(42, std::nullopt, false, {}, t, std::chrono::days(5));
  EXPECT_EQ(no.state, State::kNotRequired);
  EXPECT_EQ(no.due, std::nullopt);
}

TEST(PostmortemDecide, AResolutionAfterAReopenDecidesAgainButKeepsWhatWasWritten) {
  Time t = FromUnixMillis(1'000'000), later = t + std::chrono::hours(2);
  Record first = Decide(42, std::nullopt, true, {"SEV1"}, t, std::chrono::days(5));
  first.overdue = true;
  Record again = Decide(42, first, true, {"SEV1"}, later, std::chrono::days(5));
  EXPECT_EQ(again.due, later + std::chrono::days(5));
  EXPECT_FALSE(again.overdue);
  first.state = State::kWritten;
  first.written_by = "maya";
  Record kept = Decide(42, first, false, {}, later, std::chrono::days(5));
  EXPECT_EQ(kept.state, State::kWritten);
  EXPECT_EQ(kept.written_by, "maya");
}

}  // namespace
}  // namespace klaxon::postmortem
