#include "statuspage/public_json.h"

#include <algorithm>

#include <boost/json/array.hpp>

namespace klaxon::statuspage {
namespace {

namespace json = boost::json;

json::value TimeOrNull(const std::optional<Time>& t) {
  return t ? json::value(FormatTimestamp(*t)) : json::value(nullptr);
}

std::string GroupId(std::string_view group) {
  std::string id = "group-";
  for (char c : group) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a'), keep = true;
    id += keep ? c : '-';
  }
  return id;
}

const Component* FindComponent(const Page& page, std::string_view id) {
  for (const auto& c : page.components) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

json::object PageJson(const Snapshot& s) {
  return json::object{{"id", s.page->id},
                      {"name", s.page->name},
                      {"url", s.page->url},
                      {"time_zone", "Etc/UTC"},
                      {"updated_at", FormatTimestamp(s.updated_at)}};
}

json::object StatusOf(const Snapshot& s) {
  return json::object{{"indicator", ToString(s.indicator)}, {"description", s.description}};
}

json::object ComponentJson(const Page& page, const ComponentView& v) {
  const Component& c = *v.component;
  return json::object{{"id", c.id},
                      {"name", c.name},
                      {"status", ToString(v.status)},
                      {"created_at", FormatTimestamp(v.updated_at)},
                      {"updated_at", FormatTimestamp(v.updated_at)},
                      {"position", v.position},
                      {"description", c.description.empty() ? json::value(nullptr) : json::value(c.description)},
                      {"showcase", true},
                      {"start_date", nullptr},
                      {"group_id", c.group.empty() ? json::value(nullptr) : json::value(GroupId(c.group))},
                      {"page_id", page.id},
                      {"group", false},
                      {"only_show_if_degraded", false}};
}

// The components, then one group component per group (its status the worst of its members').
json::array ComponentsArray(const Snapshot& s) {
  json::array out;
  std::vector<std::string> groups;
  for (const auto& v : s.components) {
    out.push_back(ComponentJson(*s.page, v));
    const auto& g = v.component->group;
    if (!g.empty() && std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  }
  int position = static_cast<int>(s.components.size());
  for (const auto& g : groups) {
    ComponentStatus worst = ComponentStatus::kOperational;
    Time updated = s.now;
    bool any = false;
    json::array members;
    for (const auto& v : s.components) {
      if (v.component->group != g) continue;
      members.emplace_back(v.component->id);
      if (Severity(v.status) > Severity(worst)) worst = v.status;
      if (!any || v.updated_at > updated) updated = v.updated_at;
      any = true;
    }
    out.push_back(json::object{{"id", GroupId(g)},
                               {"name", g},
                               {"status", ToString(worst)},
                               {"created_at", FormatTimestamp(updated)},
                               {"updated_at", FormatTimestamp(updated)},
                               {"position", ++position},
                               {"description", nullptr},
                               {"showcase", false},
                               {"start_date", nullptr},
                               {"group_id", nullptr},
                               {"page_id", s.page->id},
                               {"group", true},
                               {"only_show_if_degraded", false},
                               {"components", std::move(members)}});
  }
  return out;
}

json::array AffectedComponents(const Page& page, const std::vector<ComponentState>& states) {
  json::array out;
  for (const auto& cs : states) {
    const Component* c = FindComponent(page, cs.component);
    out.push_back(json::object{{"code", cs.component},
                               {"name", c ? c->name : cs.component},
                               {"new_status", ToString(cs.status)}});
  }
  return out;
}

std::string Shortlink(const Page& page, std::string_view kind, int64_t id) {
  return page.url + "#" + std::string(kind) + "-" + std::to_string(id);
}

}  // namespace

json::object IncidentJson(const Page& page, const Incident& inc) {
  json::array updates;
  for (const auto& u : inc.updates) {
    updates.push_back(json::object{
        {"id", std::to_string(u.id)},
        {"status", ToString(u.status)},
        {"body", u.body},
        {"incident_id", std::to_string(inc.id)},
        {"created_at", FormatTimestamp(u.created_at)},
        {"updated_at", FormatTimestamp(u.created_at)},
        {"display_at", FormatTimestamp(u.created_at)},
        {"affected_components", u.components.empty() ? json::value(nullptr)
                                                     : json::value(AffectedComponents(page, u.components))}});
  }
  json::array components;
  for (const auto& cs : inc.components) {
    const Component* c = FindComponent(page, cs.component);
    components.push_back(json::object{{"id", cs.component},
                                      {"name", c ? c->name : cs.component},
                                      {"status", ToString(cs.status)},
                                      {"page_id", page.id}});
  }
  return json::object{{"id", std::to_string(inc.id)},
                      {"name", inc.name},
                      {"status", ToString(inc.status)},
                      {"impact", ToString(inc.impact)},
                      {"created_at", FormatTimestamp(inc.created_at)},
                      {"updated_at", FormatTimestamp(inc.updated_at)},
                      {"started_at", FormatTimestamp(inc.created_at)},
                      {"monitoring_at", TimeOrNull(inc.monitoring_at)},
                      {"resolved_at", TimeOrNull(inc.resolved_at)},
                      {"shortlink", Shortlink(page, "incident", inc.id)},
                      {"page_id", page.id},
                      {"incident_updates", std::move(updates)},
                      {"components", std::move(components)}};
}

json::object MaintenanceJson(const Page& page, const Maintenance& m, MaintenanceStatus status) {
  json::array components;
  for (const auto& id : m.components) {
    const Component* c = FindComponent(page, id);
    components.push_back(json::object{{"id", id},
                                      {"name", c ? c->name : id},
                                      {"status", status == MaintenanceStatus::kInProgress
                                                     ? "under_maintenance"
                                                     : "operational"},
                                      {"page_id", page.id}});
  }
  // What the window says, as one update in its current state.
  Time at = status == MaintenanceStatus::kScheduled   ? m.created_at
            : status == MaintenanceStatus::kInProgress ? m.scheduled_for
                                                       : m.scheduled_until;
  json::array updates;
  updates.push_back(json::object{{"id", std::to_string(m.id) + "-" + std::string(ToString(status))},
                                 {"status", ToString(status)},
                                 {"body", m.body},
                                 {"incident_id", std::to_string(m.id)},
                                 {"created_at", FormatTimestamp(at)},
                                 {"updated_at", FormatTimestamp(at)},
                                 {"display_at", FormatTimestamp(at)},
                                 {"affected_components", nullptr}});
  return json::object{{"id", std::to_string(m.id)},
                      {"name", m.name},
                      {"status", ToString(status)},
                      {"impact", "maintenance"},
                      {"created_at", FormatTimestamp(m.created_at)},
                      {"updated_at", FormatTimestamp(at)},
                      {"started_at", FormatTimestamp(m.scheduled_for)},
                      {"monitoring_at", nullptr},
                      {"resolved_at", status == MaintenanceStatus::kCompleted
                                          ? json::value(FormatTimestamp(m.scheduled_until))
                                          : json::value(nullptr)},
                      {"shortlink", Shortlink(page, "maintenance", m.id)},
                      {"scheduled_for", FormatTimestamp(m.scheduled_for)},
                      {"scheduled_until", FormatTimestamp(m.scheduled_until)},
                      {"page_id", page.id},
                      {"incident_updates", std::move(updates)},
                      {"components", std::move(components)}};
}

json::object StatusJson(const Snapshot& s) {
  return json::object{{"page", PageJson(s)}, {"status", StatusOf(s)}};
}

json::object ComponentsJson(const Snapshot& s) {
  return json::object{{"page", PageJson(s)}, {"components", ComponentsArray(s)}};
}

json::object IncidentsJson(const Snapshot& s, bool unresolved_only) {
  json::array list;
  for (const Incident* inc : unresolved_only ? s.unresolved : s.history) {
    list.push_back(IncidentJson(*s.page, *inc));
  }
  return json::object{{"page", PageJson(s)}, {"incidents", std::move(list)}};
}

json::object MaintenancesJson(const Snapshot& s, MaintenanceFilter filter) {
  json::array list;
  for (const auto& mv : s.maintenances) {
    if (filter == MaintenanceFilter::kUpcoming && mv.status != MaintenanceStatus::kScheduled) continue;
    if (filter == MaintenanceFilter::kActive && mv.status != MaintenanceStatus::kInProgress) continue;
    list.push_back(MaintenanceJson(*s.page, *mv.maintenance, mv.status));
  }
  return json::object{{"page", PageJson(s)}, {"scheduled_maintenances", std::move(list)}};
}

json::object SummaryJson(const Snapshot& s) {
  json::array maintenances;
  for (const auto& mv : s.maintenances) {
    if (mv.status == MaintenanceStatus::kCompleted) continue;
    maintenances.push_back(MaintenanceJson(*s.page, *mv.maintenance, mv.status));
  }
  json::array incidents;
  for (const Incident* inc : s.unresolved) incidents.push_back(IncidentJson(*s.page, *inc));
  return json::object{{"page", PageJson(s)},
                      {"status", StatusOf(s)},
                      {"components", ComponentsArray(s)},
                      {"incidents", std::move(incidents)},
                      {"scheduled_maintenances", std::move(maintenances)}};
}

}  // namespace klaxon::statuspage
