#include "statuspage/statuspage.h"

#include <array>
#include <utility>

namespace klaxon::statuspage {
namespace {

template <class E, size_t N>
std::optional<E> ParseName(const std::array<std::pair<E, std::string_view>, N>& names, std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <class E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return names[0].second;
}

constexpr std::array<std::pair<ComponentStatus, std::string_view>, 5> kComponentNames{{
    {ComponentStatus::kOperational, "operational"},
    {ComponentStatus::kDegradedPerformance, "degraded_performance"},
    {ComponentStatus::kPartialOutage, "partial_outage"},
    {ComponentStatus::kMajorOutage, "major_outage"},
    {ComponentStatus::kUnderMaintenance, "under_maintenance"},
}};
constexpr std::array<std::pair<ComponentStatus, std::string_view>, 5> kComponentLabels{{
    {ComponentStatus::kOperational, "Operational"},
    {ComponentStatus::kDegradedPerformance, "Degraded performance"},
    {ComponentStatus::kPartialOutage, "Partial outage"},
    {ComponentStatus::kMajorOutage, "Major outage"},
    {ComponentStatus::kUnderMaintenance, "Under maintenance"},
}};
constexpr std::array<std::pair<IncidentStatus, std::string_view>, 4> kIncidentNames{{
    {IncidentStatus::kInvestigating, "investigating"},
    {IncidentStatus::kIdentified, "identified"},
    {IncidentStatus::kMonitoring, "monitoring"},
    {IncidentStatus::kResolved, "resolved"},
}};
constexpr std::array<std::pair<IncidentStatus, std::string_view>, 4> kIncidentLabels{{
    {IncidentStatus::kInvestigating, "Investigating"},
    {IncidentStatus::kIdentified, "Identified"},
    {IncidentStatus::kMonitoring, "Monitoring"},
    {IncidentStatus::kResolved, "Resolved"},
}};
constexpr std::array<std::pair<Impact, std::string_view>, 4> kImpactNames{{
    {Impact::kNone, "none"},
    {Impact::kMinor, "minor"},
    {Impact::kMajor, "major"},
    {Impact::kCritical, "critical"},
}};
constexpr std::array<std::pair<MaintenanceStatus, std::string_view>, 3> kMaintenanceNames{{
    {MaintenanceStatus::kScheduled, "scheduled"},
    {MaintenanceStatus::kInProgress, "in_progress"},
    {MaintenanceStatus::kCompleted, "completed"},
}};
constexpr std::array<std::pair<MaintenanceStatus, std::string_view>, 3> kMaintenanceLabels{{
    {MaintenanceStatus::kScheduled, "Scheduled"},
    {MaintenanceStatus::kInProgress, "In progress"},
    {MaintenanceStatus::kCompleted, "Completed"},
}};

}  // namespace

std::string_view ToString(ComponentStatus s) { return NameOf(kComponentNames, s); }
std::string_view ToString(IncidentStatus s) { return NameOf(kIncidentNames, s); }
std::string_view ToString(Impact i) { return NameOf(kImpactNames, i); }
std::string_view ToString(MaintenanceStatus s) { return NameOf(kMaintenanceNames, s); }
std::optional<ComponentStatus> ParseComponentStatus(std::string_view t) { return ParseName(kComponentNames, t); }
std::optional<IncidentStatus> ParseIncidentStatus(std::string_view t) { return ParseName(kIncidentNames, t); }
std::optional<Impact> ParseImpact(std::string_view t) { return ParseName(kImpactNames, t); }
std::string_view Label(ComponentStatus s) { return NameOf(kComponentLabels, s); }
std::string_view Label(IncidentStatus s) { return NameOf(kIncidentLabels, s); }
std::string_view Label(MaintenanceStatus s) { return NameOf(kMaintenanceLabels, s); }

MaintenanceStatus StatusAt(const Maintenance& m, Time now) {
  if (now < m.scheduled_for) return MaintenanceStatus::kScheduled;
  if (now < m.scheduled_until) return MaintenanceStatus::kInProgress;
  return MaintenanceStatus::kCompleted;
}

}  // namespace klaxon::statuspage
