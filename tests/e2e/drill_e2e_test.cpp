// `klaxon drill` with the real binary against configurations with known
// answers (tests/e2e/drill/known_answers.yaml) and the CocoPay example: the
// expected sequence and times, --check failing on a schedule gap and on a
// missing command, --json, --all; and proof that nothing is sent or run: the
// Slack and PagerDuty stand-ins the configuration points at receive nothing,
// and the action that would create a file does not.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "config/test_support.h"
#include "http/client.h"
#include "standins/pagerduty_standin.h"
#include "standins/slack_standin.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace klaxon::e2e {
namespace {

using standins::PagerDutyStandin;
using standins::SlackStandin;

const std::string kAt = "2026-11-27T09:14:00Z";

std::string KnownAnswers() { return testing::SourceDir() + "/tests/e2e/drill/known_answers.yaml"; }

testing::RunResult Drill(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), {testing::KlaxonBinary(), "drill"});
  return testing::Run(args, env);
}

// The lines of `text` that contain every one of `parts`, in order.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Whether `expected` occur in `text` as prefixes of lines, in this order.
::testing::AssertionResult InOrder(const std::string& text, const std::vector<std::string>& expected) {
  auto lines = Lines(text);
  size_t at = 0;
  for (const auto& want : expected) {
    while (at < lines.size() && !lines[at].starts_with(want)) ++at;
    if (at == lines.size()) {
      return ::testing::AssertionFailure() << "missing (or out of order): " << want << "\n" << text;
    }
    ++at;
  }
  return ::testing::AssertionSuccess();
}

class DrillE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SlackStandin::Start({});
    ASSERT_TRUE(s) << s.error().message;
    slack_ = std::move(*s);
    auto p = PagerDutyStandin::Start({});
    ASSERT_TRUE(p) << p.error().message;
    pagerduty_ = std::move(*p);
    env_ = {{"DRILL_MARKER", dir_.File("restarted")},
            {"DRILL_SLACK_TOKEN", slack_->options().bot_token},
            {"DRILL_SLACK_API", slack_->BaseUrl() + "/api"},
            {"DRILL_PAGERDUTY_KEY", "0123456789abcdef0123456789abcdef"},
            {"DRILL_PAGERDUTY_URL", pagerduty_->EnqueueUrl()}};
  }

  testing::TempDir dir_;
  std::unique_ptr<SlackStandin> slack_;
  std::unique_ptr<PagerDutyStandin> pagerduty_;
  std::map<std::string, std::string> env_;
};

TEST_F(DrillE2E, CleanRunbookPassesCheckWithTheExpectedSequenceAndSendsNothing) {
  // The stand-ins answer at the addresses the configuration is given: a
  // request from here reaches them (so silence below means nothing was sent).
  http::ClientRequest probe;
  probe.method = "POST";
  probe.url = env_["DRILL_SLACK_API"] + "/chat.postMessage";
  probe.headers = {{"authorization", "Bearer " + env_["DRILL_SLACK_TOKEN"]},
                   {"content-type", "application/json"}};
  probe.body = R"({"channel":"C0INCIDENTS","text":"control"})";
  auto answered = http::Send(probe);
  ASSERT_TRUE(answered) << answered.error().message;
  ASSERT_EQ(slack_->Requests().size(), 1u);
  probe.url = env_["DRILL_PAGERDUTY_URL"];
  probe.headers = {{"content-type", "application/json"}};
  probe.body = R"({"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger",)"
               R"("payload":{"summary":"control","source":"test","severity":"info"}})";
  ASSERT_TRUE(http::Send(probe));
  ASSERT_EQ(pagerduty_->Requests().size(), 1u);

  auto r = Drill({"RB-CLEAN", "--config", KnownAnswers(), "--at", kAt, "--check"}, env_);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(InOrder(
      r.out,
      {"Drill of RB-CLEAN \"Checkout API down\" at SEV1, from 2026-11-27 09:14 UTC",
       "+0m00s     2026-11-27 09:14 UTC  alert fires: {alertname=\"CheckoutDown\"}",
       "+0m00s     2026-11-27 09:14 UTC  klaxon: Opened: Checkout API down (SEV1, runbook RB-CLEAN)",
       "+0m00s     2026-11-27 09:14 UTC  run remediation 1 exec \"Restart checkout\": touch " +
           env_["DRILL_MARKER"] + "  [found: ",
       "+0m00s     2026-11-27 09:14 UTC  notify slack #incidents: 🔴 INCIDENT: Checkout API down",
       "+2m00s     2026-11-27 09:16 UTC  klaxon: Re-check after 2m: still failing",
       "+2m00s     2026-11-27 09:16 UTC  page level 1 (oncall): Ben Okoro (ben, on call in primary; "
       "slack U0BEN00002, phone +351 210 000 002) · next at 2026-11-27 09:26 UTC (+12m00s)",
       "+2m00s     2026-11-27 09:16 UTC  notify pagerduty trigger INC-1: [SEV1] INC-1: Checkout API down",
       "+12m00s    2026-11-27 09:26 UTC  page level 2 (oncall): Lee Chen (lee; email lee@example.com) · "
       "next at 2026-11-27 09:46 UTC (+32m00s)",
       "+12m00s    2026-11-27 09:26 UTC  notify pagerduty trigger INC-1",
       "+32m00s    2026-11-27 09:46 UTC  klaxon: Not acknowledged within 20m (level 2 timeout): "
       "escalation exhausted",
       "Escalation exhausted at 2026-11-27 09:46 UTC (+32m00s): nobody acknowledged.",
       "RB-CLEAN: 0 error(s), 0 warning(s)"}));
  EXPECT_EQ(slack_->Requests().size(), 1u) << "the drill sent something to Slack";
  EXPECT_EQ(pagerduty_->Requests().size(), 1u) << "the drill sent something to PagerDuty";
  EXPECT_FALSE(std::filesystem::exists(env_["DRILL_MARKER"])) << "the drill ran the action";
}

