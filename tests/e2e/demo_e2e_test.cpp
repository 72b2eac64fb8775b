// `klaxon demo --scenario X --exit-when-done`: the real binary plays each
// runbook of the CocoPay handbook against its simulated CocoPay and the
// Slack and PagerDuty stand-ins, on free ports, and must show every step of
// the flow, in order: each step is printed once the demo has observed it
// (through the API, the timeline or the stand-ins), so a step klaxon does
// not perform fails the run ("✘", exit 1) instead of being skipped.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/process.h"

namespace klaxon::e2e {
namespace {

struct Case {
  std::string scenario;  // "rb-001"
  std::string title;     // the incident's title, in the Slack messages
  // What the steps must report, in this order (each a fragment of one
  // "✔ [i/n] ..." line, one line each, in order).
  std::vector<std::string> steps;
  std::vector<std::string> also;  // lines that must appear anywhere (stand-ins)
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.scenario; }

std::string Name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = info.param.scenario;
  for (char& c : n) c = c == '-' ? '_' : c;
  return n;
}

std::vector<std::string> Lines(const std::string& text, std::string_view prefix) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    if (line.starts_with(prefix)) out.push_back(line);
    at = end + 1;
  }
  return out;
}

class DemoE2E : public ::testing::TestWithParam<Case> {};

TEST_P(DemoE2E, ShowsEveryStepOfTheRunbookInOrder) {
  const Case& c = GetParam();
  auto r = testing::Run({testing::KlaxonBinary(), "demo", "--scenario", c.scenario, "--exit-when-done",
                         "--listen", "127.0.0.1:0", "--config",
                         testing::SourceDir() + "/examples/cocopay/klaxon.yaml"});
  std::string all = r.out + "\n--- stderr ---\n" + r.err;
  ASSERT_EQ(r.exit_code, 0) << all;
  EXPECT_TRUE(Lines(r.out, "✘").empty()) << all;
  EXPECT_NE(r.out.find("/ui"), std::string::npos) << "the dashboard URL";

  // Every announced step was seen, numbered 1..n in order.
  auto started = Lines(r.out, "▶ [");
  auto seen = Lines(r.out, "✔ [");
  ASSERT_EQ(seen.size(), started.size()) << all;
  size_t n = seen.size();
  for (size_t i = 0; i < n; ++i) {
    EXPECT_TRUE(seen[i].starts_with("✔ [" + std::to_string(i + 1) + "/" + std::to_string(n) + "] "))
        << seen[i];
  }
  // The flow's steps, in the handbook's order.
  size_t next = 0;
  for (const auto& want : c.steps) {
    while (next < n && seen[next].find(want) == std::string::npos) ++next;
    ASSERT_LT(next, n) << "no step \"" << want << "\" after the previous one:\n" << all;
    ++next;
  }
  // Whoever the rotation pages is who acknowledges.
  auto word_after = [&](std::string_view marker) {
    size_t at = r.out.find(marker);
    if (at == std::string::npos) return std::string();
    at += marker.size();
    return r.out.substr(at, r.out.find_first_of(" ,\n", at) - at);
  };
  std::string paged = word_after("level 1 paged: ");
  if (!paged.empty()) {
    EXPECT_EQ(word_after("acknowledged by "), paged) << all;
  }
  for (const auto& want : c.also) EXPECT_NE(r.out.find(want), std::string::npos) << want << "\n" << all;
  EXPECT_NE(r.out.find("🔴 INCIDENT: " + c.title), std::string::npos) << "[slack] printed it";
  EXPECT_NE(r.out.find("🟢 RESOLVED: " + c.title), std::string::npos) << "[slack] printed it";
  EXPECT_NE(r.out.find("Scenario " + c.scenario + " complete"), std::string::npos);
}

// The steps every scenario ends with.
// `recovery`: how the symptom goes, when a step of its own says so.
std::vector<std::string> Ending(std::vector<std::string> steps, bool postmortem,
                                std::string recovery = "") {
  steps.push_back("The primary on-call acknowledges: acknowledged by ");
  steps.push_back("🟡 UPDATE");
  if (!recovery.empty()) steps.push_back(recovery);
  steps.push_back("is monitoring");
  steps.push_back("🟢 RESOLVED");
  steps.push_back(postmortem ? "draft printed above" : "not required");
  return steps;
}

