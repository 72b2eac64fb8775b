#pragma once
// Pure routing: an alert's labels -> which runbook handles it, at which
// severity, in which incident group. No I/O, no clock; safe to call from any
// thread once built.

#include <string>
#include <vector>

#include "core/labels.h"
#include "rules/matcher.h"

namespace klaxon::rules {

// Raise (or set) the severity when extra matchers hold, e.g. RB-008 is SEV3
// but SEV2 when level="critical". The first rule that matches wins.
struct SeverityRule {
  std::vector<Matcher> when;
  std::string severity;
};

// How one runbook claims alerts. Built from configuration.
struct RouteSpec {
  std::string runbook_id;
  std::string title;                 // incident title when no summary annotation
  std::vector<Matcher> match;        // all must hold; empty matches nothing for runbooks
  std::string severity;              // default severity id, e.g. "SEV1"
  std::vector<SeverityRule> severity_rules;
  std::vector<std::string> group_by;  // label names; incidents group by runbook + these
};

struct Decision {
  bool matched = false;        // false: the fallback (unmatched) route was used
  std::string runbook_id;      // "" for the fallback
  std::string severity;
  std::string group_key;       // stable: "RB-001|service=api"
  LabelSet group_labels;       // the group_by labels and their values
  std::string title;
};

class Router {
 public:
  // `routes` are tried in order, first match wins. `fallback` handles alerts no
  // runbook matches (its `match` is ignored): nothing is dropped.
  Router(std::vector<RouteSpec> routes, RouteSpec fallback);

  Decision Route(const LabelSet& labels) const;

  const std::vector<RouteSpec>& routes() const { return routes_; }

 private:
  Decision Decide(const RouteSpec& spec, bool matched, const LabelSet& labels) const;

  std::vector<RouteSpec> routes_;
  RouteSpec fallback_;
};

}  // namespace klaxon::rules
