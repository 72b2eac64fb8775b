#include "config/sections.h"

namespace klaxon::config {

void ParseSeverities(Reader& r, const Ref& section, Catalog& catalog,
                     std::vector<Severity>& out) {
  auto items = r.Items(section);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "severity",
                {"id", "name", "definition", "response_time", "update_every", "examples",
                  "escalation_policy"});
    if (!m.ok()) continue;
    Severity s;
    s.origin = m.origin();
    if (auto id = m.Id("id", Need::kRequired)) {
      s.id = id->value;
      catalog.Declare(Kind::kSeverity, *id);
    }
    m.Read("name", s.name);
    m.Read("definition", s.definition);
    m.ReadDuration("response_time", s.response_time, /*allow_zero=*/false, Need::kRequired);
    if (!m.Find("update_every")) s.update_every = s.response_time;
    m.ReadDuration("update_every", s.update_every, /*allow_zero=*/false);
    m.Read("examples", s.examples);
    if (auto policy = m.Id("escalation_policy", Need::kOptional)) {
      s.escalation_policy = policy->value;
      catalog.Refer(Kind::kEscalationPolicy, *policy);
    }
    if (s.name.empty()) s.name = s.id;
    out.push_back(std::move(s));
  }
}

}  // namespace klaxon::config
