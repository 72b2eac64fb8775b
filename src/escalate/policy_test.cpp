#include "escalate/policy.h"

#include <gtest/gtest.h>

#include "oncall/test_support.h"

#include "oncall/resolve.h"

namespace klaxon::escalate {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Time At(const std::string& text) { return ParseTimestamp(text).value(); }

// The handbook's path: primary -> secondary -> engineering lead -> CTO.
Policy Handbook() {
  Policy p;
  p.id = "default";
  p.levels = {Level{{"primary"}, {}, std::nullopt}, Level{{"secondary"}, {}, std::nullopt},
              Level{{}, {"sam"}, std::nullopt}, Level{{}, {"jordan"}, minutes(30)}};
  return p;
}

std::vector<oncall::Schedule> Schedules() {
  return {oncall::test::Weekly("primary", {"maya", "diego"}, "2026-01-05"),
          oncall::test::Weekly("secondary", {"diego", "maya"}, "2026-01-05")};
}

TEST(Escalation, DeadlinesUseTheLevelTimeoutOrTheSeverityResponseTime) {
  Policy p = Handbook();
  Time t0 = At("2026-11-26T10:00:00Z");
  EXPECT_EQ(Deadline(p, Start(t0), minutes(15)), t0 + minutes(15));
  EXPECT_EQ(Deadline(p, Position{3, 0, t0}, minutes(15)), t0 + minutes(30));
}

TEST(Escalation, NextWalksTheLevelsThenRepeatsThenIsExhausted) {
  Policy p = Handbook();
  p.repeat = 1;
  Time t = At("2026-11-26T10:00:00Z");
  std::optional<Position> at = Start(t);
  std::vector<std::pair<int, int>> seen;
  while (at) {
    seen.emplace_back(at->pass, at->level);
    t += minutes(1);
    at = Next(p, *at, t);
    if (at) {
      EXPECT_EQ(at->since, t);
    }
  }
  std::vector<std::pair<int, int>> want = {{0, 0}, {0, 1}, {0, 2}, {0, 3},
                                           {1, 0}, {1, 1}, {1, 2}, {1, 3}};
  EXPECT_EQ(seen, want);
}

TEST(Escalation, ResolveNamesWhoIsOnCallAndEachPersonOnce) {
  auto schedules = Schedules();
  // Week of 2026-11-23 (from 2026-01-05, an even number of weeks): maya primary.
  Time t = At("2026-11-26T10:00:00Z");
  auto primary = oncall::OnCallAt(schedules[0], t).value().person;
  auto secondary = oncall::OnCallAt(schedules[1], t).value().person;
  ASSERT_NE(primary, secondary);
  auto both = Resolve(Level{{"primary", "secondary"}, {primary}, std::nullopt}, schedules, t);
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(both->people, (std::vector<std::string>{primary, secondary}));
  EXPECT_TRUE(both->uncovered.empty());
}

TEST(Escalation, AScheduleWithNobodyOnCallIsReportedNotSkippedSilently) {
  auto schedules = Schedules();
  // Before the rotations start nobody is on call.
  auto r = Resolve(Level{{"primary"}, {"sam"}, std::nullopt}, schedules, At("2025-06-01T00:00:00Z"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->people, (std::vector<std::string>{"sam"}));
  EXPECT_EQ(r->uncovered, (std::vector<std::string>{"primary"}));
  auto missing = Resolve(Level{{"nightly"}, {}, std::nullopt}, schedules, At("2026-01-10T00:00:00Z"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(Escalation, PlanOfASev1PagesPrimarySecondaryLeadCtoEveryFifteenMinutes) {
  Time t0 = At("2026-11-26T10:00:00Z");
  auto plan = Plan(Handbook(), Schedules(), t0, minutes(15));
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->size(), 4u);
  EXPECT_EQ((*plan)[0].at.since, t0);
  EXPECT_EQ((*plan)[1].at.since, t0 + minutes(15));
  EXPECT_EQ((*plan)[2].at.since, t0 + minutes(30));
  EXPECT_EQ((*plan)[3].at.since, t0 + minutes(45));
  EXPECT_EQ((*plan)[3].deadline, t0 + minutes(75));  // the CTO level waits 30m
  EXPECT_EQ((*plan)[2].targets.people, (std::vector<std::string>{"sam"}));
  EXPECT_EQ((*plan)[3].targets.people, (std::vector<std::string>{"jordan"}));
  EXPECT_NE((*plan)[0].targets.people, (*plan)[1].targets.people);
}

TEST(Escalation, PlanResolvesEachLevelAtTheTimeItIsPaged) {
  // A handoff between level 1 and level 2: each level sees its own on-call.
  std::vector<oncall::Schedule> schedules = {oncall::test::Weekly("primary", {"maya", "diego"}, "2026-01-05")};
  Policy p;
  p.id = "p";
  p.levels = {Level{{"primary"}, {}, hours(2)}, Level{{"primary"}, {}, hours(2)}};
  Time before_handoff = At("2026-11-30T08:00:00Z");  // Monday; handoff at 09:00
  auto plan = Plan(p, schedules, before_handoff, hours(1));
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->size(), 2u);
  EXPECT_NE((*plan)[0].targets.people, (*plan)[1].targets.people);
}

TEST(Escalation, ValidateRejectsEmptyLevelsAndBadTimeouts) {
  Policy p;
  p.id = "x";
  EXPECT_FALSE(Validate(p));
  p.levels = {Level{}};
  EXPECT_FALSE(Validate(p));
  p.levels = {Level{{}, {"sam"}, minutes(0)}};
  EXPECT_FALSE(Validate(p));
  p.levels = {Level{{}, {"sam"}, minutes(5)}};
  EXPECT_TRUE(Validate(p));
  p.repeat = 11;
  EXPECT_FALSE(Validate(p));
}

}  // namespace
}  // namespace klaxon::escalate
