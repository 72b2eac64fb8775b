#include "config/config.h"

#include <algorithm>

namespace klaxon::config {
namespace {

template <class T>
const T* FindById(const std::vector<T>& items, std::string_view id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const Severity* Config::FindSeverity(std::string_view id) const { return FindById(severities, id); }
const Runbook* Config::FindRunbook(std::string_view id) const { return FindById(runbooks, id); }
const Person* Config::FindPerson(std::string_view id) const { return FindById(people, id); }
const Service* Config::FindService(std::string_view id) const { return FindById(services, id); }
const Schedule* Config::FindSchedule(std::string_view id) const {
  auto it = std::find_if(schedules.begin(), schedules.end(),
                         [&](const Schedule& s) { return s.spec.id == id; });
  return it == schedules.end() ? nullptr : &*it;
}

const EscalationPolicy* Config::FindEscalationPolicy(std::string_view id) const {
  auto it = std::find_if(escalation_policies.begin(), escalation_policies.end(),
                         [&](const EscalationPolicy& p) { return p.spec.id == id; });
  return it == escalation_policies.end() ? nullptr : &*it;
}

const Probe* Config::FindProbe(std::string_view id) const {
  auto it = std::find_if(probes.begin(), probes.end(),
                         [&](const Probe& p) { return p.spec.id == id; });
  return it == probes.end() ? nullptr : &*it;
}

const statuspage::Component* StatusPageSettings::FindComponent(std::string_view id) const {
  return FindById(page.components, id);
}

const EscalationPolicy* Config::EscalationFor(std::string_view runbook_id,
                                              std::string_view severity_id) const {
  if (const Runbook* rb = FindRunbook(runbook_id); rb && !rb->escalation_policy.empty()) {
    return FindEscalationPolicy(rb->escalation_policy);
  }
  if (const Severity* sev = FindSeverity(severity_id); sev && !sev->escalation_policy.empty()) {
    return FindEscalationPolicy(sev->escalation_policy);
  }
  return nullptr;
}

std::vector<rules::RouteSpec> Config::Routes() const {
  std::vector<rules::RouteSpec> routes;
  routes.reserve(runbooks.size());
  for (const Runbook& rb : runbooks) {
    rules::RouteSpec route = rb.route;
    route.runbook_id = rb.id;
    route.title = rb.title;
    routes.push_back(std::move(route));
  }
  return routes;
}

rules::RouteSpec Config::FallbackRoute() const {
  rules::RouteSpec route;
  route.title = incidents.unmatched_title;
  route.severity = incidents.unmatched_severity;
  if (route.severity.empty() && !severities.empty()) route.severity = severities.back().id;
  route.group_by = incidents.group_by;
  if (std::find(route.group_by.begin(), route.group_by.end(), "alertname") ==
      route.group_by.end()) {
    route.group_by.push_back("alertname");
  }
  return route;
}

std::shared_ptr<const notify::MessageTemplates> Config::Wording() const {
  std::map<std::string, notify::MessageTexts, std::less<>> by_runbook;
  for (const Runbook& rb : runbooks) {
    if (!rb.messages.empty()) by_runbook.emplace(rb.id, rb.messages);
  }
  return std::make_shared<const notify::MessageTemplates>(messages, std::move(by_runbook));
}

}  // namespace klaxon::config
