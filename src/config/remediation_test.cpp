// The remediation keys: runbook budgets, dry-run and targets, approval and
// environment on actions, automated diagnostics, the global section; bad
// values reported at file:line:column.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

// A runbook whose body (6-space indented keys) starts on line 8 of t.yaml.
std::string WithRunbook(const std::string& body, const std::string& tail = "") {
  return std::string(test::kSeverities) +
         "runbooks:\n"
         "  - id: RB-1\n"
         "    title: T\n"
         "    severity: SEV1\n" +
         body + tail;
}

auto Load(const std::string& text) {
  return LoadString(text, "t.yaml", test::MapEnv({{"RAILWAY_TOKEN", "rw"}}));
}

TEST(Remediation, EveryKey) {
  auto c = Load(WithRunbook(
      "    auto_remediate: true\n"
      "    remediation: {budget: 3 per 1h, dry_run: true, target: [service, region]}\n"
      "    actions:\n"
      "      - name: Restart\n"
      "        exec: [railway, service, restart, api]\n"
      "        env: {RAILWAY_TOKEN: '${RAILWAY_TOKEN}'}\n"
      "      - {name: Kill, shell: 'psql -c x', requires_approval: lead}\n"
      "      - {http: {url: 'http://x/y'}, requires_approval: true}\n"
      "    investigation:\n"
      "      - {title: Deploys, run: 'railway logs | grep deploy', auto: true, timeout: 10s}\n"
      "      - {title: Health, http: {method: GET, url: 'http://x/up'}, auto: true}\n"
      "      - {title: Memory, exec: [redis-cli, info, memory], auto: true, env: {A: b}}\n"
      "      - {title: Shown only, run: 'ls'}\n",
      "remediation: {dry_run: true, workers: 4, output_limit: 1KiB}\n"));
  ASSERT_TRUE(c) << test::Problems(c).front();
  const Runbook& rb = c->runbooks[0];
  EXPECT_EQ(rb.remediation.budget.runs, 3);
  EXPECT_EQ(rb.remediation.budget.per, 1h);
  EXPECT_TRUE(rb.remediation.dry_run);
  EXPECT_EQ(rb.remediation.target, (Lines{"service", "region"}));
  EXPECT_EQ(rb.actions[0].env.at("RAILWAY_TOKEN"), "rw");
  EXPECT_FALSE(rb.actions[0].requires_approval);
  EXPECT_EQ(rb.actions[1].requires_approval, access::Role::kLead);
  EXPECT_EQ(rb.actions[2].requires_approval, access::Role::kOnCall);
  ASSERT_EQ(rb.investigation.size(), 4u);
  EXPECT_TRUE(rb.investigation[0].auto_run);
  EXPECT_EQ(rb.investigation[0].command->shell, "railway logs | grep deploy");
  EXPECT_EQ(rb.investigation[0].command->timeout, 10s);
  EXPECT_EQ(rb.investigation[1].command->type, "http");
  EXPECT_EQ(rb.investigation[1].command->method, "GET");
  EXPECT_EQ(rb.investigation[2].command->argv, (Lines{"redis-cli", "info", "memory"}));
  EXPECT_EQ(rb.investigation[2].command->env.at("A"), "b");
  EXPECT_FALSE(rb.investigation[3].command);
  EXPECT_TRUE(c->remediation.dry_run);
  EXPECT_EQ(c->remediation.workers, 4);
  EXPECT_EQ(c->remediation.output_limit, 1024u);
}

TEST(Remediation, Defaults) {
  auto c = Load(WithRunbook("    match: [a=b]\n"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->runbooks[0].remediation.budget.runs, 0);
  EXPECT_FALSE(c->runbooks[0].remediation.dry_run);
  EXPECT_EQ(c->runbooks[0].remediation.target, Lines{"service"});
  EXPECT_FALSE(c->remediation.dry_run);
  EXPECT_EQ(c->remediation.workers, 2);
}

TEST(Remediation, BadStepsArePositioned) {
  auto c = Load(WithRunbook(
      "    remediation: {budget: 3 each hour, target: [not-a-label]}\n"  // line 8
      "    actions:\n"
      "      - {exec: [x], requires_approval: boss}\n"                   // line 10
      "      - {notify: hi, requires_approval: true}\n"                  // line 11
      "      - {notify: hi, env: {A: b}}\n"                              // line 12
      "      - {exec: [x], env: {KLAXON_LABEL_x: y, 9x: z}}\n"           // line 13
      "      - {exec: 'railway restart'}\n"                              // line 14
      "    investigation:\n"
      "      - {title: A, auto: true}\n"                                 // line 16
      "      - {title: B, exec: [ls]}\n"                                 // line 17
      "      - {title: C, auto: true, exec: [ls], http: {url: 'http://x'}}\n",  // line 18
      "remediation: {workers: 0, color: red}\n"));                       // line 19
  Lines got = test::Problems(c);
  Lines want = {
      "t.yaml:8:27: invalid budget \"3 each hour\": expected \"<runs> per <duration>\", e.g. "
      "\"3 per 1h\"",
      "t.yaml:8:49: invalid label name \"not-a-label\": use letters, digits and _, not starting "
      "with a digit",
      "t.yaml:10:40: unknown role \"boss\" (expected one of: viewer, engineer, oncall, lead, "
      "admin)",
      "t.yaml:11:41: \"requires_approval\" does not apply to notify actions; it applies to exec, "
      "shell, http and sql",
      "t.yaml:12:27: \"env\" does not apply to notify actions; it applies to exec and shell",
      "t.yaml:13:27: environment variables starting with KLAXON_ are set by klaxon itself",
      "t.yaml:13:46: invalid environment variable name: use letters, digits and '_', not "
      "starting with a digit",
      "t.yaml:14:16: exec takes a list of arguments, e.g. [railway, service, restart, api]; use "
      "\"shell\" for a command line",
      "t.yaml:16:26: auto: true needs a command to run: exec, shell, http, sql, or a bash \"run\"",
      "t.yaml:17:20: \"exec\" runs only with auto: true",
      "t.yaml:18:44: an investigation step runs one command: exec, shell, http or sql",
      "t.yaml:19:24: number \"0\" must be between 1 and 64",
      "t.yaml:19:27: unknown key \"color\" in remediation (allowed: dry_run, workers, "
      "output_limit)",
  };
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace klaxon::config