TEST_F(DrillE2E, AScheduleGapFailsCheckNamingTheScheduleAndTheGap) {
  auto r = Drill({"RB-GAP", "--config", KnownAnswers(), "--at", "2026-11-27T09:14+00:00", "--check"},
                 env_);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(InOrder(r.out, {"+0m00s     2026-11-27 09:14 UTC  page level 1 (night-first): NOBODY · "
                              "nobody on call in night from its start to 2026-11-30 09:00 UTC",
                              "+10m00s    2026-11-27 09:24 UTC  page level 2 (night-first): Lee Chen",
                              "error: RB-GAP SEV1: level 1 of escalation policy `night-first` at "
                              "2026-11-27T09:14:00.000Z pages nobody: schedule `night` has nobody "
                              "on call from its start to 2026-11-30T09:00:00.000Z"}));
  // Without --check the same drill only reports.
  EXPECT_EQ(Drill({"RB-GAP", "--config", KnownAnswers(), "--at", kAt}, env_).exit_code, 0);
  // Once the rotation has started, the schedule covers the page.
  EXPECT_EQ(Drill({"RB-GAP", "--config", KnownAnswers(), "--at", "2026-12-01T03:00:00+01:00",
                   "--check"},
                  env_)
                .exit_code,
            0);
}

TEST_F(DrillE2E, AMissingCommandFailsCheckNamingTheRunbookAndStep) {
  auto r = Drill({"RB-MISSING", "--config", KnownAnswers(), "--at", kAt, "--check"}, env_);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(InOrder(r.out, {"+0m00s     2026-11-27 09:14 UTC  run remediation 1 exec \"Kick the ledger\": "
                              "klaxon-drill-no-such-command kick  [NOT FOUND]",
                              "+0m00s     2026-11-27 09:14 UTC  page level 1 (oncall): Ben Okoro",
                              "error: RB-MISSING action step 1 \"Kick the ledger\": command "
                              "`klaxon-drill-no-such-command` not found in PATH"}));
  EXPECT_TRUE(slack_->Requests().empty());
  EXPECT_TRUE(pagerduty_->Requests().empty());
}

