// The drill against configurations with known answers
// (tests/e2e/drill/known_answers.yaml): the real engine, a real SQLite store
// in a temporary directory, simulated time; nothing sent, nothing run.
#include "drill/drill.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "config/loader.h"
#include "config/test_support.h"
#include "drill/render.h"
#include "drill/scenario.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace klaxon::drill {
namespace {

using std::chrono::minutes;

Time At(const char* text) { return *ParseTimestamp(text); }

class DrillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    marker_ = dir_.File("restarted");
    auto cfg = config::LoadFile(klaxon::testing::SourceDir() + "/tests/e2e/drill/known_answers.yaml",
                                config::test::MapEnv({{"DRILL_MARKER", marker_}}));
    ASSERT_TRUE(cfg) << config::test::Problems(cfg)[0];
    cfg_ = std::move(*cfg);
  }
  Report Drill(const std::string& runbook, const std::string& severity = "",
               Duration horizon = std::chrono::days(7)) {
    Options o;
    o.runbook = runbook;
    o.severity = severity;
    o.at = start_;
    o.horizon = horizon;
    o.temp_dir = dir_.path();
    auto r = drill::Run(cfg_, o);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : Report{};
  }
  static std::vector<const Entry*> Of(const Report& r, Entry::Kind kind) {
    std::vector<const Entry*> out;
    for (const auto& e : r.entries) {
      if (e.kind == kind) out.push_back(&e);
    }
    return out;
  }

  klaxon::testing::TempDir dir_;
  std::string marker_;
  config::Config cfg_;
  Time start_ = At("2026-11-27T09:14:00Z");
};

TEST_F(DrillTest, CleanRunbookPlaysTheWholeResponseAndPasses) {
  Report r = Drill("RB-CLEAN");
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.problems.empty()) << r.problems[0].message;
  EXPECT_EQ(r.severity, "SEV1");
  EXPECT_TRUE(r.exhausted);
  EXPECT_EQ(r.end, start_ + minutes(32));

  ASSERT_FALSE(r.entries.empty());
  EXPECT_EQ(r.entries[0].kind, Entry::Kind::kAlert);
  EXPECT_EQ(r.entries[0].text, "alert fires: {alertname=\"CheckoutDown\"}");

  auto runs = Of(r, Entry::Kind::kRun);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]->at, start_);
  EXPECT_EQ(runs[0]->step, 1);
  EXPECT_EQ(runs[0]->argv, (std::vector<std::string>{"touch", marker_}));
  ASSERT_TRUE(runs[0]->found.has_value());
  EXPECT_TRUE(runs[0]->found->ends_with("/touch")) << *runs[0]->found;
  EXPECT_FALSE(std::filesystem::exists(marker_)) << "the drill ran the action";

  auto pages = Of(r, Entry::Kind::kPage);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0]->at, start_ + minutes(2));  // after the failed re-check
  EXPECT_EQ(pages[0]->level, 1);
  ASSERT_EQ(pages[0]->people.size(), 1u);
  EXPECT_EQ(pages[0]->people[0].id, "ben");  // second week of the rotation
  EXPECT_EQ(pages[0]->people[0].name, "Ben Okoro");
  EXPECT_EQ(pages[0]->people[0].schedule, "primary");
  EXPECT_EQ(pages[0]->people[0].contact, "slack U0BEN00002, phone +351 210 000 002");
  EXPECT_EQ(pages[0]->deadline, start_ + minutes(12));
  EXPECT_EQ(pages[1]->at, start_ + minutes(12));
  EXPECT_EQ(pages[1]->level, 2);
  ASSERT_EQ(pages[1]->people.size(), 1u);
  EXPECT_EQ(pages[1]->people[0].id, "lee");
  EXPECT_EQ(pages[1]->people[0].schedule, "");
  EXPECT_EQ(pages[1]->deadline, start_ + minutes(32));

  std::vector<std::pair<Time, std::string>> pagerduty;
  std::vector<const Entry*> slack;
  for (const auto* e : Of(r, Entry::Kind::kNotify)) {
    if (e->channel == "pagerduty") pagerduty.emplace_back(e->at, e->text);
    if (e->channel == "slack-incidents") slack.push_back(e);
  }
  EXPECT_EQ(pagerduty,
            (std::vector<std::pair<Time, std::string>>{
                {start_ + minutes(2), "notify pagerduty trigger INC-1: [SEV1] INC-1: Checkout API down"},
                {start_ + minutes(12), "notify pagerduty trigger INC-1: [SEV1] INC-1: Checkout API down"}}));
  ASSERT_FALSE(slack.empty());
  EXPECT_EQ(slack[0]->at, start_);
  EXPECT_TRUE(slack[0]->text.starts_with("notify slack #incidents: 🔴 INCIDENT: Checkout API down"))
      << slack[0]->text;
}

// The drill renders with the configured wording, as serve does: a runbook's
// own INCIDENT and page summary, not the handbook's defaults.
TEST_F(DrillTest, ARunbooksOwnWordingIsWhatTheDrillShows) {
  for (auto& rb : cfg_.runbooks) {
    if (rb.id != "RB-CLEAN") continue;
    rb.messages[notify::MessageKind::kIncident] = "🔴 CHECKOUT DOWN: {{title}}\nSeverity: {{severity}}";
    rb.messages[notify::MessageKind::kPageSummary] = "Checkout page {{id}}";
  }
  Report r = Drill("RB-CLEAN");
  std::vector<std::string> slack, pagerduty;
  for (const auto* e : Of(r, Entry::Kind::kNotify)) {
    if (e->channel == "slack-incidents") slack.push_back(e->text);
    if (e->channel == "pagerduty") pagerduty.push_back(e->text);
  }
  ASSERT_FALSE(slack.empty());
  EXPECT_TRUE(slack[0].starts_with("notify slack #incidents: 🔴 CHECKOUT DOWN: Checkout API down"))
      << slack[0];
  ASSERT_FALSE(pagerduty.empty());
  EXPECT_EQ(pagerduty[0], "notify pagerduty trigger INC-1: Checkout page INC-1");
}

