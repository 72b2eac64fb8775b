#include "config/sections.h"

namespace klaxon::config {

void ParseIntegrations(Reader& r, const Ref& section, Catalog& catalog,
                       std::vector<Integration>& out) {
  auto items = r.Items(section);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "integration", {"id", "type", "key", "description"});
    if (!m.ok()) continue;
    Integration in;
    in.origin = m.origin();
    auto id = m.Id("id", Need::kRequired);
    if (id) {
      in.id = id->value;
      catalog.Declare(Kind::kIntegration, *id);
    }
    if (const Ref* type = m.Get("type", Need::kRequired)) {
      if (auto t = r.Choice(*type, "integration type", {"alertmanager", "pagerduty", "generic", "heartbeat"})) {
        in.type = t->value;
      }
    }
    if (auto key = m.String("key", Need::kRequired)) {
      in.key = key->value;
      if (id) catalog.DeclareSecret(Kind::kIntegration, *id, *key);
    }
    m.Read("description", in.description);
    out.push_back(std::move(in));
  }
}

}  // namespace klaxon::config
