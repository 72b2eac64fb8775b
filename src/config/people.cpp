#include <fmt/format.h>

#include "access/role.h"
#include "config/sections.h"

namespace klaxon::config {

const std::vector<std::string>& RoleNames() {
  static const std::vector<std::string> kNames = {"viewer", "engineer", "oncall", "lead", "admin"};
  return kNames;
}

void ParsePeople(Reader& r, const Ref& section, Catalog& catalog, std::vector<Person>& out) {
  auto items = r.Items(section);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "person", {"id", "name", "email", "slack", "phone", "role"});
    if (!m.ok()) continue;
    Person p;
    p.origin = m.origin();
    if (auto id = m.Id("id", Need::kRequired)) {
      p.id = id->value;
      catalog.Declare(Kind::kPerson, *id);
    }
    m.Read("name", p.name, Need::kRequired);
    if (auto email = m.String("email")) {
      if (email->value.find('@') == std::string::npos ||
          email->value.find(' ') != std::string::npos) {
        r.Error(email->origin, fmt::format("invalid email address {}", Describe(*email)));
      } else {
        p.email = email->value;
      }
    }
    m.Read("slack", p.slack_user);
    m.Read("phone", p.phone);
    if (const Ref* role = m.Get("role", Need::kOptional)) {
      if (auto t = r.Choice(*role, "role", RoleNames())) p.role = *access::ParseRole(t->value);
    }
    out.push_back(std::move(p));
  }
}

}  // namespace klaxon::config
