#include "cli/status.h"

#include <iostream>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace klaxon::cli {
namespace {

namespace json = boost::json;

// "payments=partial_outage" -> {"id": "payments", "status": "partial_outage"}.
bool ComponentStates(const std::vector<std::string>& specs, json::object& body) {
  if (specs.empty()) return true;
  json::array list;
  for (const auto& s : specs) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size()) {
      std::cerr << fmt::format("klaxon: --component takes id=status (e.g. payments=partial_outage), not \"{}\"\n", s);
      return false;
    }
    list.push_back(json::object{{"id", s.substr(0, eq)}, {"status", s.substr(eq + 1)}});
  }
  body["components"] = std::move(list);
  return true;
}

void Set(json::object& body, std::string_view key, const std::string& value) {
  if (!value.empty()) body[key] = value;
}

// Prints a status incident as the server answered it.
int PrintIncident(const ClientOptions& c, const Answer& a, std::string_view verb) {
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
    return 0;
  }
  std::cout << fmt::format("{} status incident {} ({}): \"{}\" - {}, impact {}\n", verb, Str(a.body, "id"),
                           Str(a.body, "incident"), Str(a.body, "name"), Str(a.body, "status"),
                           Str(a.body, "impact"));
  const auto* updates = a.body.as_object().if_contains("incident_updates");
  if (updates && updates->is_array() && !updates->as_array().empty()) {
    std::cout << "  " << Str(updates->as_array().front(), "body") << "\n";
  }
  return 0;
}

int PrintMaintenance(const ClientOptions& c, const Answer& a, std::string_view verb) {
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
    return 0;
  }
  std::cout << fmt::format("{} maintenance {}: \"{}\" {} to {} ({})\n", verb, Str(a.body, "id"), Str(a.body, "name"),
                           Str(a.body, "scheduled_for"), Str(a.body, "scheduled_until"), Str(a.body, "status"));
  return 0;
}

}  // namespace

int StatusDraft(const ClientOptions& c, const std::string& incident) {
  auto a = Call(c, "GET", "/api/v1/incidents/" + Encode(incident) + "/publish");
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
    return 0;
  }
  const auto& d = a.body.at("draft");
  std::cout << fmt::format("Title:  {}\nStatus: {}\nImpact: {}\n", Str(d, "name"), Str(d, "status"), Str(d, "impact"));
  for (const auto& comp : d.at("components").as_array()) {
    std::cout << fmt::format("Component: {} {}\n", Str(comp, "id"), Str(comp, "status"));
  }
  std::cout << "\n" << Str(d, "body") << "\n";
  if (!a.body.at("published").is_null()) {
    const auto& p = a.body.at("published");
    std::cout << fmt::format("\nAlready published as status incident {} ({})\n", Str(p, "id"), Str(p, "status"));
  }
  return 0;
}

int StatusPublish(const ClientOptions& c, const std::string& incident, const StatusOptions& o) {
  json::object body;
  Set(body, "name", o.title);
  Set(body, "body", o.body);
  Set(body, "status", o.status);
  Set(body, "impact", o.impact);
  if (!ComponentStates(o.components, body)) return 2;
  return PrintIncident(c, Call(c, "POST", "/api/v1/incidents/" + Encode(incident) + "/publish", json::serialize(body)),
                       "Published as");
}

int StatusUpdate(const ClientOptions& c, const std::string& id, const StatusOptions& o, bool resolve) {
  json::object body;
  Set(body, "name", o.title);
  Set(body, "body", o.body);
  Set(body, "status", o.status);
  Set(body, "impact", o.impact);
  if (!ComponentStates(o.components, body)) return 2;
  std::string path = "/api/v1/status/incidents/" + Encode(id) + (resolve ? "/resolve" : "/updates");
  return PrintIncident(c, Call(c, "POST", path, json::serialize(body)), resolve ? "Resolved" : "Updated");
}

int StatusSchedule(const ClientOptions& c, const StatusOptions& o) {
  json::object body;
  Set(body, "name", o.title);
  Set(body, "body", o.body);
  Set(body, "scheduled_for", o.from);
  Set(body, "scheduled_until", o.until);
  Set(body, "duration", o.duration);
  if (!o.components.empty()) {
    json::array ids;
    for (const auto& id : o.components) ids.emplace_back(id);
    body["components"] = std::move(ids);
  }
  return PrintMaintenance(c, Call(c, "POST", "/api/v1/status/maintenances", json::serialize(body)), "Scheduled");
}

int StatusCancel(const ClientOptions& c, const std::string& id) {
  return PrintMaintenance(c, Call(c, "POST", "/api/v1/status/maintenances/" + Encode(id) + "/cancel"), "Cancelled");
}

int StatusShow(const ClientOptions& c) {
  auto a = Call(c, "GET", "/api/v2/summary.json");
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
    return 0;
  }
  std::cout << Str(a.body.at("status"), "description") << "\n";
  for (const auto& comp : a.body.at("components").as_array()) {
    if (Str(comp, "group") == "true") continue;
    std::cout << fmt::format("  {:<24} {}\n", Str(comp, "name"), Str(comp, "status"));
  }
  for (const auto& inc : a.body.at("incidents").as_array()) {
    std::cout << fmt::format("Incident {}: {} ({})\n", Str(inc, "id"), Str(inc, "name"), Str(inc, "status"));
  }
  for (const auto& m : a.body.at("scheduled_maintenances").as_array()) {
    std::cout << fmt::format("Maintenance {}: {} ({}, {} to {})\n", Str(m, "id"), Str(m, "name"), Str(m, "status"),
                             Str(m, "scheduled_for"), Str(m, "scheduled_until"));
  }
  return 0;
}

}  // namespace klaxon::cli
