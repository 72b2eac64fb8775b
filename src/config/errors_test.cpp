// Each class of problem yields one exact "file:line:column: message".
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;

Lines Load(const std::string& text) {
  return test::Problems(LoadString(text, "t.yaml", test::NoEnv()));
}
// With the two severities of test::kSeverities on lines 1-3.
Lines LoadWithSeverities(const std::string& rest) { return Load(test::kSeverities + rest); }

TEST(Errors, YamlSyntaxErrorHasItsPosition) {
  EXPECT_EQ(Load("severities:\n"
                 "  - id: SEV1\n"
                 "    response_time: [15m\n"),
            Lines{"t.yaml:4:1: YAML syntax error: end of sequence flow not found"});
  EXPECT_EQ(Load("severities: x: y\n"),
            Lines{"t.yaml:1:14: YAML syntax error: illegal map value"});
}

TEST(Errors, UnknownKeyListsAllowedKeysAndSuggestsNearest) {
  EXPECT_EQ(LoadWithSeverities("runbooks:\n"
                               "  - id: RB-1\n"
                               "    title: T\n"
                               "    severity: SEV1\n"
                               "    servce: api\n"),
            Lines{"t.yaml:8:5: unknown key \"servce\" in runbook; did you mean \"service\"? "
                  "(allowed: id, title, description, service, tags, severity, severity_rules, "
                  "match, group_by, symptoms, auto_remediate, actions, investigation, "
                  "resolution, communication, escalation_policy, remediation, messages)"});
  EXPECT_EQ(LoadWithSeverities("bogus: 1\n"),
            Lines{"t.yaml:4:1: unknown key \"bogus\" in the top level (allowed: include, server, "
                  "severities, services, incidents, runbooks, people, integrations, "
                  "api_tokens, schedules, escalation_policies, notifications, probes, "
                  "remediation, postmortems, messages, status_page)"});
}

TEST(Errors, DuplicateKeyInOneMap) {
  EXPECT_EQ(LoadWithSeverities("server:\n"
                               "  listen: 127.0.0.1:1\n"
                               "  listen: 127.0.0.1:2\n"),
            Lines{"t.yaml:6:3: duplicate key \"listen\" in server (first at line 5, column 3)"});
}

TEST(Errors, WrongTypes) {
  EXPECT_EQ(LoadWithSeverities("server: [1]\n"), Lines{"t.yaml:4:9: expected a map, got a list"});
  EXPECT_EQ(LoadWithSeverities("services: {id: api}\n"),
            Lines{"t.yaml:4:11: expected a list, got a map"});
  EXPECT_EQ(LoadWithSeverities("people:\n"
                               "  - id: [a]\n"
                               "    name: A\n"),
            Lines{"t.yaml:5:9: expected a string, got a list"});
  EXPECT_EQ(LoadWithSeverities("runbooks:\n"
                               "  - id: R\n"
                               "    title: T\n"
                               "    severity: SEV1\n"
                               "    auto_remediate: yes\n"
                               "    tags: payments\n"),
            (Lines{"t.yaml:8:21: invalid boolean \"yes\": expected true or false",
                   "t.yaml:9:11: expected a list, got a string"}));
  EXPECT_EQ(LoadWithSeverities("server:\n"
                               "  http_threads: many\n"
                               "  max_alerts_per_request: 0\n"),
            (Lines{"t.yaml:5:17: invalid number \"many\": expected a whole number",
                   "t.yaml:6:27: number \"0\" must be between 1 and 1000000"}));
  EXPECT_EQ(LoadWithSeverities("people:\n"
                               "  - id: a\n"
                               "    name:\n"),
            Lines{"t.yaml:6:5: expected a string, got an empty value"});
}

TEST(Errors, BadDurationsAndSizes) {
  EXPECT_EQ(Load("severities:\n"
                 "  - {id: SEV1, response_time: 2x}\n"),
            Lines{"t.yaml:2:31: invalid duration \"2x\": unknown unit \"x\" (use e.g. 30s, 15m, "
                  "1h30m, 7d)"});
  EXPECT_EQ(LoadWithSeverities("incidents:\n"
                               "  resolve_timeout: 0\n"
                               "  quiet_period: -5m\n"),
            (Lines{"t.yaml:5:20: duration must be greater than 0",
                   "t.yaml:6:17: invalid duration \"-5m\": expected a number (use e.g. 30s, 15m, "
                   "1h30m, 7d)"}));
  EXPECT_EQ(LoadWithSeverities("server:\n"
                               "  body_limit: 1XB\n"),
            Lines{"t.yaml:5:15: invalid size \"1XB\": use a number of bytes or a number with B, "
                  "KB, KiB, MB, MiB, GB or GiB, e.g. 1MiB"});
  EXPECT_EQ(LoadWithSeverities("server:\n"
                               "  listen: localhost\n"),
            Lines{"t.yaml:5:11: invalid listen address \"localhost\": expected host:port, e.g. "
                  "0.0.0.0:9099"});
}

