#pragma once
// The public status page's records: what a lead published about an incident
// (a public incident and its updates) and the maintenance windows they
// scheduled. Pure data, no I/O. These records hold only what was written for
// the public, plus who wrote it (`actor`, `created_by`: kept for the audit,
// never shown publicly); nothing of the internal incident is copied here
// beyond the id that links the two (`source_incident`, never shown either).
//
// The enumerations and their wire names follow the Statuspage public API
// (docs/api.md, "Status page").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace klaxon::statuspage {

enum class ComponentStatus { kOperational, kDegradedPerformance, kPartialOutage, kMajorOutage, kUnderMaintenance };
enum class IncidentStatus { kInvestigating, kIdentified, kMonitoring, kResolved };
enum class Impact { kNone, kMinor, kMajor, kCritical };
enum class MaintenanceStatus { kScheduled, kInProgress, kCompleted };

// "operational", "degraded_performance", ...; Parse* accept exactly these names.
std::string_view ToString(ComponentStatus s);
std::string_view ToString(IncidentStatus s);
std::string_view ToString(Impact i);
std::string_view ToString(MaintenanceStatus s);
std::optional<ComponentStatus> ParseComponentStatus(std::string_view text);
std::optional<IncidentStatus> ParseIncidentStatus(std::string_view text);
std::optional<Impact> ParseImpact(std::string_view text);

// Plain words for people: "Degraded performance", "Investigating", ...
std::string_view Label(ComponentStatus s);
std::string_view Label(IncidentStatus s);
std::string_view Label(MaintenanceStatus s);

// A component of the page, from the configuration (`status_page.components`).
struct Component {
  std::string id;           // "api"; unique
  std::string name;         // "API"
  std::string description;  // "" when none
  std::string group;        // "" when in no group
  // Which internal services and runbooks it stands for: only a suggestion
  // for the publish draft, never shown.
  std::vector<std::string> services;
  std::vector<std::string> runbooks;
};

// The page itself.
struct Page {
  std::string id = "klaxon";  // Statuspage's page id
  std::string name = "Status";
  std::string url;            // the page's public address (…/status)
  std::vector<Component> components;  // in display order
};

// One component's state as an incident or update sets it.
struct ComponentState {
  std::string component;  // a Component id
  ComponentStatus status = ComponentStatus::kOperational;
  bool operator==(const ComponentState&) const = default;
};

struct Update {
  int64_t id = 0;           // assigned by the store
  int64_t incident_id = 0;  // the public incident's id
  IncidentStatus status = IncidentStatus::kInvestigating;
  std::string body;
  std::vector<ComponentState> components;  // what this update set; empty: unchanged
  Time created_at{};
  std::string actor;        // who posted it; never shown publicly
};

struct Incident {
  int64_t id = 0;               // assigned by the store; the public id
  int64_t source_incident = 0;  // the internal incident; never shown publicly
  std::string name;
  IncidentStatus status = IncidentStatus::kInvestigating;
  Impact impact = Impact::kNone;
  std::vector<ComponentState> components;  // the affected components, as of the last update
  Time created_at{};
  Time updated_at{};
  std::optional<Time> identified_at;
  std::optional<Time> monitoring_at;
  std::optional<Time> resolved_at;
  std::vector<Update> updates;  // newest first
  std::string created_by;       // never shown publicly
};

// A scheduled maintenance window. Its status follows from the time alone
// (StatusAt); a cancelled window is no longer shown.
struct Maintenance {
  int64_t id = 0;  // assigned by the store
  std::string name;
  std::string body;
  std::vector<std::string> components;  // Component ids under maintenance while in progress
  Time scheduled_for{};
  Time scheduled_until{};
  Time created_at{};
  std::string created_by;               // never shown publicly
  std::optional<Time> cancelled_at;
  std::string cancelled_by;             // never shown publicly
};

// scheduled before scheduled_for, in_progress until scheduled_until, then completed.
MaintenanceStatus StatusAt(const Maintenance& m, Time now);

// Everything the store holds that the page may show.
struct Records {
  std::vector<Incident> incidents;       // newest first
  std::vector<Maintenance> maintenances;  // by scheduled_for
};

}  // namespace klaxon::statuspage
