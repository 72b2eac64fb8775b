#include <fmt/format.h>

#include "config/sections.h"
#include "rules/matcher.h"

namespace klaxon::config {
namespace {

// A list of matcher strings such as alertname="ApiDown".
std::optional<std::vector<rules::Matcher>> ParseMatchers(Reader& r, const Ref& list) {
  auto texts = r.Strings(list);
  if (!texts) return std::nullopt;
  std::vector<rules::Matcher> out;
  bool ok = true;
  for (const Text& t : *texts) {
    auto matcher = rules::Matcher::Parse(t.value);
    if (matcher) {
      out.push_back(std::move(*matcher));
      continue;
    }
    ok = false;
    // The matcher parser quotes its input; an expanded value must not be shown.
    r.Error(t.origin, t.env_vars.empty()
                          ? matcher.error().message
                          : fmt::format("invalid matcher {}: expected name=\"value\", "
                                        "name!=\"value\", name=~\"regex\" or name!~\"regex\"",
                                        Describe(t)));
  }
  if (!ok) return std::nullopt;
  return out;
}

void ParseSeverityRules(Reader& r, const Ref& list, Catalog& catalog,
                        std::vector<rules::SeverityRule>& out) {
  auto items = r.Items(list);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "severity rule", {"when", "severity"});
    if (!m.ok()) continue;
    rules::SeverityRule rule;
    if (const Ref* when = m.Get("when", Need::kRequired)) {
      if (auto matchers = ParseMatchers(r, *when)) {
        if (matchers->empty()) {
          r.Error(when->origin, "\"when\" needs at least one matcher (an empty list always "
                                "matches; set the runbook's severity instead)");
        }
        rule.when = std::move(*matchers);
      }
    }
    if (auto severity = m.Id("severity", Need::kRequired)) {
      rule.severity = severity->value;
      catalog.Refer(Kind::kSeverity, *severity);
    }
    out.push_back(std::move(rule));
  }
}

void ParseRunbook(Reader& r, const Ref& item, Catalog& catalog, Runbook& rb,
                  bool& inherits_group_by) {
  MapReader m(r, item, "runbook",
              {"id", "title", "description", "service", "tags", "severity", "severity_rules",
               "match", "group_by", "symptoms", "auto_remediate", "actions", "investigation",
               "resolution", "communication", "escalation_policy", "remediation", "messages"});
  if (!m.ok()) return;
  rb.origin = m.origin();
  if (auto id = m.Id("id", Need::kRequired)) {
    rb.id = id->value;
    catalog.Declare(Kind::kRunbook, *id);
  }
  m.Read("title", rb.title, Need::kRequired);
  m.Read("description", rb.description);
  if (auto service = m.Id("service")) {
    rb.service = service->value;
    catalog.Refer(Kind::kService, *service);
  }
  m.Read("tags", rb.tags);
  if (auto severity = m.Id("severity", Need::kRequired)) {
    rb.route.severity = severity->value;
    catalog.Refer(Kind::kSeverity, *severity);
  }
  if (auto policy = m.Id("escalation_policy")) {
    rb.escalation_policy = policy->value;
    catalog.Refer(Kind::kEscalationPolicy, *policy);
  }
  if (const Ref* rules = m.Get("severity_rules", Need::kOptional)) {
    ParseSeverityRules(r, *rules, catalog, rb.route.severity_rules);
  }
  if (const Ref* match = m.Get("match", Need::kOptional)) {
    if (auto matchers = ParseMatchers(r, *match)) rb.route.match = std::move(*matchers);
  }
  if (const Ref* group_by = m.Get("group_by", Need::kOptional)) {
    if (auto names = r.LabelNames(*group_by)) rb.route.group_by = std::move(*names);
  } else {
    inherits_group_by = true;
  }
  m.Read("symptoms", rb.symptoms);
  m.ReadBool("auto_remediate", rb.auto_remediate);
  if (const Ref* actions = m.Get("actions", Need::kOptional)) {
    if (auto items = r.Items(*actions)) {
      for (const Ref& a : *items) {
        if (auto action = ParseAction(r, a)) rb.actions.push_back(std::move(*action));
      }
      if (rb.auto_remediate && items->empty()) {
        r.Error(actions->origin, "auto_remediate is true but \"actions\" is empty");
      }
    }
  } else if (rb.auto_remediate) {
    r.Error(m.Find("auto_remediate")->origin,
            "auto_remediate is true but the runbook has no \"actions\"");
  }
  if (const Ref* messages = m.Find("messages")) {
    ParseMessages(r, *messages, rb.id.empty() ? "runbook messages" : "runbook " + rb.id + " messages",
                  rb.messages);
  }
  if (const Ref* remediation = m.Get("remediation", Need::kOptional)) {
    ParseRunbookRemediation(r, *remediation, rb.remediation);
  }
  if (const Ref* steps = m.Get("investigation", Need::kOptional)) {
    ParseInvestigation(r, *steps, rb.investigation);
  }
  if (const Ref* rows = m.Get("resolution", Need::kOptional)) {
    ParseResolution(r, *rows, rb.resolution);
  }
  if (const Ref* comms = m.Get("communication", Need::kOptional)) {
    ParseCommunication(r, *comms, rb.communication);
  }
  rb.route.runbook_id = rb.id;
  rb.route.title = rb.title;
}

}  // namespace

void ParseRunbooks(Reader& r, const Ref& section, Catalog& catalog, std::vector<Runbook>& out,
                   std::vector<size_t>& inherits_group_by) {
  auto items = r.Items(section);
  if (!items) return;
  for (const Ref& item : *items) {
    Runbook rb;
    bool inherits = false;
    ParseRunbook(r, item, catalog, rb, inherits);
    if (inherits) inherits_group_by.push_back(out.size());
    out.push_back(std::move(rb));
  }
}

}  // namespace klaxon::config
