// Runbook actions: each form, and the validation of types and their keys.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

// A runbook whose actions list starts on line 9 of t.yaml.
std::string WithActions(const std::string& actions) {
  return std::string(test::kSeverities) +
         "runbooks:\n"
         "  - id: RB-1\n"
         "    title: T\n"
         "    severity: SEV1\n"
         "    actions:\n" +
         actions;
}

std::expected<Config, std::vector<Diagnostic>> Load(const std::string& actions) {
  return LoadString(WithActions(actions), "t.yaml", test::MapEnv({{"DB_DSN", "postgres://x"}}));
}

Lines Problems(const std::string& actions) { return test::Problems(Load(actions)); }

TEST(Actions, EveryForm) {
  auto loaded = Load(
      "      - {name: Restart, exec: [railway, service, restart, api], timeout: 60s}\n"
      "      - {shell: 'railway run bin/rails runner \"X.reconnect\"'}\n"
      "      - http:\n"
      "          method: PUT\n"
      "          url: https://ops.example/failover\n"
      "          headers: {Authorization: Bearer t, X-Reason: klaxon}\n"
      "          body: '{}'\n"
      "        timeout: 5s\n"
      "      - {sql: {dsn: '${DB_DSN}', statement: SELECT 1}}\n"
      "      - {wait_and_recheck: 2m, on_failure: continue}\n"
      "      - {wait_and_recheck: 30s}\n"
      "      - {escalate: {}}\n"
      "      - {escalate: true}\n"
      "      - {escalate: {message: look at this}}\n"
      "      - {escalate: page someone}\n"
      "      - {notify: Restarted the API, description: 'tell #incidents'}\n"
      "      - {set_status: monitoring}\n");
  ASSERT_TRUE(loaded) << ::testing::PrintToString(test::Problems(loaded));
  const auto& a = loaded->runbooks[0].actions;
  ASSERT_EQ(a.size(), 12u);
  EXPECT_EQ(a[0].name, "Restart");
  EXPECT_EQ(a[0].type, "exec");
  EXPECT_EQ(a[0].argv, (std::vector<std::string>{"railway", "service", "restart", "api"}));
  EXPECT_EQ(a[0].timeout, 60s);
  EXPECT_EQ(a[0].origin.line, 9);
  EXPECT_EQ(a[1].type, "exec");
  EXPECT_EQ(a[1].name, "shell");  // default name: the type key
  EXPECT_EQ(a[1].shell, "railway run bin/rails runner \"X.reconnect\"");
  EXPECT_EQ(a[1].timeout, 30s);  // default
  EXPECT_EQ(a[2].type, "http");
  EXPECT_EQ(a[2].method, "PUT");
  EXPECT_EQ(a[2].url, "https://ops.example/failover");
  EXPECT_EQ(a[2].headers.at("Authorization"), "Bearer t");
  EXPECT_EQ(a[2].headers.at("X-Reason"), "klaxon");
  EXPECT_EQ(a[2].body, "{}");
  EXPECT_EQ(a[2].timeout, 5s);
  EXPECT_EQ(a[3].type, "sql");
  EXPECT_EQ(a[3].dsn, "postgres://x");
  EXPECT_EQ(a[3].statement, "SELECT 1");
  EXPECT_EQ(a[4].type, "wait_and_recheck");
  EXPECT_EQ(a[4].wait, 2min);
  EXPECT_EQ(a[4].on_failure, "continue");
  EXPECT_EQ(a[5].on_failure, "escalate");  // default
  for (int i : {6, 7, 8, 9}) EXPECT_EQ(a[i].type, "escalate") << i;
  EXPECT_EQ(a[6].message, "");
  EXPECT_EQ(a[8].message, "look at this");
  EXPECT_EQ(a[9].message, "page someone");
  EXPECT_EQ(a[10].type, "notify");
  EXPECT_EQ(a[10].message, "Restarted the API");
  EXPECT_EQ(a[10].description, "tell #incidents");
  EXPECT_EQ(a[11].type, "set_status");
  EXPECT_EQ(a[11].status, "monitoring");
}

