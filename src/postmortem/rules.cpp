#include "postmortem/rules.h"

#include <algorithm>

namespace klaxon::postmortem {
namespace {

bool AnyIn(const std::vector<std::string>& want, const std::vector<std::string>& have) {
  return std::any_of(want.begin(), want.end(), [&](const std::string& w) {
    return std::find(have.begin(), have.end(), w) != have.end();
  });
}

bool Holds(const Rule& r, const Subject& s) {
  if (!r.severities.empty() &&
      std::find(r.severities.begin(), r.severities.end(), s.severity) == r.severities.end()) {
    return false;
  }
  if (r.longer_than > Duration(0) && s.duration <= r.longer_than) return false;
  if (r.services.empty() && r.tags.empty() && r.runbooks.empty()) return true;
  // "Affects": any one of the lists matching is enough.
  return AnyIn(r.services, s.services) || AnyIn(r.tags, s.tags) ||
         std::find(r.runbooks.begin(), r.runbooks.end(), s.runbook) != r.runbooks.end();
}

}  // namespace

Subject SubjectOf(const incident::Incident& inc, std::string_view runbook_service,
                  const std::vector<std::string>& runbook_tags, Time now) {
  Subject s;
  s.severity = inc.severity;
  Time end = inc.resolved_at.value_or(now);
  s.duration = std::max(Duration(0), std::chrono::duration_cast<Duration>(end - inc.opened_at));
  s.runbook = inc.runbook_id;
  if (!runbook_service.empty()) s.services.emplace_back(runbook_service);
  if (auto label = inc.group_labels.Get("service"); label && !label->empty()) {
    if (std::find(s.services.begin(), s.services.end(), *label) == s.services.end()) {
      s.services.emplace_back(*label);
    }
  }
  s.tags = runbook_tags;
  return s;
}

Requirement Required(const Subject& subject, const std::vector<Rule>& rules) {
  Requirement out;
  for (const Rule& r : rules) {
    if (!Holds(r, subject)) continue;
    out.required = true;
    if (std::find(out.reasons.begin(), out.reasons.end(), r.reason) == out.reasons.end()) {
      out.reasons.push_back(r.reason);
    }
  }
  return out;
}

std::vector<Rule> HandbookRules() {
  std::vector<Rule> rules(3);
  rules[0].reason = "SEV1";
  rules[0].severities = {"SEV1"};
  rules[1].reason = "SEV2 longer than 30m";
  rules[1].severities = {"SEV2"};
  rules[1].longer_than = std::chrono::minutes(30);
  rules[2].reason = "affects payments";
  rules[2].services = {"payments"};
  rules[2].tags = {"payments"};
  return rules;
}

}  // namespace klaxon::postmortem
