#pragma once
// The stored facts a response report is computed from (report/report.h), one
// value per incident, as store::Store::ListResponseFacts reads them. Kept
// apart from the report so the store's interface needs only this header.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "incident/incident.h"

namespace klaxon::report {

// What a report needs of one incident, as the store reads it.
struct IncidentFacts {
  int64_t id = 0;
  std::string severity;
  std::string runbook_id;  // "" when no runbook matched
  incident::Status status = incident::Status::kInvestigating;
  Time opened_at{};
  std::optional<Time> first_ack_at;  // the earliest `acknowledged` line
  std::optional<Time> resolved_at;   // set while resolved
  bool escalated = false;            // an escalation level was paged (an `escalated` line)
  std::vector<std::string> notified_channels;  // channels the outbox holds rows for
  int remediation_runs = 0;          // runs of the runbook's actions, dry runs left out
  // The latest such run's outcome ("recovered", "completed", "failed", ...);
  // "" while it is still going on or when there is none.
  std::string remediation_outcome;
};

}  // namespace klaxon::report
