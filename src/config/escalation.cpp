// `escalation_policies`: who is paged, in which order, and how long each level
// waits for an acknowledgement. Levels name schedules and people (checked as
// references); a level without `timeout` waits the incident's severity
// response time. A policy that loads passes escalate::Validate.
#include <fmt/format.h>

#include "config/sections.h"
#include "escalate/policy.h"

namespace klaxon::config {
namespace {

void ReadIds(Reader& r, MapReader& m, std::string_view key, Kind kind, Catalog& catalog,
             std::vector<std::string>& out) {
  const Ref* list = m.Get(key, Need::kOptional);
  if (!list) return;
  auto items = r.Items(*list);
  if (!items) return;
  for (const Ref& item : *items) {
    if (auto id = r.Id(item)) {
      catalog.Refer(kind, *id);
      out.push_back(id->value);
    }
  }
}

std::optional<escalate::Level> ParseLevel(Reader& r, const Ref& item, Catalog& catalog) {
  MapReader m(r, item, "escalation level", {"schedules", "people", "timeout"});
  if (!m.ok()) return std::nullopt;
  escalate::Level level;
  ReadIds(r, m, "schedules", Kind::kSchedule, catalog, level.schedules);
  ReadIds(r, m, "people", Kind::kPerson, catalog, level.people);
  if (m.Find("timeout")) {
    Duration timeout{};
    if (m.ReadDuration("timeout", timeout, /*allow_zero=*/false)) level.timeout = timeout;
  }
  if (level.schedules.empty() && level.people.empty()) {
    r.Error(m.origin(), "an escalation level needs at least one of schedules or people");
    return std::nullopt;
  }
  return level;
}

}  // namespace

void ParseEscalationPolicies(Reader& r, const Ref& section, Catalog& catalog,
                             std::vector<EscalationPolicy>& out) {
  auto items = r.Items(section);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "escalation policy", {"id", "name", "levels", "repeat"});
    if (!m.ok()) continue;
    EscalationPolicy p;
    p.origin = m.origin();
    if (auto id = m.Id("id", Need::kRequired)) {
      p.spec.id = id->value;
      catalog.Declare(Kind::kEscalationPolicy, *id);
    }
    m.Read("name", p.spec.name);
    if (p.spec.name.empty()) p.spec.name = p.spec.id;
    if (const Ref* levels = m.Get("levels", Need::kRequired)) {
      if (auto list = r.Items(*levels)) {
        if (list->empty()) r.Error(levels->origin, "an escalation policy needs at least one level");
        for (const Ref& l : *list) {
          if (auto level = ParseLevel(r, l, catalog)) p.spec.levels.push_back(std::move(*level));
        }
      }
    }
    m.ReadInt("repeat", p.spec.repeat, 0, 10);
    out.push_back(std::move(p));
  }
}

}  // namespace klaxon::config
