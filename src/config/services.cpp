#include "config/sections.h"

namespace klaxon::config {

void ParseServices(Reader& r, const Ref& section, Catalog& catalog, std::vector<Service>& out) {
  auto items = r.Items(section);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "service", {"id", "name", "description"});
    if (!m.ok()) continue;
    Service s;
    s.origin = m.origin();
    if (auto id = m.Id("id", Need::kRequired)) {
      s.id = id->value;
      catalog.Declare(Kind::kService, *id);
    }
    m.Read("name", s.name);
    m.Read("description", s.description);
    if (s.name.empty()) s.name = s.id;
    out.push_back(std::move(s));
  }
}

}  // namespace klaxon::config
