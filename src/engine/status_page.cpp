#include "engine/status_page.h"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace klaxon::engine {
namespace {

namespace json = boost::json;
using statuspage::IncidentStatus;

Status Line(IncidentWriter& writer, const StatusPageCommand& cmd, int64_t incident_id, Time now,
            std::string text, const statuspage::Incident& pub) {
  incident::TimelineEntry line;
  line.incident_id = incident_id;
  line.at = now;
  line.kind = std::string(kStatusPageLine);
  line.actor = cmd.actor;
  line.via = cmd.via;
  line.text = std::move(text);
  line.data = json::serialize(json::object{{"status_incident", pub.id},
                                           {"status", statuspage::ToString(pub.status)},
                                           {"impact", statuspage::ToString(pub.impact)}});
  return writer.AppendLine(line);
}

std::string Components(const std::vector<statuspage::ComponentState>& states) {
  std::string out;
  for (const auto& s : states) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", s.component, statuspage::ToString(s.status));
  }
  return out.empty() ? "no components" : out;
}

// Stamps the first time the incident reached `status`.
void Reached(statuspage::Incident& pub, IncidentStatus status, Time now) {
  auto stamp = [&](std::optional<Time>& t) {
    if (!t) t = now;
  };
  if (status == IncidentStatus::kIdentified) stamp(pub.identified_at);
  if (status == IncidentStatus::kMonitoring) stamp(pub.monitoring_at);
  if (status == IncidentStatus::kResolved) stamp(pub.resolved_at);
}

Result<StatusPageResult> Publish(store::UnitOfWork& uow, IncidentWriter& writer, const StatusPageCommand& cmd,
                                 Time now) {
  auto inc = uow.GetIncident(cmd.incident_id);
  if (!inc) return Fail(inc.error());
  if (!*inc) return Fail(ErrorCode::kNotFound, fmt::format("incident {} not found", cmd.incident_id));
  auto latest = uow.LatestStatusIncidentOf(cmd.incident_id);
  if (!latest) return Fail(latest.error());
  if (*latest && !(*latest)->resolved_at) {
    return Fail(ErrorCode::kConflict,
                fmt::format("this incident is already on the status page (status incident {}); post an "
                            "update to it instead",
                            (*latest)->id));
  }
  statuspage::Incident pub;
  pub.source_incident = cmd.incident_id;
  pub.name = cmd.name;
  pub.status = cmd.status;
  pub.impact = cmd.impact.value_or(statuspage::Impact::kNone);
  pub.components = cmd.components.value_or(std::vector<statuspage::ComponentState>{});
  pub.created_at = pub.updated_at = now;
  pub.created_by = cmd.actor;
  Reached(pub, cmd.status, now);
  if (auto st = uow.InsertStatusIncident(pub); !st) return Fail(st.error());
  statuspage::Update u{0, pub.id, cmd.status, cmd.body, pub.components, now, cmd.actor};
  if (auto st = uow.InsertStatusUpdate(u); !st) return Fail(st.error());
  pub.updates.push_back(u);
  std::string text = fmt::format("Published on the status page: \"{}\" ({}, impact {}; {})", pub.name,
                                 statuspage::ToString(pub.status), statuspage::ToString(pub.impact),
                                 Components(pub.components));
  if (auto st = Line(writer, cmd, cmd.incident_id, now, std::move(text), pub); !st) return Fail(st.error());
  return StatusPageResult{std::move(pub), std::nullopt};
}

