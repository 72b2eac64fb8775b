#pragma once
// A response report as Prometheus families, for /metrics (app/serve.cpp
// computes the report at scrape time over kMetricsWindow and renders these).
// Every value is over the report's window, so none is a counter: the
// summaries' _sum and _count and the gauges go down as incidents leave the
// window (use them as gauges: mean = _sum / _count, never rate()).
//
//   klaxon_incidents_time_to_acknowledge_seconds{severity,runbook}  summary (0.5, 0.9)
//   klaxon_incidents_time_to_resolve_seconds{severity,runbook}      summary (0.5, 0.9)
//   klaxon_report_incidents{severity,state}       opened | acknowledged | resolved | open
//   klaxon_sla_breaches{severity}                 response-time breaches
//   klaxon_remediation_success_ratio{runbook}     runbooks with finished remediations only
//   klaxon_report_remediations{runbook,result}    succeeded | failed | in_progress
//   klaxon_report_window_seconds                  the window itself

#include <vector>

#include "metrics/metrics.h"
#include "report/report.h"

namespace klaxon::report {

// The window /metrics reports over, and the most incidents it reads (the
// newest); a scrape costs one bounded read.
inline constexpr Duration kMetricsWindow = std::chrono::days(30);
inline constexpr int kMetricsIncidentLimit = 10000;

std::vector<metrics::CollectedFamily> Families(const Report& report);

}  // namespace klaxon::report
