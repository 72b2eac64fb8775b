#include "engine/escalation_rules.h"

namespace klaxon::engine {

incident::EscalationRules EscalationRulesFrom(const config::Config& config) {
  incident::EscalationRules rules;
  for (const auto& p : config.escalation_policies) rules.policies.push_back(p.spec);
  for (const auto& s : config.schedules) rules.schedules.push_back(s.spec);
  std::vector<std::string> runbooks{""};
  for (const auto& rb : config.runbooks) runbooks.push_back(rb.id);
  for (const auto& sev : config.severities) {
    rules.response_time[sev.id] = sev.response_time;
    for (const auto& rb : runbooks) {
      if (const auto* p = config.EscalationFor(rb, sev.id)) {
        rules.policy_for[{rb, sev.id}] = p->spec.id;
      }
    }
  }
  return rules;
}

}  // namespace klaxon::engine
