#pragma once
// Whether an incident needs a post-mortem: pure, from configurable rules.
// The handbook's rules are "SEV1", "SEV2 longer than 30 minutes" and "any
// incident affecting payments"; docs/configuration.md (`postmortems`) shows
// how they are written.

#include <string>
#include <vector>

#include "core/time.h"
#include "incident/incident.h"

namespace klaxon::postmortem {

// One rule. It holds when every condition it sets holds (an unset condition
// always holds); a post-mortem is required when any rule holds.
struct Rule {
  std::string reason;                   // shown on the timeline: "SEV2 longer than 30m"
  std::vector<std::string> severities;  // any of these; empty: any severity
  Duration longer_than{0};              // duration strictly longer; 0: any duration
  // What the incident affects. With any of these lists set, the rule needs
  // one of them to match: the incident affects one of `services` (its
  // runbook's service or its `service` label), or its runbook carries one of
  // `tags`, or its runbook is one of `runbooks`.
  std::vector<std::string> services;
  std::vector<std::string> tags;
  std::vector<std::string> runbooks;
};

// What the rules look at, taken from a resolved incident and its runbook.
struct Subject {
  std::string severity;
  Duration duration{0};                // opened -> resolved
  std::string runbook;
  std::vector<std::string> services;   // the runbook's service and the `service` label
  std::vector<std::string> tags;       // the runbook's tags
};

// `runbook_service` and `runbook_tags` come from the incident's runbook
// ("" and {} without one). Duration runs to resolved_at, or to `now` while open.
Subject SubjectOf(const incident::Incident& incident, std::string_view runbook_service,
                  const std::vector<std::string>& runbook_tags, Time now);

struct Requirement {
  bool required = false;
  std::vector<std::string> reasons;  // the reason of each rule that holds, in rule order
};

Requirement Required(const Subject& subject, const std::vector<Rule>& rules);

// The handbook's rules: SEV1; SEV2 longer than 30m; services [payments] or
// runbooks tagged payments.
std::vector<Rule> HandbookRules();

}  // namespace klaxon::postmortem