TEST(Errors, BadMatchers) {
  EXPECT_EQ(LoadWithSeverities("runbooks:\n"
                               "  - id: R\n"
                               "    title: T\n"
                               "    severity: SEV1\n"
                               "    match:\n"
                               "      - alertname=\"A\"\n"
                               "      - alert name=\"x\"\n"),
            Lines{"t.yaml:10:9: invalid matcher \"alert name=\"x\"\": expected name=\"value\", "
                  "name!=\"value\", name=~\"regex\" or name!~\"regex\""});
  Lines regex = LoadWithSeverities("runbooks:\n"
                                   "  - id: R\n"
                                   "    title: T\n"
                                   "    severity: SEV1\n"
                                   "    severity_rules:\n"
                                   "      - when: ['job=~\"(\"']\n"
                                   "        severity: SEV2\n");
  ASSERT_EQ(regex.size(), 1u);
  EXPECT_TRUE(regex[0].starts_with("t.yaml:9:16: invalid regular expression \"(\": ")) << regex[0];
}

TEST(Errors, DuplicateIds) {
  EXPECT_EQ(Load("severities:\n"
                 "  - {id: SEV1, response_time: 15m}\n"
                 "  - {id: SEV1, response_time: 1h}\n"
                 "services:\n"
                 "  - id: api\n"
                 "  - id: api\n"
                 "runbooks:\n"
                 "  - {id: RB-1, title: A, severity: SEV1}\n"
                 "  - {id: RB-1, title: B, severity: SEV1}\n"
                 "people:\n"
                 "  - {id: al, name: Al}\n"
                 "  - {id: al, name: Al Two}\n"
                 "api_tokens:\n"
                 "  - {name: ci, token: aaaaaaaaaaaaaaaa1, role: viewer}\n"
                 "  - {name: ci, token: aaaaaaaaaaaaaaaa2, role: viewer}\n"),
            (Lines{"t.yaml:3:10: duplicate severity id \"SEV1\" (first declared at t.yaml:2:10)",
                   "t.yaml:6:9: duplicate service id \"api\" (first declared at t.yaml:5:9)",
                   "t.yaml:9:10: duplicate runbook id \"RB-1\" (first declared at t.yaml:8:10)",
                   "t.yaml:12:10: duplicate person id \"al\" (first declared at t.yaml:11:10)",
                   "t.yaml:15:12: duplicate api token name \"ci\" (first declared at "
                   "t.yaml:14:12)"}));
}

TEST(Errors, DanglingReferences) {
  EXPECT_EQ(LoadWithSeverities("services:\n"
                               "  - id: api\n"
                               "incidents:\n"
                               "  unmatched: {severity: SEV3}\n"
                               "runbooks:\n"
                               "  - id: R\n"
                               "    title: T\n"
                               "    severity: SEV9\n"
                               "    service: apii\n"
                               "    severity_rules:\n"
                               "      - {when: [a=\"b\"], severity: SEV0}\n"
                               "people:\n"
                               "  - {id: bob, name: Bob, role: boss}\n"
                               "integrations:\n"
                               "  - {id: hook, type: webhook, key: k}\n"
                               "api_tokens:\n"
                               "  - {name: t, token: 0123456789abcdef, role: admin, "
                               "person: alice}\n"),
            (Lines{"t.yaml:7:25: unknown severity \"SEV3\"; did you mean \"SEV1\"? (declared: "
                   "SEV1, SEV2)",
                   "t.yaml:11:15: unknown severity \"SEV9\"; did you mean \"SEV1\"? (declared: "
                   "SEV1, SEV2)",
                   "t.yaml:12:14: unknown service \"apii\"; did you mean \"api\"? (declared: api)",
                   "t.yaml:14:35: unknown severity \"SEV0\"; did you mean \"SEV1\"? (declared: "
                   "SEV1, SEV2)",
                   "t.yaml:16:32: unknown role \"boss\" (expected one of: viewer, engineer, "
                   "oncall, lead, admin)",
                   "t.yaml:18:22: unknown integration type \"webhook\" (expected one of: "
                   "alertmanager, pagerduty, generic, heartbeat)",
                   "t.yaml:20:61: unknown person \"alice\" (declared: bob)"}));
}

TEST(Errors, UnknownRoleSuggestsNearest) {
  EXPECT_EQ(LoadWithSeverities("people:\n"
                               "  - {id: a, name: A, role: admn}\n"),
            Lines{"t.yaml:5:28: unknown role \"admn\"; did you mean \"admin\"? (expected one of: "
                  "viewer, engineer, oncall, lead, admin)"});
}

