// ${VAR} expansion, and the rule that no expanded value reaches a diagnostic.
#include "config/env.h"

#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;
using test::MapEnv;
using test::Problems;

TEST(ExpandEnv, Forms) {
  auto env = MapEnv({{"A", "alpha"}, {"EMPTY", ""}});
  EXPECT_EQ(ExpandEnv("x ${A} y", env).value, "x alpha y");
  EXPECT_EQ(ExpandEnv("${A:-dflt}", env).value, "alpha");
  EXPECT_EQ(ExpandEnv("${B:-dflt}", env).value, "dflt");
  EXPECT_EQ(ExpandEnv("${EMPTY:-dflt}", env).value, "dflt");  // unset or empty
  EXPECT_EQ(ExpandEnv("${EMPTY}", env).value, "");
  EXPECT_EQ(ExpandEnv("${B:-}", env).value, "");
  EXPECT_EQ(ExpandEnv("$$5 and $$${A}", env).value, "$5 and $alpha");
  EXPECT_EQ(ExpandEnv("cost $5, $HOME, 50$", env).value, "cost $5, $HOME, 50$");
  EXPECT_EQ(ExpandEnv("${A}${B:-b}", env).vars, (std::vector<std::string>{"A", "B"}));
  EXPECT_TRUE(ExpandEnv("plain", env).vars.empty());
  EXPECT_TRUE(ExpandEnv("$$", env).vars.empty());
}

TEST(ExpandEnv, Errors) {
  auto env = MapEnv({});
  EXPECT_EQ(ExpandEnv("${MISSING}", env).errors,
            std::vector<std::string>{"environment variable MISSING is not set"});
  EXPECT_EQ(ExpandEnv("x ${OPEN", env).errors,
            std::vector<std::string>{"unterminated \"${\" (write $$ for a literal $)"});
  EXPECT_EQ(ExpandEnv("${1X}", env).errors,
            std::vector<std::string>{
                "invalid environment variable reference \"${1X}\": names are letters, digits "
                "and _"});
  EXPECT_EQ(ExpandEnv("${}", env).errors.size(), 1u);
  EXPECT_EQ(ExpandEnv("${A} ${B}", env).errors.size(), 2u);
  EXPECT_EQ(ExpandEnv("${A}", EnvLookup{}).errors,
            std::vector<std::string>{"environment variable A is not set"});
}

TEST(EnvInConfig, ExpandsEveryScalarKind) {
  auto loaded = LoadString("server:\n"
                           "  listen: ${HOST:-127.0.0.1}:${PORT}\n"
                           "  http_threads: ${THREADS:-2}\n"
                           "severities:\n"
                           "  - {id: SEV1, response_time: '${RT}', name: \"Cost $$1\"}\n",
                           "t.yaml", MapEnv({{"PORT", "8443"}, {"RT", "20m"}}));
  ASSERT_TRUE(loaded) << ::testing::PrintToString(Problems(loaded));
  EXPECT_EQ(loaded->server.listen, "127.0.0.1:8443");
  EXPECT_EQ(loaded->server.http_threads, 2);
  EXPECT_EQ(loaded->severities[0].response_time, std::chrono::minutes(20));
  EXPECT_EQ(loaded->severities[0].name, "Cost $1");
}

TEST(EnvInConfig, UnsetVariableIsPositioned) {
  EXPECT_EQ(Problems(LoadString("severities:\n"
                                "  - id: SEV1\n"
                                "    response_time: 15m\n"
                                "integrations:\n"
                                "  - id: am\n"
                                "    type: alertmanager\n"
                                "    key: ${KLAXON_AM_KEY}\n",
                                "t.yaml", MapEnv({}))),
            Lines{"t.yaml:7:10: environment variable KLAXON_AM_KEY is not set"});
}

// Every place a value can appear in a message, fed from a secret variable.
TEST(EnvInConfig, NoSecretInAnyDiagnostic) {
  const std::string secret = "s3cr3t-Value-Never-Shown";
  auto loaded = LoadString(
      "server:\n"
      "  listen: ${SECRET}\n"
      "  external_url: ${SECRET}\n"
      "  body_limit: ${SECRET}\n"
      "  http_threads: ${SECRET}\n"
      "severities:\n"
      "  - {id: SEV1, response_time: '${SECRET}'}\n"
      "  - {id: '${SECRET}', response_time: 1h}\n"
      "services: [{id: 'x${SECRET}'}]\n"
      "incidents:\n"
      "  group_by: ['${SECRET}']\n"
      "  quiet_period: ${SECRET}\n"
      "  id_prefix: ${SECRET}\n"
      "  unmatched: {severity: '${SECRET}'}\n"
      "runbooks:\n"
      "  - id: RB-1\n"
      "    title: T\n"
      "    severity: ${SECRET}\n"
      "    service: ${SECRET}\n"
      "    auto_remediate: ${SECRET}\n"
      "    match: ['${SECRET}', 'a=~\"${SECRET}(\"']\n"
      "    severity_rules: [{when: ['${SECRET}'], severity: '${SECRET}'}]\n"
      "    actions:\n"
      "      - {set_status: '${SECRET}'}\n"
      "      - {wait_and_recheck: '${SECRET}', on_failure: '${SECRET}'}\n"
      "      - {http: {url: '${SECRET}', method: '${SECRET}'}}\n"
      "      - {exec: [a], timeout: '${SECRET}'}\n"
      "    investigation: [{title: x, language: '${SECRET}'}]\n"
      "people:\n"
      "  - {id: p, name: P, role: '${SECRET}', email: '${SECRET}'}\n"
      "integrations:\n"
      "  - {id: i, type: '${SECRET}', key: '${SECRET}'}\n"
      "api_tokens:\n"
      "  - {name: t, token: '${SECRET}', role: '${SECRET}', person: '${SECRET}'}\n"
      "  - {name: '${SECRET}', token: '${SECRET}', role: viewer}\n"
      "  - {name: '${SECRET}', token: '${SHORT}', role: viewer}\n",
      "t.yaml", MapEnv({{"SECRET", secret}, {"SHORT", "abc"}}));
  ASSERT_FALSE(loaded);
  EXPECT_GE(loaded.error().size(), 29u) << ::testing::PrintToString(Problems(loaded));
  for (const auto& d : loaded.error()) {
    EXPECT_EQ(d.ToString().find("s3cr3t"), std::string::npos) << d.ToString();
    EXPECT_EQ(d.ToString().find("abc"), std::string::npos) << d.ToString();
  }
  // Messages name the variable instead.
  auto problems = Problems(loaded);
  EXPECT_NE(std::find(problems.begin(), problems.end(),
                      "t.yaml:30:28: unknown role from ${SECRET} (expected one of: viewer, "
                      "engineer, oncall, lead, admin)"),
            problems.end())
      << ::testing::PrintToString(problems);
}

}  // namespace
}  // namespace klaxon::config
