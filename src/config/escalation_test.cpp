// The `escalation_policies` section and the escalation_policy keys of
// severities and runbooks: what loads, and each problem at its position.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;

// Lines 1-3 severities, 4-6 people, 7-11 a schedule, then `rest` from line 12.
std::string Doc(const std::string& rest) {
  return std::string(test::kSeverities) +
         "people:\n"
         "  - {id: maya, name: Maya}\n"
         "  - {id: sam, name: Sam}\n"
         "schedules:\n"
         "  - id: primary\n"
         "    time_zone: UTC\n"
         "    layers:\n"
         "      - {participants: [maya], shift: weekly, handoff: \"09:00\", start: 2025-01-06}\n" +
         rest;
}

Lines Problems(const std::string& rest) {
  return test::Problems(LoadString(Doc(rest), "t.yaml", test::NoEnv()));
}

TEST(EscalationPolicies, LoadLevelsTimeoutsAndRepeat) {
  auto cfg = LoadString(Doc("escalation_policies:\n"
                            "  - id: default\n"
                            "    name: Handbook path\n"
                            "    repeat: 2\n"
                            "    levels:\n"
                            "      - schedules: [primary]\n"
                            "      - {people: [sam], timeout: 30m}\n"),
                        "t.yaml", test::NoEnv());
  ASSERT_TRUE(cfg) << ::testing::PrintToString(test::Problems(cfg));
  ASSERT_EQ(cfg->escalation_policies.size(), 1u);
  const escalate::Policy& p = cfg->escalation_policies[0].spec;
  EXPECT_EQ(p.id, "default");
  EXPECT_EQ(p.name, "Handbook path");
  EXPECT_EQ(p.repeat, 2);
  ASSERT_EQ(p.levels.size(), 2u);
  EXPECT_EQ(p.levels[0].schedules, (std::vector<std::string>{"primary"}));
  EXPECT_FALSE(p.levels[0].timeout.has_value());
  EXPECT_EQ(p.levels[1].people, (std::vector<std::string>{"sam"}));
  EXPECT_EQ(p.levels[1].timeout, std::chrono::minutes(30));
  EXPECT_TRUE(escalate::Validate(p));
}

TEST(EscalationPolicies, RunbookOverridesSeverity) {
  auto cfg = LoadString("severities:\n"
                        "  - {id: SEV1, response_time: 15m, escalation_policy: wide}\n"
                        "  - {id: SEV2, response_time: 1h}\n"
                        "people:\n"
                        "  - {id: sam, name: Sam}\n"
                        "escalation_policies:\n"
                        "  - {id: wide, levels: [{people: [sam]}]}\n"
                        "  - {id: narrow, levels: [{people: [sam]}]}\n"
                        "runbooks:\n"
                        "  - {id: RB-1, title: T, severity: SEV1, escalation_policy: narrow}\n"
                        "  - {id: RB-2, title: U, severity: SEV1}\n",
                        "t.yaml", test::NoEnv());
  ASSERT_TRUE(cfg) << ::testing::PrintToString(test::Problems(cfg));
  EXPECT_EQ(cfg->EscalationFor("RB-1", "SEV1")->spec.id, "narrow");
  EXPECT_EQ(cfg->EscalationFor("RB-2", "SEV1")->spec.id, "wide");
  EXPECT_EQ(cfg->EscalationFor("", "SEV1")->spec.id, "wide");
  EXPECT_EQ(cfg->EscalationFor("", "SEV2"), nullptr);
}

TEST(EscalationPolicies, DanglingReferencesAreReportedWhereTheyAreWritten) {
  EXPECT_EQ(Problems("escalation_policies:\n"
                     "  - id: default\n"
                     "    levels:\n"
                     "      - schedules: [primry]\n"
                     "      - people: [sammy]\n"),
            (Lines{"t.yaml:15:21: unknown schedule \"primry\"; did you mean \"primary\"? "
                   "(declared: primary)",
                   "t.yaml:16:18: unknown person \"sammy\"; did you mean \"sam\"? "
                   "(declared: maya, sam)"}));
}

TEST(EscalationPolicies, ASeverityNamingAnUnknownPolicyIsAnError) {
  auto cfg = LoadString("severities:\n"
                        "  - {id: SEV1, response_time: 15m, escalation_policy: defualt}\n"
                        "escalation_policies:\n"
                        "  - {id: default, levels: [{people: [sam]}]}\n"
                        "people:\n"
                        "  - {id: sam, name: Sam}\n",
                        "t.yaml", test::NoEnv());
  EXPECT_EQ(test::Problems(cfg),
            (Lines{"t.yaml:2:55: unknown escalation policy \"defualt\"; did you mean "
                   "\"default\"? (declared: default)"}));
}

TEST(EscalationPolicies, LevelsNeedTargetsAndPoliciesNeedLevels) {
  EXPECT_EQ(Problems("escalation_policies:\n"
                     "  - id: a\n"
                     "    levels: []\n"
                     "  - id: b\n"
                     "    levels:\n"
                     "      - {timeout: 5m}\n"
                     "    repeat: 11\n"),
            (Lines{"t.yaml:14:13: an escalation policy needs at least one level",
                   "t.yaml:17:9: an escalation level needs at least one of schedules or people",
                   "t.yaml:18:13: number \"11\" must be between 0 and 10"}));
}

}  // namespace
}  // namespace klaxon::config
