#pragma once
// The engine's status page module (src/statuspage has the records, roll-up
// and views). A lead publishes an internal incident, posts public updates,
// resolves it, and schedules or cancels maintenance windows, each through a
// StatusPageCommand applied on the engine thread inside a unit of work the
// caller commits. Publishing and every update also write a `status_page`
// line on the internal incident's timeline, with the actor and channel.
//
// The command carries the public text as the caller decided it (the API
// fills gaps from the draft, statuspage/draft.h); nothing from the internal
// incident is copied to the public records.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/incident_writer.h"
#include "statuspage/statuspage.h"
#include "store/store.h"

namespace klaxon::engine {

// The timeline kind written by this module.
inline constexpr std::string_view kStatusPageLine = "status_page";

struct StatusPageCommand {
  enum class Op { kPublish, kUpdate, kScheduleMaintenance, kCancelMaintenance };
  Op op = Op::kPublish;
  int64_t incident_id = 0;     // kPublish: the internal incident
  int64_t public_id = 0;       // kUpdate: the status incident
  int64_t maintenance_id = 0;  // kCancelMaintenance
  // kPublish and kScheduleMaintenance: required. kUpdate: "" keeps the name.
  std::string name;
  statuspage::IncidentStatus status = statuspage::IncidentStatus::kInvestigating;
  std::optional<statuspage::Impact> impact;  // kPublish: none when unset; kUpdate: unset keeps
  std::string body;                          // required for kPublish and kUpdate
  // kPublish: the affected components. kUpdate: nullopt keeps them (a
  // resolution then sets each to operational); a list replaces them.
  std::optional<std::vector<statuspage::ComponentState>> components;
  // kScheduleMaintenance
  Time scheduled_for{};
  Time scheduled_until{};
  std::vector<std::string> maintenance_components;
  std::string actor;
  std::string via;
};

struct StatusPageResult {
  std::optional<statuspage::Incident> incident;        // publish, update (with its updates)
  std::optional<statuspage::Maintenance> maintenance;  // schedule, cancel
};

// kNotFound: no such incident, status incident or (uncancelled) window.
// kConflict: the incident already has an unresolved status incident, or the
// status incident is resolved. kInvalidArgument: an empty name or body, a
// window that ends before it starts.
Result<StatusPageResult> ApplyStatusPageCommand(store::UnitOfWork& uow, IncidentWriter& writer,
                                                const StatusPageCommand& cmd, Time now);

}  // namespace klaxon::engine
