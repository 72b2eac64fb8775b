#include "statuspage/draft.h"

#include <algorithm>

namespace klaxon::statuspage {

Impact ImpactOfRank(int rank) {
  switch (rank) {
    case 0: return Impact::kCritical;
    case 1: return Impact::kMajor;
    case 2: return Impact::kMinor;
    default: return Impact::kNone;
  }
}

ComponentStatus ComponentStatusFor(Impact impact) {
  switch (impact) {
    case Impact::kCritical: return ComponentStatus::kMajorOutage;
    case Impact::kMajor: return ComponentStatus::kPartialOutage;
    case Impact::kMinor:
    case Impact::kNone: return ComponentStatus::kDegradedPerformance;
  }
  return ComponentStatus::kDegradedPerformance;
}

std::vector<std::string> SuggestedComponents(const Page& page, std::string_view runbook_id,
                                             std::string_view service) {
  std::vector<std::string> out;
  auto has = [](const std::vector<std::string>& list, std::string_view x) {
    return !x.empty() && std::find(list.begin(), list.end(), x) != list.end();
  };
  for (const auto& c : page.components) {
    if (has(c.runbooks, runbook_id) || has(c.services, service)) out.push_back(c.id);
  }
  return out;
}

std::string Affected(const Page& page, const std::vector<std::string>& ids) {
  std::vector<std::string> names;
  for (const auto& id : ids) {
    for (const auto& c : page.components) {
      if (c.id == id) names.push_back(c.name);
    }
  }
  if (names.empty()) return "some of our services";
  if (names.size() == 1) return names[0];
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

Message GeneralMessage(IncidentStatus status, const std::string& affected) {
  switch (status) {
    case IncidentStatus::kInvestigating:
      return {"Investigating issues with " + affected,
              "We're aware of issues affecting " + affected +
                  " and are actively investigating. We'll update as soon as we have more information."};
    case IncidentStatus::kIdentified:
      return {"Identified - issues with " + affected,
              "We've identified the issue affecting " + affected + ". Our team is implementing a fix."};
    case IncidentStatus::kMonitoring:
      return {"Monitoring - " + affected,
              "A fix has been implemented and we are monitoring the results."};
    case IncidentStatus::kResolved:
      return {"Resolved - " + affected + " restored",
              affected + " is back to normal. Thank you for your patience."};
  }
  return {};
}

Draft MakeDraft(const DraftInput& in) {
  Draft d;
  d.impact = ImpactOfRank(in.severity_rank);
  auto ids = SuggestedComponents(*in.page, in.runbook_id, in.service);
  for (const auto& id : ids) d.components.push_back({id, ComponentStatusFor(d.impact)});
  const std::string affected = Affected(*in.page, ids);
  d.investigating = in.investigating.value_or(GeneralMessage(IncidentStatus::kInvestigating, affected));
  d.identified = in.identified.value_or(GeneralMessage(IncidentStatus::kIdentified, affected));
  d.monitoring = GeneralMessage(IncidentStatus::kMonitoring, affected);
  d.resolved = in.resolved.value_or(GeneralMessage(IncidentStatus::kResolved, affected));
  return d;
}

const Message& MessageFor(const Draft& d, IncidentStatus status) {
  switch (status) {
    case IncidentStatus::kInvestigating: return d.investigating;
    case IncidentStatus::kIdentified: return d.identified;
    case IncidentStatus::kMonitoring: return d.monitoring;
    case IncidentStatus::kResolved: return d.resolved;
  }
  return d.investigating;
}

}  // namespace klaxon::statuspage