Result<StatusPageResult> Update(store::UnitOfWork& uow, IncidentWriter& writer, const StatusPageCommand& cmd,
                                Time now) {
  auto got = uow.GetStatusIncident(cmd.public_id);
  if (!got) return Fail(got.error());
  if (!*got) return Fail(ErrorCode::kNotFound, fmt::format("status incident {} not found", cmd.public_id));
  statuspage::Incident pub = std::move(**got);
  if (pub.resolved_at) {
    return Fail(ErrorCode::kConflict,
                fmt::format("status incident {} is resolved; publish the incident again if it is back",
                            pub.id));
  }
  std::vector<statuspage::ComponentState> changed;
  if (cmd.components) {
    changed = *cmd.components;
    pub.components = *cmd.components;
  } else if (cmd.status == IncidentStatus::kResolved) {
    for (auto& c : pub.components) c.status = statuspage::ComponentStatus::kOperational;
    changed = pub.components;
  }
  if (!cmd.name.empty()) pub.name = cmd.name;
  if (cmd.impact) pub.impact = *cmd.impact;
  pub.status = cmd.status;
  pub.updated_at = now;
  Reached(pub, cmd.status, now);
  if (auto st = uow.UpdateStatusIncident(pub); !st) return Fail(st.error());
  statuspage::Update u{0, pub.id, cmd.status, cmd.body, changed, now, cmd.actor};
  if (auto st = uow.InsertStatusUpdate(u); !st) return Fail(st.error());
  pub.updates.insert(pub.updates.begin(), u);
  std::string text = fmt::format("Status page update: {} (\"{}\"{})", statuspage::ToString(pub.status), pub.name,
                                 changed.empty() ? "" : "; " + Components(changed));
  if (auto st = Line(writer, cmd, pub.source_incident, now, std::move(text), pub); !st) return Fail(st.error());
  return StatusPageResult{std::move(pub), std::nullopt};
}

Result<StatusPageResult> Schedule(store::UnitOfWork& uow, const StatusPageCommand& cmd, Time now) {
  if (cmd.scheduled_until <= cmd.scheduled_for) {
    return Fail(ErrorCode::kInvalidArgument, "a maintenance window must end after it starts");
  }
  statuspage::Maintenance m;
  m.name = cmd.name;
  m.body = cmd.body;
  m.components = cmd.maintenance_components;
  m.scheduled_for = cmd.scheduled_for;
  m.scheduled_until = cmd.scheduled_until;
  m.created_at = now;
  m.created_by = cmd.actor;
  if (auto st = uow.InsertMaintenance(m); !st) return Fail(st.error());
  return StatusPageResult{std::nullopt, std::move(m)};
}

Result<StatusPageResult> Cancel(store::UnitOfWork& uow, const StatusPageCommand& cmd, Time now) {
  auto got = uow.GetMaintenance(cmd.maintenance_id);
  if (!got) return Fail(got.error());
  if (!*got || (*got)->cancelled_at) {
    return Fail(ErrorCode::kNotFound, fmt::format("no maintenance window {} to cancel", cmd.maintenance_id));
  }
  if (auto st = uow.CancelMaintenance(cmd.maintenance_id, cmd.actor, now); !st) return Fail(st.error());
  statuspage::Maintenance m = std::move(**got);
  m.cancelled_at = now;
  m.cancelled_by = cmd.actor;
  return StatusPageResult{std::nullopt, std::move(m)};
}

}  // namespace

Result<StatusPageResult> ApplyStatusPageCommand(store::UnitOfWork& uow, IncidentWriter& writer,
                                                const StatusPageCommand& cmd, Time now) {
  using Op = StatusPageCommand::Op;
  bool needs_text = cmd.op == Op::kPublish || cmd.op == Op::kUpdate;
  if ((cmd.op == Op::kPublish || cmd.op == Op::kScheduleMaintenance) && cmd.name.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "a title is required");
  }
  if (needs_text && cmd.body.empty()) return Fail(ErrorCode::kInvalidArgument, "a message is required");
  switch (cmd.op) {
    case Op::kPublish: return Publish(uow, writer, cmd, now);
    case Op::kUpdate: return Update(uow, writer, cmd, now);
    case Op::kScheduleMaintenance: return Schedule(uow, cmd, now);
    case Op::kCancelMaintenance: return Cancel(uow, cmd, now);
  }
  return Fail(ErrorCode::kInternal, "unknown status page command");
}

}  // namespace klaxon::engine