TEST(Actions, ExactlyOneTypeKey) {
  EXPECT_EQ(Problems("      - {name: a, exec: [x], shell: y}\n"),
            Lines{"t.yaml:9:30: action has more than one type key (\"exec\" and \"shell\"); use "
                  "exactly one of: exec, shell, http, sql, wait_and_recheck, escalate, notify, "
                  "set_status"});
  EXPECT_EQ(Problems("      - {name: nothing}\n"),
            Lines{"t.yaml:9:9: action needs exactly one type key: one of exec, shell, http, sql, "
                  "wait_and_recheck, escalate, notify, set_status"});
  EXPECT_EQ(Problems("      - {name: a, exce: [x]}\n"),
            (Lines{"t.yaml:9:9: action needs exactly one type key: one of exec, shell, http, "
                   "sql, wait_and_recheck, escalate, notify, set_status",
                   "t.yaml:9:19: unknown key \"exce\" in action; did you mean \"exec\"? (allowed: "
                   "name, description, timeout, on_failure, env, requires_approval, exec, shell, http, sql, "
                   "wait_and_recheck, escalate, notify, set_status)"}));
}

TEST(Actions, ExecArguments) {
  EXPECT_EQ(Problems("      - {exec: []}\n"),
            Lines{"t.yaml:9:16: exec needs at least the program to run"});
  EXPECT_EQ(Problems("      - {exec: railway service restart api}\n"),
            Lines{"t.yaml:9:16: exec takes a list of arguments, e.g. [railway, service, restart, "
                  "api]; use \"shell\" for a command line"});
  EXPECT_EQ(Problems("      - {exec: ['', x]}\n"),
            Lines{"t.yaml:9:17: exec: the program name must not be empty"});
}

TEST(Actions, KeysThatDoNotBelongToTheType) {
  EXPECT_EQ(Problems("      - {notify: hi, timeout: 5s}\n"),
            Lines{"t.yaml:9:31: \"timeout\" does not apply to notify actions; it applies to exec, "
                  "shell, http and sql"});
  EXPECT_EQ(Problems("      - {exec: [a], on_failure: escalate}\n"),
            Lines{"t.yaml:9:33: \"on_failure\" does not apply to exec actions; it applies to "
                  "wait_and_recheck"});
}

TEST(Actions, ValuesAreValidated) {
  EXPECT_EQ(Problems("      - {exec: [a], timeout: 2x}\n"
                     "      - {wait_and_recheck: 0s}\n"
                     "      - {wait_and_recheck: 1m, on_failure: retry}\n"
                     "      - {set_status: fixed}\n"
                     "      - {escalate: false}\n"
                     "      - {notify: ''}\n"),
            (Lines{"t.yaml:9:30: invalid duration \"2x\": unknown unit \"x\" (use e.g. 30s, 15m, "
                   "1h30m, 7d)",
                   "t.yaml:10:28: duration must be greater than 0",
                   "t.yaml:11:44: unknown on_failure \"retry\" (expected one of: escalate, "
                   "continue)",
                   "t.yaml:12:22: unknown status \"fixed\"; did you mean \"fixing\"? (expected one "
                   "of: investigating, identified, fixing, monitoring, resolved)",
                   "t.yaml:13:20: escalate: false does nothing; remove the action instead",
                   "t.yaml:14:18: notify: the message must not be empty"}));
}

TEST(Actions, HttpAndSqlShapes) {
  EXPECT_EQ(Problems("      - http:\n"
                     "          method: YEET\n"
                     "          url: ftp://x\n"
                     "          headers: {'bad header': x}\n"
                     "          verb: GET\n"
                     "      - {sql: {dsn: host=x}}\n"
                     "      - {http: https://x}\n"),
            (Lines{"t.yaml:10:19: unknown http method \"YEET\"; did you mean \"GET\"? (expected "
                   "one of: GET, POST, PUT, PATCH, DELETE, HEAD)",
                   "t.yaml:11:16: invalid url \"ftp://x\": expected an http:// or https:// URL",
                   "t.yaml:12:21: invalid header name: use letters, digits, '-' and '_'",
                   "t.yaml:13:11: unknown key \"verb\" in http action (allowed: method, url, "
                   "headers, body)",
                   "t.yaml:14:15: sql action is missing required key \"statement\"",
                   "t.yaml:15:16: expected a map, got a string"}));
}

TEST(Actions, NotAMap) {
  EXPECT_EQ(Problems("      - restart the api\n"),
            Lines{"t.yaml:9:9: expected a map, got a string"});
}

}  // namespace
}  // namespace klaxon::config
