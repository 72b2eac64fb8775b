#include "report/exposition.h"

#include <string>

namespace klaxon::report {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

void AddSummary(metrics::CollectedFamily& f, const Labels& labels, const Stats& s) {
  if (s.count == 0) return;  // no quantiles of nothing
  for (auto [q, v] : {std::pair{"0.5", *s.median}, std::pair{"0.9", *s.p90}}) {
    Labels with = labels;
    with.emplace_back("quantile", q);
    f.samples.push_back({f.name, std::move(with), v});
  }
  f.samples.push_back({f.name + "_sum", labels, *s.mean * static_cast<double>(s.count)});
  f.samples.push_back({f.name + "_count", labels, static_cast<double>(s.count)});
}

}  // namespace

std::vector<metrics::CollectedFamily> Families(const Report& r) {
  metrics::CollectedFamily tta{"klaxon_incidents_time_to_acknowledge_seconds",
                               "Time from opening to the first acknowledgement of the incidents "
                               "opened in the report window, by severity and runbook.",
                               "summary", {}};
  metrics::CollectedFamily ttr{"klaxon_incidents_time_to_resolve_seconds",
                               "Time from opening to resolution of the incidents opened in the "
                               "report window and resolved, by severity and runbook.",
                               "summary", {}};
  for (const Group& g : r.by_severity_runbook) {
    Labels labels{{"severity", g.severity}, {"runbook", g.runbook_id}};
    AddSummary(tta, labels, g.time_to_acknowledge);
    AddSummary(ttr, labels, g.time_to_resolve);
  }

  metrics::CollectedFamily counts{"klaxon_report_incidents",
                                  "Incidents opened in the report window, by severity and state "
                                  "(opened, acknowledged, resolved, open).",
                                  "gauge", {}};
  metrics::CollectedFamily breaches{"klaxon_sla_breaches",
                                    "Incidents opened in the report window that were not "
                                    "acknowledged within their severity's response time.",
                                    "gauge", {}};
  for (const Group& g : r.by_severity) {
    for (auto [state, n] : {std::pair{"opened", g.opened}, std::pair{"acknowledged", g.acknowledged},
                            std::pair{"resolved", g.resolved}, std::pair{"open", g.open}}) {
      counts.samples.push_back({counts.name, {{"severity", g.severity}, {"state", state}},
                                static_cast<double>(n)});
    }
    breaches.samples.push_back(
        {breaches.name, {{"severity", g.severity}}, static_cast<double>(g.sla_breaches)});
  }

  metrics::CollectedFamily ratio{"klaxon_remediation_success_ratio",
                                 "Share of the finished automated remediations (incidents opened "
                                 "in the report window) that recovered the incident with nobody "
                                 "paged, by runbook.",
                                 "gauge", {}};
  metrics::CollectedFamily remediations{"klaxon_report_remediations",
                                        "Incidents opened in the report window whose runbook's "
                                        "automated actions ran, by runbook and result.",
                                        "gauge", {}};
  for (const Group& g : r.by_runbook) {
    if (g.remediation_success_ratio) {
      ratio.samples.push_back({ratio.name, {{"runbook", g.runbook_id}}, *g.remediation_success_ratio});
    }
    if (g.remediation_attempted + g.remediation_in_progress == 0) continue;
    int64_t failed = g.remediation_attempted - g.remediation_succeeded;
    for (auto [result, n] : {std::pair{"succeeded", g.remediation_succeeded}, std::pair{"failed", failed},
                             std::pair{"in_progress", g.remediation_in_progress}}) {
      remediations.samples.push_back({remediations.name,
                                      {{"runbook", g.runbook_id}, {"result", result}},
                                      static_cast<double>(n)});
    }
  }

  metrics::CollectedFamily window{"klaxon_report_window_seconds",
                                  "The window the klaxon_report_*, klaxon_incidents_time_to_*, "
                                  "klaxon_sla_breaches and klaxon_remediation_success_ratio "
                                  "metrics cover (incidents opened within it).",
                                  "gauge", {}};
  window.samples.push_back(
      {window.name, {}, static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(r.since).count())});
  return {std::move(tta), std::move(ttr), std::move(counts), std::move(breaches),
          std::move(ratio), std::move(remediations), std::move(window)};
}

}  // namespace klaxon::report
