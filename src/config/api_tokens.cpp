#include <fmt/format.h>

#include "access/role.h"
#include "config/sections.h"

namespace klaxon::config {

namespace {
// Short tokens are guessable; 16 characters is the least we accept.
constexpr size_t kMinTokenLength = 16;
}  // namespace

void ParseApiTokens(Reader& r, const Ref& section, Catalog& catalog, std::vector<ApiToken>& out) {
  auto items = r.Items(section);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "api token", {"name", "token", "role", "person"});
    if (!m.ok()) continue;
    ApiToken t;
    t.origin = m.origin();
    auto name = m.Id("name", Need::kRequired);
    if (name) {
      t.name = name->value;
      catalog.Declare(Kind::kApiToken, *name);
    }
    if (auto token = m.String("token", Need::kRequired)) {
      if (token->value.size() < kMinTokenLength) {
        r.Error(token->origin, fmt::format("token is too short: use at least {} characters",
                                           kMinTokenLength));
      } else {
        t.token = token->value;
        if (name) catalog.DeclareSecret(Kind::kApiToken, *name, *token);
      }
    }
    if (const Ref* role = m.Get("role", Need::kRequired)) {
      if (auto v = r.Choice(*role, "role", RoleNames())) t.role = *access::ParseRole(v->value);
    }
    if (auto person = m.Id("person")) {
      t.person = person->value;
      catalog.Refer(Kind::kPerson, *person);
    }
    out.push_back(std::move(t));
  }
}

}  // namespace klaxon::config
