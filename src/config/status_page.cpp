// The `status_page` section: the public page's title and components, and
// which services and runbooks each component stands for (a suggestion for
// the publish draft; statuspage/draft.h). Nothing here is published by
// itself: a lead publishes (docs/api.md, "Status page").
#include <fmt/format.h>

#include "config/sections.h"
#include "config/url.h"

namespace klaxon::config {

void ParseStatusPage(Reader& r, const Ref& section, Catalog& catalog, StatusPageSettings& out) {
  MapReader m(r, section, "status_page", {"id", "title", "url", "components"});
  if (!m.ok()) return;
  out.origin = m.origin();
  if (auto id = m.Id("id")) out.page.id = id->value;
  m.Read("title", out.page.name);
  if (auto url = m.String("url")) {
    if (CheckHttpUrl(r, *url, "url")) {
      out.url = url->value;
      while (out.url.ends_with('/')) out.url.pop_back();
    }
  }
  const Ref* list = m.Find("components");
  if (!list) return;
  auto items = r.Items(*list);
  if (!items) return;
  std::map<std::string, Origin, std::less<>> seen;
  for (const Ref& item : *items) {
    MapReader c(r, item, "status page component",
                {"id", "name", "description", "group", "services", "runbooks"});
    if (!c.ok()) continue;
    statuspage::Component comp;
    if (auto id = c.Id("id", Need::kRequired)) {
      if (auto [it, fresh] = seen.emplace(id->value, id->origin); !fresh) {
        r.Error(id->origin, fmt::format("status page component {} is declared twice (first at line {})",
                                        Quote(id->value), it->second.line));
      }
      comp.id = id->value;
    }
    c.Read("name", comp.name);
    if (comp.name.empty()) comp.name = comp.id;
    c.Read("description", comp.description);
    c.Read("group", comp.group);
    if (const Ref* s = c.Find("services")) comp.services = ReferIds(r, *s, catalog, Kind::kService);
    if (const Ref* b = c.Find("runbooks")) comp.runbooks = ReferIds(r, *b, catalog, Kind::kRunbook);
    out.page.components.push_back(std::move(comp));
  }
}

}  // namespace klaxon::config