TEST_F(DrillE2E, JsonAndAll) {
  auto r = Drill({"RB-CLEAN", "--config", KnownAnswers(), "--at", kAt, "--json"}, env_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto v = boost::json::parse(r.out).as_object();
  EXPECT_EQ(v.at("runbook").as_string(), "RB-CLEAN");
  EXPECT_EQ(v.at("ok").as_bool(), true);
  EXPECT_EQ(v.at("exhausted").as_bool(), true);
  EXPECT_EQ(v.at("end").as_string(), "2026-11-27T09:46:00.000Z");
  std::vector<std::string> pages;
  for (const auto& e : v.at("entries").as_array()) {
    const auto& o = e.as_object();
    if (o.at("kind").as_string() == "run") {
      EXPECT_EQ(o.at("argv").as_array().at(1).as_string(), env_["DRILL_MARKER"]);
      EXPECT_TRUE(o.at("found").is_string());
    }
    if (o.at("kind").as_string() != "page") continue;
    pages.push_back(std::string(o.at("offset").as_string()) + " " +
                    std::string(o.at("people").as_array().at(0).at("id").as_string()));
  }
  EXPECT_EQ(pages, (std::vector<std::string>{"+2m00s ben", "+12m00s lee"}));

  auto all = Drill({"--all", "--config", KnownAnswers(), "--at", kAt, "--check", "--json"}, env_);
  EXPECT_EQ(all.exit_code, 1) << all.err;
  auto a = boost::json::parse(all.out).as_object();
  EXPECT_EQ(a.at("ok").as_bool(), false);
  std::vector<std::string> verdicts;
  for (const auto& rb : a.at("runbooks").as_array()) {
    verdicts.push_back(std::string(rb.at("runbook").as_string()) +
                       (rb.at("ok").as_bool() ? " ok" : " failed"));
  }
  EXPECT_EQ(verdicts, (std::vector<std::string>{"RB-CLEAN ok", "RB-GAP failed", "RB-MISSING failed"}));
}

TEST_F(DrillE2E, BadArguments) {
  EXPECT_EQ(Drill({"--config", KnownAnswers()}, env_).exit_code, 2);
  auto unknown = Drill({"RB-NOPE", "--config", KnownAnswers()}, env_);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no runbook RB-NOPE"), std::string::npos) << unknown.err;
  auto at = Drill({"RB-CLEAN", "--config", KnownAnswers(), "--at", "tomorrow"}, env_);
  EXPECT_EQ(at.exit_code, 2);
  EXPECT_NE(at.err.find("--at tomorrow"), std::string::npos) << at.err;
}

// The CocoPay example, with the environment the other end-to-end tests give
// it. Its actions run `railway` (COCOPAY_RAILWAY): where that program is
// missing, --check says so for each runbook that runs it; with a `railway`
// present every runbook's response reaches someone and passes.
TEST_F(DrillE2E, CocoPayExampleAll) {
  std::map<std::string, std::string> env = config::test::kCocoPayEnv;
  env["SLACK_API_URL"] = slack_->BaseUrl() + "/api";
  env["PAGERDUTY_EVENTS_URL"] = pagerduty_->EnqueueUrl();
  env["PATH"] = "/usr/bin:/bin";
  std::string example = testing::SourceDir() + "/examples/cocopay/klaxon.yaml";

  auto without = Drill({"--all", "--config", example, "--at", kAt, "--check"}, env);
  EXPECT_EQ(without.exit_code, 1) << without.out << without.err;
  for (const char* rb : {"RB-001", "RB-003", "RB-005", "RB-007"}) {
    EXPECT_NE(without.out.find(std::string("error: ") + rb + " action step "), std::string::npos)
        << rb << "\n" << without.out;
  }
  EXPECT_NE(without.out.find("command `railway` not found in PATH /usr/bin:/bin"), std::string::npos);

  std::string railway = dir_.File("railway");
  std::ofstream(railway) << "#!/bin/sh\nexit 0\n";
  ::chmod(railway.c_str(), 0755);
  env["COCOPAY_RAILWAY"] = railway;
  auto with = Drill({"--all", "--config", example, "--at", kAt, "--check"}, env);
  EXPECT_EQ(with.exit_code, 0) << with.out << with.err;
  EXPECT_NE(with.out.find("8 runbook(s) drilled: no errors"), std::string::npos) << with.out;
  // The handbook's flow for RB-001: restart, #incidents, re-check after 2
  // minutes, then the primary on call (maya, that week) through PagerDuty.
  EXPECT_TRUE(InOrder(
      with.out,
      {"Drill of RB-001 \"API Health Check Failing\" at SEV1",
       "+0m00s     2026-11-27 09:14 UTC  run remediation 1 exec \"Restart API (Railway)\": " + railway +
           " service restart api  [found: " + railway + "]",
       "+0m00s     2026-11-27 09:14 UTC  notify slack #incidents: 🔴 INCIDENT: API Health Check Failing",
       "+2m00s     2026-11-27 09:16 UTC  page level 1 (default): Maya Okafor (maya, on call in primary",
       "+2m00s     2026-11-27 09:16 UTC  notify pagerduty trigger INC-1: [SEV1] INC-1: API Health Check Failing",
       "+17m00s    2026-11-27 09:31 UTC  page level 2 (default): Diego Hernández (diego, on call in secondary",
       "+32m00s    2026-11-27 09:46 UTC  page level 3 (default): Sam Whitfield (sam;",
       "+47m00s    2026-11-27 10:01 UTC  page level 4 (default): Jordan Lee (jordan;",
       "RB-001: 0 error(s), 0 warning(s)"}));
  EXPECT_TRUE(slack_->Requests().empty());
  EXPECT_TRUE(pagerduty_->Requests().empty());
}

}  // namespace
}  // namespace klaxon::e2e
