#include "rules/router.h"

namespace klaxon::rules {

Router::Router(std::vector<RouteSpec> routes, RouteSpec fallback)
    : routes_(std::move(routes)), fallback_(std::move(fallback)) {}

Decision Router::Route(const LabelSet& labels) const {
  for (const auto& spec : routes_) {
    if (!spec.match.empty() && MatchesAll(spec.match, labels)) {
      return Decide(spec, true, labels);
    }
  }
  return Decide(fallback_, false, labels);
}

Decision Router::Decide(const RouteSpec& spec, bool matched, const LabelSet& labels) const {
  Decision d;
  d.matched = matched;
  d.runbook_id = matched ? spec.runbook_id : std::string();
  d.severity = spec.severity;
  for (const auto& rule : spec.severity_rules) {
    if (MatchesAll(rule.when, labels)) {
      d.severity = rule.severity;
      break;
    }
  }
  d.group_key = matched ? spec.runbook_id : std::string("unmatched");
  for (const auto& name : spec.group_by) {
    auto v = labels.GetOr(name);
    d.group_labels.Set(name, std::string(v));
    d.group_key += '|';
    d.group_key += name;
    d.group_key += '=';
    d.group_key += v;
  }
  if (!spec.title.empty()) {
    d.title = spec.title;
  } else {
    d.title = std::string(labels.GetOr("alertname", "Unrouted alert"));
  }
  return d;
}

}  // namespace klaxon::rules