TEST(Errors, ReferenceWithNothingDeclared) {
  EXPECT_EQ(LoadWithSeverities("runbooks:\n"
                               "  - {id: R, title: T, severity: SEV1, service: api}\n"),
            Lines{"t.yaml:5:48: unknown service \"api\"; no services are declared"});
}

TEST(Errors, MissingRequiredKeysPointAtTheirMap) {
  EXPECT_EQ(LoadWithSeverities("runbooks:\n"
                               "  - title: T\n"
                               "    match: [a=\"b\"]\n"
                               "integrations:\n"
                               "  - id: x\n"
                               "    type: generic\n"),
            (Lines{"t.yaml:5:5: runbook is missing required key \"id\"",
                   "t.yaml:5:5: runbook is missing required key \"severity\"",
                   "t.yaml:8:5: integration is missing required key \"key\""}));
  EXPECT_EQ(Load("severities:\n"
                 "  - id: SEV1\n"),
            Lines{"t.yaml:2:5: severity is missing required key \"response_time\""});
}

TEST(Errors, NoSeveritiesIsAnError) {
  EXPECT_EQ(Load("services: []\n"),
            Lines{"t.yaml:1:1: no severities are declared; add a \"severities\" list, most "
                  "severe first"});
  EXPECT_EQ(Load(""), Lines{"t.yaml:1:1: no severities are declared; add a \"severities\" list, "
                            "most severe first"});
}

TEST(Errors, RequiredStringMayNotBeEmpty) {
  EXPECT_EQ(LoadWithSeverities("runbooks:\n"
                               "  - {id: R, title: \"\", severity: SEV1}\n"),
            Lines{"t.yaml:5:20: \"title\" must not be empty"});
}

TEST(Errors, InvalidIdsAndLabels) {
  EXPECT_EQ(LoadWithSeverities("services:\n"
                               "  - id: my service\n"
                               "incidents:\n"
                               "  group_by: [service, 1abc]\n"),
            (Lines{"t.yaml:5:9: invalid id \"my service\": use 1 to 64 letters, digits, '-', '_' "
                   "or '.'",
                   "t.yaml:7:23: invalid label name \"1abc\": use letters, digits and _, not "
                   "starting with a digit"}));
}

TEST(Errors, AutoRemediateNeedsActions) {
  EXPECT_EQ(LoadWithSeverities("runbooks:\n"
                               "  - id: R\n"
                               "    title: T\n"
                               "    severity: SEV1\n"
                               "    auto_remediate: true\n"),
            Lines{"t.yaml:8:21: auto_remediate is true but the runbook has no \"actions\""});
}

TEST(Errors, TokensMustBeLongAndUnique) {
  EXPECT_EQ(LoadWithSeverities("integrations:\n"
                               "  - {id: am, type: alertmanager, key: same-secret-0123456789}\n"
                               "api_tokens:\n"
                               "  - {name: ci, token: same-secret-0123456789, role: viewer}\n"
                               "  - {name: short, token: abc, role: viewer}\n"),
            (Lines{"t.yaml:7:12: api token \"ci\" uses the same secret as integration \"am\" "
                   "(at t.yaml:5:10); every integration key and api token must be unique",
                   "t.yaml:8:26: token is too short: use at least 16 characters"}));
}

TEST(Errors, OneDocumentPerFile) {
  EXPECT_EQ(LoadWithSeverities("---\nservices: []\n"),
            Lines{"t.yaml:4:1: a configuration file holds one YAML document; move the rest after "
                  "\"---\" into an included file"});
}

TEST(Errors, EveryProblemIsReportedInFileOrder) {
  Lines problems = Load("runbooks:\n"
                        "  - {id: R, title: T, severity: SEV9}\n"  // dangling, found last
                        "severities:\n"
                        "  - {id: SEV1, response_time: 2x}\n"
                        "  - {id: SEV2, response_time: 1h, colour: red}\n"
                        "server: {listen: nope}\n");
  ASSERT_EQ(problems.size(), 4u) << ::testing::PrintToString(problems);
  EXPECT_TRUE(problems[0].starts_with("t.yaml:2:33: unknown severity \"SEV9\""));
  EXPECT_TRUE(problems[1].starts_with("t.yaml:4:31: invalid duration \"2x\""));
  EXPECT_TRUE(problems[2].starts_with("t.yaml:5:35: unknown key \"colour\""));
  EXPECT_TRUE(problems[3].starts_with("t.yaml:6:18: invalid listen address \"nope\""));
}

}  // namespace
}  // namespace klaxon::config