TEST_F(DrillTest, AScheduleGapThatLeavesALevelWithNobodyFails) {
  Report r = Drill("RB-GAP");
  EXPECT_FALSE(r.ok());
  auto pages = Of(r, Entry::Kind::kPage);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0]->at, start_);
  EXPECT_TRUE(pages[0]->people.empty());
  ASSERT_EQ(pages[0]->gaps.size(), 1u);
  EXPECT_EQ(pages[0]->gaps[0].schedule, "night");
  EXPECT_FALSE(pages[0]->gaps[0].from.has_value());  // before the rotation's first shift
  EXPECT_EQ(pages[0]->gaps[0].to, At("2026-11-30T09:00:00Z"));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(r.problems[0].error);
  EXPECT_EQ(r.problems[0].message,
            "RB-GAP SEV1: level 1 of escalation policy `night-first` at 2026-11-27T09:14:00.000Z "
            "pages nobody: schedule `night` has nobody on call from its start to "
            "2026-11-30T09:00:00.000Z");
  // The same runbook once the rotation has started passes.
  start_ = At("2026-12-01T03:00:00+01:00");
  Report later = Drill("RB-GAP");
  EXPECT_TRUE(later.ok()) << later.problems[0].message;
  EXPECT_EQ(Of(later, Entry::Kind::kPage)[0]->people[0].schedule, "night");
}

TEST_F(DrillTest, AMissingCommandFailsAndEscalatesAtOnce) {
  Report r = Drill("RB-MISSING");
  EXPECT_FALSE(r.ok());
  auto runs = Of(r, Entry::Kind::kRun);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_FALSE(runs[0]->found.has_value());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(r.problems[0].message.starts_with(
      "RB-MISSING action step 1 \"Kick the ledger\": command `klaxon-drill-no-such-command` not "
      "found in PATH"))
      << r.problems[0].message;
  // As klaxon would: the step cannot start, so level 1 is paged at once.
  auto pages = Of(r, Entry::Kind::kPage);
  ASSERT_FALSE(pages.empty());
  EXPECT_EQ(pages[0]->at, start_);
}

TEST_F(DrillTest, SeverityOverrideAndHorizon) {
  Report r = Drill("RB-CLEAN", "SEV3", minutes(5));
  EXPECT_EQ(r.severity, "SEV3");
  EXPECT_FALSE(r.exhausted);
  EXPECT_EQ(r.end, start_ + minutes(5));
  for (const auto* e : Of(r, Entry::Kind::kNotify)) {
    EXPECT_NE(e->channel, "pagerduty") << "PagerDuty hears SEV1 only: " << e->text;
  }
  ASSERT_EQ(Of(r, Entry::Kind::kPage).size(), 1u);

  Options o;
  o.runbook = "RB-CLEAN";
  o.severity = "SEV9";
  o.at = start_;
  EXPECT_FALSE(drill::Run(cfg_, o));
  o.runbook = "RB-NOPE";
  o.severity = "";
  auto missing = drill::Run(cfg_, o);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(DrillScenario, LabelsFromTheMatchersAndRouting) {
  auto cfg = config::LoadString(
      "severities:\n  - {id: SEV1, response_time: 15m}\n"
      "services:\n  - {id: api, name: API}\n"
      "runbooks:\n"
      "  - {id: RB-A, title: A, severity: SEV1, service: api,\n"
      "     match: ['alertname=~\"ApiDown|ApiSlow\"', 'env!=\"staging\"']}\n"
      "  - {id: RB-B, title: B, severity: SEV1, match: ['alertname=~\"Api.*\"']}\n"
      "  - {id: RB-C, title: C, severity: SEV1, match: ['alertname=\"ApiDown\"']}\n",
      "t.yaml", config::test::NoEnv());
  ASSERT_TRUE(cfg) << config::test::Problems(cfg)[0];
  Time t = At("2026-11-27T09:14:00Z");
  auto a = AlertFor(*cfg, *cfg->FindRunbook("RB-A"), "", {}, t);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->labels, LabelSet({{"alertname", "ApiDown"}, {"service", "api"}}));
  EXPECT_FALSE(a->refresh_expected);  // fires until told otherwise

  // RB-B's own pattern reaches RB-A first; a label sends it elsewhere.
  auto b = AlertFor(*cfg, *cfg->FindRunbook("RB-B"), "", {}, t);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->labels.GetOr("alertname"), "Api");
  // RB-C is shadowed by RB-A whatever its labels, unless --label says otherwise.
  auto c = AlertFor(*cfg, *cfg->FindRunbook("RB-C"), "", {}, t);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("--label"), std::string::npos) << c.error().message;
  auto c2 = AlertFor(*cfg, *cfg->FindRunbook("RB-C"), "", LabelSet({{"env", "staging"}}), t);
  ASSERT_FALSE(c2);  // RB-B still takes it
}

TEST(DrillRender, Offsets) {
  EXPECT_EQ(Offset(Duration(0)), "+0m00s");
  EXPECT_EQ(Offset(std::chrono::seconds(62)), "+1m02s");
  EXPECT_EQ(Offset(std::chrono::minutes(62)), "+1h02m00s");
  EXPECT_EQ(Offset(std::chrono::hours(51)), "+2d03h00m");
}

}  // namespace
}  // namespace klaxon::drill
