#include "report/report.h"

#include <gtest/gtest.h>

#include "config/test_support.h"

namespace klaxon::report {
namespace {

using namespace std::chrono_literals;
using incident::Status;

const Time kBase = *ParseTimestamp("2026-11-01T00:00:00Z");
const Time kNow = kBase + 10 * 24h;

Settings Handbook() {
  Settings s;
  s.severities = {"SEV1", "SEV2", "SEV3", "SEV4"};
  s.response_time = {{"SEV1", 15min}, {"SEV2", 1h}, {"SEV3", 4h}, {"SEV4", 24h}};
  s.paging_channels = {"pagerduty"};
  return s;
}

IncidentFacts Facts(int64_t id, std::string sev, std::string runbook, Time opened, Status status) {
  IncidentFacts f;
  f.id = id;
  f.severity = std::move(sev);
  f.runbook_id = std::move(runbook);
  f.opened_at = opened;
  f.status = status;
  return f;
}

// The fixture: ten incidents whose answers are worked out by hand below.
std::vector<IncidentFacts> Fixture() {
  std::vector<IncidentFacts> v;
  // 1: SEV1 acked after 5m, resolved after 1h. No remediation.
  auto f = Facts(1, "SEV1", "RB-001", kBase, Status::kResolved);
  f.first_ack_at = kBase + 5min;
  f.resolved_at = kBase + 1h;
  v.push_back(f);
  // 2: SEV1 acked after 20m (breach), resolved after 2h; its remediation
  // failed and escalated.
  Time o2 = kBase + 24h;
  f = Facts(2, "SEV1", "RB-001", o2, Status::kResolved);
  f.first_ack_at = o2 + 20min;
  f.resolved_at = o2 + 2h;
  f.escalated = true;
  f.remediation_runs = 1;
  f.remediation_outcome = "failed";
  v.push_back(f);
  // 3: SEV1 never acked, remediation recovered it, resolved after 10m
  // (within the response time): a success, no breach.
  Time o3 = kBase + 48h;
  f = Facts(3, "SEV1", "RB-001", o3, Status::kResolved);
  f.resolved_at = o3 + 10min;
  f.notified_channels = {"slack"};
  f.remediation_runs = 1;
  f.remediation_outcome = "recovered";
  v.push_back(f);
  // 4: SEV2 acked after 30m, still open (Fixing).
  Time o4 = kBase + 72h;
  f = Facts(4, "SEV2", "RB-002", o4, Status::kFixing);
  f.first_ack_at = o4 + 30min;
  v.push_back(f);
  // 5: SEV2 never acked, still open days later (breach); its remediation is
  // still going on.
  f = Facts(5, "SEV2", "RB-002", kBase + 96h, Status::kInvestigating);
  f.remediation_runs = 1;
  v.push_back(f);
  // 6: SEV3 unrouted, acked exactly at its 4h response time (no breach),
  // resolved after 5h.
  Time o6 = kBase + 120h;
  f = Facts(6, "SEV3", "", o6, Status::kResolved);
  f.first_ack_at = o6 + 4h;
  f.resolved_at = o6 + 5h;
  v.push_back(f);
  // 7: SEV1 never acked, resolved after 30m (breach); remediation recovered
  // it, but PagerDuty had been sent it: not a success.
  Time o7 = kBase + 144h;
  f = Facts(7, "SEV1", "RB-001", o7, Status::kResolved);
  f.resolved_at = o7 + 30min;
  f.notified_channels = {"slack", "pagerduty"};
  f.remediation_runs = 2;
  f.remediation_outcome = "recovered";
  v.push_back(f);
  // 8: opened 40 days ago: outside a 30d window.
  f = Facts(8, "SEV1", "RB-001", kBase - 40 * 24h, Status::kInvestigating);
  v.push_back(f);
  // 10: SEV1 acked after 10m, resolved after 40m, remediation completed: a success.
  Time o10 = kBase + 168h;
  f = Facts(10, "SEV1", "RB-001", o10, Status::kResolved);
  f.first_ack_at = o10 + 10min;
  f.resolved_at = o10 + 40min;
  f.remediation_runs = 1;
  f.remediation_outcome = "completed";
  v.push_back(f);
  return v;
}

const Group& Find(const std::vector<Group>& groups, std::string_view sev, std::string_view rb) {
  for (const auto& g : groups) {
    if (g.severity == sev && g.runbook_id == rb) return g;
  }
  static Group none;
  ADD_FAILURE() << "no group " << sev << "/" << rb;
  return none;
}

void ExpectStats(const Stats& s, int64_t count, double mean, double median, double p90) {
  EXPECT_EQ(s.count, count);
  ASSERT_TRUE(s.mean && s.median && s.p90);
  EXPECT_DOUBLE_EQ(*s.mean, mean);
  EXPECT_DOUBLE_EQ(*s.median, median);
  EXPECT_DOUBLE_EQ(*s.p90, p90);
}

TEST(ReportTest, TotalsOfTheFixture) {
  auto facts = Fixture();
  Report r = Build(facts, Handbook(), kNow, 30 * 24h);
  EXPECT_EQ(r.from, kNow - 30 * 24h);
  ASSERT_EQ(r.incidents.size(), 8u);  // incident 8 is outside the window
  const Group& t = r.total;
  EXPECT_EQ(t.opened, 8);
  EXPECT_EQ(t.acknowledged, 5);
  EXPECT_EQ(t.unacknowledged, 3);
  EXPECT_EQ(t.resolved, 6);
  EXPECT_EQ(t.open, 2);
  EXPECT_EQ(t.sla_breaches, 3);  // 2, 5, 7
  // TTA 300, 1200, 1800, 14400, 600: sorted 300 600 1200 1800 14400.
  ExpectStats(t.time_to_acknowledge, 5, 18300.0 / 5, 1200, 14400);
  // TTR 3600 7200 600 18000 1800 2400: sorted 600 1800 2400 3600 7200 18000.
  ExpectStats(t.time_to_resolve, 6, 33600.0 / 6, 2400, 18000);
  EXPECT_EQ(t.remediation_attempted, 4);
  EXPECT_EQ(t.remediation_succeeded, 2);
  EXPECT_EQ(t.remediation_in_progress, 1);
  ASSERT_TRUE(t.remediation_success_ratio);
  EXPECT_DOUBLE_EQ(*t.remediation_success_ratio, 0.5);
}

TEST(ReportTest, BySeverity) {
  auto facts = Fixture();
  Report r = Build(facts, Handbook(), kNow, 30 * 24h);
  ASSERT_EQ(r.by_severity.size(), 4u);
  EXPECT_EQ(r.by_severity[0].severity, "SEV1");
  EXPECT_EQ(r.by_severity[3].severity, "SEV4");

  const Group& s1 = r.by_severity[0];
  EXPECT_EQ(s1.opened, 5);
  EXPECT_EQ(s1.acknowledged, 3);
  EXPECT_EQ(s1.resolved, 5);
  EXPECT_EQ(s1.open, 0);
  EXPECT_EQ(s1.sla_breaches, 2);
  ExpectStats(s1.time_to_acknowledge, 3, 700, 600, 1200);
  ExpectStats(s1.time_to_resolve, 5, 3120, 2400, 7200);

  const Group& s2 = r.by_severity[1];
  EXPECT_EQ(s2.opened, 2);
  EXPECT_EQ(s2.acknowledged, 1);
  EXPECT_EQ(s2.unacknowledged, 1);
  EXPECT_EQ(s2.open, 2);
  EXPECT_EQ(s2.sla_breaches, 1);
  ExpectStats(s2.time_to_acknowledge, 1, 1800, 1800, 1800);
  EXPECT_EQ(s2.time_to_resolve.count, 0);  // both still open: no MTTR
  EXPECT_FALSE(s2.time_to_resolve.mean);

  const Group& s3 = r.by_severity[2];
  EXPECT_EQ(s3.sla_breaches, 0);  // acknowledged exactly at the response time
  ExpectStats(s3.time_to_acknowledge, 1, 14400, 14400, 14400);
  ExpectStats(s3.time_to_resolve, 1, 18000, 18000, 18000);

  const Group& s4 = r.by_severity[3];  // a configured severity without incidents
  EXPECT_EQ(s4.opened, 0);
  EXPECT_FALSE(s4.time_to_acknowledge.mean);
}

TEST(ReportTest, ByRunbookAndRemediationSuccess) {
  auto facts = Fixture();
  Report r = Build(facts, Handbook(), kNow, 30 * 24h);
  ASSERT_EQ(r.by_runbook.size(), 3u);
  const Group& rb1 = Find(r.by_runbook, "", "RB-001");
  EXPECT_EQ(rb1.opened, 5);
  ExpectStats(rb1.time_to_acknowledge, 3, 700, 600, 1200);
  ExpectStats(rb1.time_to_resolve, 5, 3120, 2400, 7200);
  // 2 failed (escalated), 3 succeeded, 7 paged PagerDuty, 10 succeeded.
  EXPECT_EQ(rb1.remediation_attempted, 4);
  EXPECT_EQ(rb1.remediation_succeeded, 2);
  ASSERT_TRUE(rb1.remediation_success_ratio);
  EXPECT_DOUBLE_EQ(*rb1.remediation_success_ratio, 0.5);

  const Group& rb2 = Find(r.by_runbook, "", "RB-002");
  EXPECT_EQ(rb2.remediation_in_progress, 1);
  EXPECT_EQ(rb2.remediation_attempted, 0);
  EXPECT_FALSE(rb2.remediation_success_ratio);

  const Group& unrouted = Find(r.by_runbook, "", "");
  EXPECT_EQ(unrouted.opened, 1);

  const Group& pair = Find(r.by_severity_runbook, "SEV2", "RB-002");
  EXPECT_EQ(pair.opened, 2);
  EXPECT_EQ(pair.sla_breaches, 1);
}

TEST(ReportTest, PerIncident) {
  auto facts = Fixture();
  Report r = Build(facts, Handbook(), kNow, 30 * 24h);
  auto find = [&](int64_t id) -> const IncidentResponse& {
    for (const auto& x : r.incidents) {
      if (x.id == id) return x;
    }
    static IncidentResponse none;
    ADD_FAILURE() << "no incident " << id;
    return none;
  };
  EXPECT_EQ(find(2).time_to_acknowledge, 20min);
  EXPECT_TRUE(find(2).sla_breached);
  EXPECT_EQ(find(2).remediation, Remediation::kFailed);
  EXPECT_EQ(find(3).time_to_acknowledge, std::nullopt);
  EXPECT_EQ(find(3).time_to_resolve, 10min);
  EXPECT_FALSE(find(3).sla_breached);
  EXPECT_EQ(find(3).remediation, Remediation::kSucceeded);
  EXPECT_TRUE(find(7).paged);
  EXPECT_EQ(find(7).remediation, Remediation::kFailed);
  EXPECT_EQ(find(5).time_to_resolve, std::nullopt);
  EXPECT_EQ(find(5).remediation, Remediation::kInProgress);
  EXPECT_EQ(find(1).remediation, Remediation::kNone);
}

TEST(ReportTest, NoIncidents) {
  Report r = Build({}, Handbook(), kNow, 7 * 24h);
  EXPECT_EQ(r.total.opened, 0);
  EXPECT_EQ(r.total.sla_breaches, 0);
  EXPECT_FALSE(r.total.time_to_acknowledge.mean);
  EXPECT_FALSE(r.total.remediation_success_ratio);
  EXPECT_EQ(r.by_severity.size(), 4u);  // every configured severity, all zero
  EXPECT_TRUE(r.by_runbook.empty());
}

TEST(ReportTest, UnacknowledgedOpenIncidentBreachesOnlyPastItsResponseTime) {
  std::vector<IncidentFacts> v{Facts(1, "SEV1", "RB-001", kNow - 14min, Status::kInvestigating)};
  EXPECT_FALSE(Build(v, Handbook(), kNow, 24h).total.sla_breaches);
  EXPECT_EQ(Build(v, Handbook(), kNow + 2min, 24h).total.sla_breaches, 1);
}

TEST(ReportTest, UnknownSeverityIsCountedButNeverJudged) {
  std::vector<IncidentFacts> v{Facts(1, "P0", "", kNow - 5 * 24h, Status::kInvestigating)};
  Report r = Build(v, Handbook(), kNow, 30 * 24h);
  EXPECT_EQ(r.total.opened, 1);
  EXPECT_EQ(r.total.sla_breaches, 0);
  ASSERT_EQ(r.by_severity.size(), 5u);
  EXPECT_EQ(r.by_severity.back().severity, "P0");
}

TEST(ReportTest, ResponseTimesComeFromTheConfiguration) {
  auto cfg = config::LoadString(
      "severities:\n"
      "  - {id: SEV1, response_time: 5m}\n"
      "  - {id: SEV2, response_time: 1h}\n"
      "notifications:\n"
      "  channels:\n"
      "    - id: pd\n"
      "      type: pagerduty\n"
      "      routing_key: ${PD_KEY}\n"
      "    - id: hook\n"
      "      type: webhook\n"
      "      url: http://127.0.0.1:1/x\n"
      "      secret: ${PD_KEY}\n",
      "klaxon.yaml", config::test::MapEnv({{"PD_KEY", "0123456789abcdef0123456789abcdef"}}));
  ASSERT_TRUE(cfg) << config::test::Problems(cfg).front();
  Settings s = SettingsFrom(*cfg);
  EXPECT_EQ(s.severities, (std::vector<std::string>{"SEV1", "SEV2"}));
  EXPECT_EQ(s.paging_channels, (std::set<std::string>{"pd"}));
  // Acknowledged after 10m: within the handbook's 15m, past this 5m.
  auto f = Facts(1, "SEV1", "", kNow - 1h, Status::kInvestigating);
  f.first_ack_at = f.opened_at + 10min;
  std::vector<IncidentFacts> v{f};
  EXPECT_EQ(Build(v, s, kNow, 24h).total.sla_breaches, 1);
  EXPECT_EQ(Build(v, Handbook(), kNow, 24h).total.sla_breaches, 0);
}

TEST(ReportTest, SinceParsing) {
  EXPECT_EQ(ParseSince("30d").value(), 30 * 24h);
  EXPECT_EQ(ParseSince("12h").value(), 12h);
  for (const char* bad : {"", "30", "abc", "0", "0d", "-5d", "5y", "99999w"}) {
    auto r = ParseSince(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(r.error().message.starts_with("since: ")) << r.error().message;
  }
}

TEST(ReportTest, NearestRank) {
  Stats s = Summarize({4, 1, 3, 2});
  EXPECT_DOUBLE_EQ(*s.mean, 2.5);
  EXPECT_DOUBLE_EQ(*s.median, 2);  // ceil(0.5 * 4) = 2nd
  EXPECT_DOUBLE_EQ(*s.p90, 4);     // ceil(0.9 * 4) = 4th
  EXPECT_EQ(Summarize({}).count, 0);
}

}  // namespace
}  // namespace klaxon::report
