#include "report/exposition.h"

#include <gtest/gtest.h>

namespace klaxon::report {
namespace {

using namespace std::chrono_literals;

TEST(ExpositionTest, ReportAsPrometheusText) {
  const Time now = *ParseTimestamp("2026-11-10T00:00:00Z");
  Settings s;
  s.severities = {"SEV1", "SEV2"};
  s.response_time = {{"SEV1", 15min}, {"SEV2", 1h}};
  s.paging_channels = {"pd"};
  std::vector<IncidentFacts> facts(3);
  // SEV1 RB-001 acked after 10m, resolved after 1h, remediation recovered it.
  facts[0].id = 1;
  facts[0].severity = "SEV1";
  facts[0].runbook_id = "RB-001";
  facts[0].status = incident::Status::kResolved;
  facts[0].opened_at = now - 48h;
  facts[0].first_ack_at = facts[0].opened_at + 10min;
  facts[0].resolved_at = facts[0].opened_at + 1h;
  facts[0].remediation_runs = 1;
  facts[0].remediation_outcome = "recovered";
  // SEV1 RB-001 acked after 30m (a breach), still open; remediation failed.
  facts[1] = facts[0];
  facts[1].id = 2;
  facts[1].status = incident::Status::kFixing;
  facts[1].first_ack_at = facts[1].opened_at + 30min;
  facts[1].resolved_at.reset();
  facts[1].remediation_outcome = "failed";
  // Opened before the window.
  facts[2] = facts[0];
  facts[2].id = 3;
  facts[2].opened_at = now - 40 * 24h;

  metrics::Registry registry;
  Report r = Build(facts, s, now, kMetricsWindow);
  registry.AddFamilyCollector([&] { return Families(r); });
  std::string text = registry.Render();
  for (const char* line : {
           "# TYPE klaxon_incidents_time_to_acknowledge_seconds summary\n",
           "klaxon_incidents_time_to_acknowledge_seconds{severity=\"SEV1\",runbook=\"RB-001\",quantile=\"0.5\"} 600\n",
           "klaxon_incidents_time_to_acknowledge_seconds{severity=\"SEV1\",runbook=\"RB-001\",quantile=\"0.9\"} 1800\n",
           "klaxon_incidents_time_to_acknowledge_seconds_sum{severity=\"SEV1\",runbook=\"RB-001\"} 2400\n",
           "klaxon_incidents_time_to_acknowledge_seconds_count{severity=\"SEV1\",runbook=\"RB-001\"} 2\n",
           "klaxon_incidents_time_to_resolve_seconds_sum{severity=\"SEV1\",runbook=\"RB-001\"} 3600\n",
           "klaxon_incidents_time_to_resolve_seconds_count{severity=\"SEV1\",runbook=\"RB-001\"} 1\n",
           "klaxon_report_incidents{severity=\"SEV1\",state=\"opened\"} 2\n",
           "klaxon_report_incidents{severity=\"SEV1\",state=\"open\"} 1\n",
           "klaxon_report_incidents{severity=\"SEV2\",state=\"opened\"} 0\n",
           "# TYPE klaxon_sla_breaches gauge\n",
           "klaxon_sla_breaches{severity=\"SEV1\"} 1\n",
           "klaxon_sla_breaches{severity=\"SEV2\"} 0\n",
           "klaxon_remediation_success_ratio{runbook=\"RB-001\"} 0.5\n",
           "klaxon_report_remediations{runbook=\"RB-001\",result=\"failed\"} 1\n",
           "klaxon_report_window_seconds 2592000\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
  }
  // No quantiles of nothing: SEV2 has no incidents.
  EXPECT_EQ(text.find("time_to_acknowledge_seconds{severity=\"SEV2\""), std::string::npos);
}

TEST(ExpositionTest, NoIncidentsStillDeclaresTheFamilies) {
  Settings s;
  s.severities = {"SEV1"};
  s.response_time = {{"SEV1", 15min}};
  metrics::Registry registry;
  Report r = Build({}, s, *ParseTimestamp("2026-11-10T00:00:00Z"), kMetricsWindow);
  registry.AddFamilyCollector([&] { return Families(r); });
  std::string text = registry.Render();
  EXPECT_NE(text.find("# TYPE klaxon_incidents_time_to_acknowledge_seconds summary\n"), std::string::npos);
  EXPECT_NE(text.find("klaxon_sla_breaches{severity=\"SEV1\"} 0\n"), std::string::npos);
  EXPECT_EQ(text.find("klaxon_remediation_success_ratio{"), std::string::npos);
}

}  // namespace
}  // namespace klaxon::report
