#pragma once
// Response metrics: how fast incidents were acknowledged and resolved, which
// missed their severity's response time, and how often a runbook's automated
// actions fixed an incident without anyone being paged. A pure projection of
// stored facts (store::Store::ListResponseFacts): no clock, no I/O; `now` is
// the caller's (the injected clock).
//
// Definitions (docs/api.md#reports repeats them for readers):
//   time to acknowledge  opened_at -> the first acknowledgement (a re-opened
//                        incident keeps its first one)
//   time to resolve      opened_at -> resolved_at; open incidents have none
//                        (they are counted as open, never in MTTR)
//   SLA breach           acknowledged later than opened_at + the severity's
//                        response_time, or not acknowledged by then while it
//                        was open (resolved after it, or still open past it).
//                        An incident of a severity the configuration no
//                        longer has is never judged.
//   remediation          an incident whose runbook's automated actions ran
//                        (dry runs do not count) is `attempted` once its
//                        latest run ended, `in_progress` before; it
//                        `succeeded` when that run ended recovered or
//                        completed, the incident is Monitoring or Resolved,
//                        and nobody was paged: no escalation level was paged
//                        and no paging channel (type pagerduty) was sent
//                        anything about it. success_ratio = succeeded /
//                        attempted.
//   mean, median, p90    over the incidents that have the duration; the
//                        median and p90 are nearest-rank (the smallest value
//                        with at least 50 % / 90 % of the values at or below it).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "incident/incident.h"
#include "report/facts.h"

namespace klaxon::config {
struct Config;
}

namespace klaxon::report {

// What the configuration says the report needs.
struct Settings {
  std::vector<std::string> severities;          // most severe first
  std::map<std::string, Duration> response_time;  // by severity id
  std::set<std::string> paging_channels;        // channel ids of type pagerduty
};
Settings SettingsFrom(const config::Config& config);

// Durations over a set of incidents, in seconds; empty when count is 0.
struct Stats {
  int64_t count = 0;
  std::optional<double> mean, median, p90;
};
Stats Summarize(std::vector<double> seconds);

enum class Remediation { kNone, kInProgress, kSucceeded, kFailed };
std::string_view ToString(Remediation r);  // "none", "in_progress", "succeeded", "failed"

struct IncidentResponse {
  int64_t id = 0;
  std::string severity;
  std::string runbook_id;
  incident::Status status = incident::Status::kInvestigating;
  Time opened_at{};
  std::optional<Duration> time_to_acknowledge;
  std::optional<Duration> time_to_resolve;
  bool sla_breached = false;
  bool paged = false;
  Remediation remediation = Remediation::kNone;
};

// One group of incidents: every incident (both keys ""), one severity, one
// runbook, or one (severity, runbook) pair.
struct Group {
  std::string severity;   // "" unless grouped by severity
  std::string runbook_id; // "" unless grouped by runbook ("" is also the unrouted runbook)
  int64_t opened = 0;     // incidents in the window
  int64_t acknowledged = 0;
  int64_t resolved = 0;
  int64_t open = 0;       // not resolved
  int64_t unacknowledged = 0;
  int64_t sla_breaches = 0;
  Stats time_to_acknowledge;
  Stats time_to_resolve;
  // Remediation (see above).
  int64_t remediation_attempted = 0;
  int64_t remediation_succeeded = 0;
  int64_t remediation_in_progress = 0;
  std::optional<double> remediation_success_ratio;  // nullopt without attempts
};

struct Report {
  Time from{};  // now - since: incidents opened at or after it
  Time to{};    // now
  Duration since{};
  Group total;
  std::vector<Group> by_severity;           // configured severities first, in order, then others
  std::vector<Group> by_runbook;            // runbooks with incidents, by id
  std::vector<Group> by_severity_runbook;   // pairs with incidents
  std::vector<IncidentResponse> incidents;  // newest first, as given
};

// The report over `facts` (incidents opened at or after now - since; others
// are ignored) at `now`.
Report Build(std::span<const IncidentFacts> facts, const Settings& settings, Time now,
             Duration since);

// A report window from text: "30d", "12h", "2w"; kInvalidArgument with a
// reason naming `what` otherwise (empty, unparsable, zero or negative).
Result<Duration> ParseSince(std::string_view text, std::string_view what = "since");

}  // namespace klaxon::report