const std::string kDraft = "----- post-mortem draft (klaxon postmortem INC-1) -----";

INSTANTIATE_TEST_SUITE_P(
    Scenarios, DemoE2E,
    ::testing::Values(
        Case{"rb-001", "API Health Check Failing",
             {"The API goes down", "INC-1 opened: API Health Check Failing (SEV1, RB-001)",
              "🔴 INCIDENT: API Health Check Failing",
              "railway service restart api; #incidents thread: Summary: Automated remediation tried "
              "\"Restart API (Railway)\"",
              "timeline: Re-check after 2m: still failing", "PagerDuty trigger INC-1",
              "acknowledged by ", "PagerDuty acknowledge INC-1", "🟡 UPDATE, Summary: Deploy 4f2a1c",
              "🟡 UPDATE, Summary: Rollback", "INC-1 is monitoring", "🟢 RESOLVED: API Health Check Failing",
              "required (SEV1), draft printed above", "PagerDuty resolve INC-1"},
             {"[pagerduty] trigger INC-1 \"critical\"", "[pagerduty] acknowledge INC-1",
              "[pagerduty] resolve INC-1", kDraft}},
        Case{"rb-002", "Payment Failures Spike",
             Ending({"23% of payments fail", "INC-1 opened: Payment Failures Spike (SEV2, RB-002)",
                     "🔴 INCIDENT", "level 1 paged: "},
                    true),
             {kDraft}},
        Case{"rb-003", "Database Connection Issues",
             Ending({"the alert its monitoring sends (DatabaseConnectionErrors)",
                     "INC-1 opened: Database Connection Issues (SEV1, RB-003)", "🔴 INCIDENT",
                     "Automated remediation tried \"Clear stale connections\"",
                     "Re-check after 1m: still failing", "Automated remediation tried \"Restart service",
                     "waits for approval by lead", "approved by sam", "Remediation stopped",
                     "PagerDuty trigger INC-1"},
                    true, "its monitoring resolves the alert"),
             {"[pagerduty] trigger INC-1", kDraft}},
        Case{"rb-004", "Blockchain RPC Errors",
             Ending({"primary Base RPC", "INC-1 opened: Blockchain RPC Errors (SEV3, RB-004)", "🔴 INCIDENT",
                     "rpc-failover answered", "Switched blockchain RPC to the backup provider",
                     "Re-check after 5m: still failing"},
                    true),
             {kDraft}},
        Case{"rb-005", "Redis Connection Issues",
             Ending({"(RedisDown)", "INC-1 opened: Redis Connection Issues (SEV2, RB-005)", "🔴 INCIDENT",
                     "tried \"Force reconnect\"", "tried \"Restart service if still failing\"",
                     "PagerDuty trigger INC-1"},
                    false, "its monitoring resolves the alert"),
             {"PagerDuty acknowledge INC-1", "[pagerduty] trigger INC-1"}},
        Case{"rb-006", "High Error Rate (Generic)",
             Ending({"12% of requests", "INC-1 opened: High Error Rate (Generic) (SEV2, RB-006)", "🔴 INCIDENT",
                     "level 1 paged: "},
                    false),
             {}},
        Case{"rb-007", "Memory Leak / OOM",
             Ending({"OOM killer", "INC-1 opened: Memory Leak / OOM (SEV2, RB-007)", "🔴 INCIDENT",
                     "tried \"Restart service (releases memory)\"", "PagerDuty trigger INC-1"},
                    false),
             {"[pagerduty] trigger INC-1"}},
        Case{"rb-008", "Reserves Wallet Low Balance",
             Ending({"$640", "INC-1 opened: Reserves Wallet Low Balance (SEV3, RB-008)", "🔴 INCIDENT",
                     "level 1 paged: "},
                    false),
             {}}),
    Name);

}  // namespace
}  // namespace klaxon::e2e
