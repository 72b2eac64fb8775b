#include "store/sqlite/status_page.h"

#include <map>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "store/sqlite/guard.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/unit_of_work.h"

namespace klaxon::store::sqlite {
namespace {

namespace json = boost::json;
using statuspage::ComponentState;

std::string EncodeStates(const std::vector<ComponentState>& states) {
  json::array a;
  for (const auto& s : states) {
    a.push_back(json::object{{"component", s.component}, {"status", statuspage::ToString(s.status)}});
  }
  return json::serialize(a);
}

Result<std::vector<ComponentState>> DecodeStates(const std::string& text) {
  std::vector<ComponentState> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return Fail(ErrorCode::kInternal, "status page: damaged components column");
  for (const auto& item : v.as_array()) {
    const auto* o = item.if_object();
    const auto* c = o ? o->if_contains("component") : nullptr;
    const auto* s = o ? o->if_contains("status") : nullptr;
    auto status = s && s->is_string() ? statuspage::ParseComponentStatus(s->as_string()) : std::nullopt;
    if (!c || !c->is_string() || !status) {
      return Fail(ErrorCode::kInternal, "status page: damaged components column");
    }
    out.push_back({std::string(c->as_string()), *status});
  }
  return out;
}

Result<statuspage::Incident> ReadStatusIncident(const Statement& s) {
  statuspage::Incident i;
  i.id = s.Int(0);
  i.source_incident = s.Int(1);
  i.name = s.Text(2);
  auto status = statuspage::ParseIncidentStatus(s.Text(3));
  auto impact = statuspage::ParseImpact(s.Text(4));
  if (!status || !impact) {
    return Fail(ErrorCode::kInternal, fmt::format("status incident {} has an unknown status or impact", i.id));
  }
  i.status = *status;
  i.impact = *impact;
  auto components = DecodeStates(s.Text(5));
  if (!components) return Fail(components.error());
  i.components = std::move(*components);
  i.created_at = s.TimeAt(6);
  i.updated_at = s.TimeAt(7);
  i.identified_at = s.OptionalTime(8);
  i.monitoring_at = s.OptionalTime(9);
  i.resolved_at = s.OptionalTime(10);
  i.created_by = s.Text(11);
  return i;
}

Result<statuspage::Update> ReadStatusUpdate(const Statement& s) {
  statuspage::Update u;
  u.id = s.Int(0);
  u.incident_id = s.Int(1);
  auto status = statuspage::ParseIncidentStatus(s.Text(2));
  if (!status) return Fail(ErrorCode::kInternal, fmt::format("status update {} has an unknown status", u.id));
  u.status = *status;
  u.body = s.Text(3);
  auto components = DecodeStates(s.Text(4));
  if (!components) return Fail(components.error());
  u.components = std::move(*components);
  u.created_at = s.TimeAt(5);
  u.actor = s.Text(6);
  return u;
}

Result<statuspage::Maintenance> ReadStatusMaintenance(const Statement& s) {
  statuspage::Maintenance m;
  m.id = s.Int(0);
  m.name = s.Text(1);
  m.body = s.Text(2);
  m.components = StringsFromJson(s.Text(3));
  m.scheduled_for = s.TimeAt(4);
  m.scheduled_until = s.TimeAt(5);
  m.created_at = s.TimeAt(6);
  m.created_by = s.Text(7);
  m.cancelled_at = s.OptionalTime(8);
  m.cancelled_by = s.Text(9);
  return m;
}

// The incident from `query` (bound by `bind`), with its updates; nullopt without a row.
template <class Bind>
Result<std::optional<statuspage::Incident>> IncidentWithUpdates(Connection& conn, const char* query, Bind bind) {
  auto stmt = conn.Query(query);
  if (!stmt) return Fail(stmt.error());
  bind(*stmt);
  auto inc = OptionalRow(*stmt, &ReadStatusIncident);
  if (!inc || !*inc) return inc;
  auto updates = conn.Query("status_updates_of");
  if (!updates) return Fail(updates.error());
  updates->BindInt(":status_incident_id", (*inc)->id);
  auto rows = CollectRows(*updates, &ReadStatusUpdate);
  if (!rows) return Fail(rows.error());
  (*inc)->updates = std::move(*rows);
  return inc;
}

void BindState(Statement& stmt, const statuspage::Incident& inc, const std::string& components) {
  stmt.BindText(":name", inc.name);
  stmt.BindText(":status", statuspage::ToString(inc.status));
  stmt.BindText(":impact", statuspage::ToString(inc.impact));
  stmt.BindText(":components", components);
  stmt.BindTime(":updated_at", inc.updated_at);
  stmt.BindOptionalTime(":identified_at", inc.identified_at);
  stmt.BindOptionalTime(":monitoring_at", inc.monitoring_at);
  stmt.BindOptionalTime(":resolved_at", inc.resolved_at);
}

// Steps a statement that returns the affected row's id; kNotFound when none.
Result<int64_t> StepForId(Statement& stmt, std::string_view what) {
  auto row = stmt.Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, std::string(what));
  return stmt.Int(0);
}

}  // namespace

template <class F>
auto SqliteUnitOfWork::Operation(std::string_view what, F&& body) -> decltype(body()) {
  auto r = Guard(what, [&]() -> decltype(body()) {
    if (auto st = Usable(); !st) return Fail(st.error());
    return body();
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Status SqliteUnitOfWork::InsertStatusIncident(statuspage::Incident& inc) {
  return Operation("insert_status_incident", [&]() -> Status {
    auto stmt = writer_.Query("insert_status_incident");
    if (!stmt) return Fail(stmt.error());
    const std::string components = EncodeStates(inc.components);
    BindState(*stmt, inc, components);
    stmt->BindInt(":incident_id", inc.source_incident);
    stmt->BindTime(":created_at", inc.created_at);
    stmt->BindText(":created_by", inc.created_by);
    auto id = StepForId(*stmt, "status incident not inserted");
    if (!id) return Fail(id.error());
    inc.id = *id;
    return {};
  });
}

Status SqliteUnitOfWork::UpdateStatusIncident(const statuspage::Incident& inc) {
  return Operation("update_status_incident", [&]() -> Status {
    auto stmt = writer_.Query("update_status_incident");
    if (!stmt) return Fail(stmt.error());
    const std::string components = EncodeStates(inc.components);
    BindState(*stmt, inc, components);
    stmt->BindInt(":id", inc.id);
    auto id = StepForId(*stmt, fmt::format("status incident {} does not exist", inc.id));
    if (!id) return Fail(id.error());
    return {};
  });
}

Result<std::optional<statuspage::Incident>> SqliteUnitOfWork::GetStatusIncident(int64_t id) {
  return Operation("get_status_incident", [&]() { return GetStatusIncidentOn(writer_, id); });
}

Result<std::optional<statuspage::Incident>> SqliteUnitOfWork::LatestStatusIncidentOf(int64_t incident_id) {
  return Operation("latest_status_incident_of", [&]() { return LatestStatusIncidentOn(writer_, incident_id); });
}

Status SqliteUnitOfWork::InsertStatusUpdate(statuspage::Update& update) {
  return Operation("insert_status_update", [&]() -> Status {
    auto stmt = writer_.Query("insert_status_update");
    if (!stmt) return Fail(stmt.error());
    const std::string components = EncodeStates(update.components);
    stmt->BindInt(":status_incident_id", update.incident_id);
    stmt->BindText(":status", statuspage::ToString(update.status));
    stmt->BindText(":body", update.body);
    stmt->BindText(":components", components);
    stmt->BindTime(":created_at", update.created_at);
    stmt->BindText(":actor", update.actor);
    auto id = StepForId(*stmt, "status update not inserted");
    if (!id) return Fail(id.error());
    update.id = *id;
    return {};
  });
}

Status SqliteUnitOfWork::InsertMaintenance(statuspage::Maintenance& m) {
  return Operation("insert_status_maintenance", [&]() -> Status {
    auto stmt = writer_.Query("insert_status_maintenance");
    if (!stmt) return Fail(stmt.error());
    const std::string components = StringsToJson(m.components);
    stmt->BindText(":name", m.name);
    stmt->BindText(":body", m.body);
    stmt->BindText(":components", components);
    stmt->BindTime(":scheduled_for", m.scheduled_for);
    stmt->BindTime(":scheduled_until", m.scheduled_until);
    stmt->BindTime(":created_at", m.created_at);
    stmt->BindText(":created_by", m.created_by);
    stmt->BindOptionalTime(":cancelled_at", m.cancelled_at);
    stmt->BindText(":cancelled_by", m.cancelled_by);
    auto id = StepForId(*stmt, "maintenance window not inserted");
    if (!id) return Fail(id.error());
    m.id = *id;
    return {};
  });
}

Status SqliteUnitOfWork::CancelMaintenance(int64_t id, std::string_view by, Time at) {
  return Operation("cancel_status_maintenance", [&]() -> Status {
    auto stmt = writer_.Query("cancel_status_maintenance");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":id", id);
    stmt->BindText(":by", by);
    stmt->BindTime(":at", at);
    auto done = StepForId(*stmt, fmt::format("no maintenance window {} to cancel", id));
    if (!done) return Fail(done.error());
    return {};
  });
}

Result<std::optional<statuspage::Maintenance>> SqliteUnitOfWork::GetMaintenance(int64_t id) {
  return Operation("get_status_maintenance", [&]() -> Result<std::optional<statuspage::Maintenance>> {
    auto stmt = writer_.Query("get_status_maintenance");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":id", id);
    return OptionalRow(*stmt, &ReadStatusMaintenance);
  });
}

Result<std::optional<statuspage::Incident>> LatestStatusIncidentOn(Connection& conn, int64_t incident_id) {
  return IncidentWithUpdates(conn, "latest_status_incident_of",
                             [&](Statement& s) { s.BindInt(":incident_id", incident_id); });
}

Result<std::optional<statuspage::Incident>> GetStatusIncidentOn(Connection& conn, int64_t id) {
  return IncidentWithUpdates(conn, "get_status_incident", [&](Statement& s) { s.BindInt(":id", id); });
}

Result<statuspage::Records> ReadStatusPageOn(Connection& conn, Time since) {
  statuspage::Records out;
  auto incidents = conn.Query("recent_status_incidents");
  if (!incidents) return Fail(incidents.error());
  incidents->BindTime(":since", since);
  auto rows = CollectRows(*incidents, &ReadStatusIncident);
  if (!rows) return Fail(rows.error());
  out.incidents = std::move(*rows);
  for (auto& inc : out.incidents) {
    auto updates = conn.Query("status_updates_of");
    if (!updates) return Fail(updates.error());
    updates->BindInt(":status_incident_id", inc.id);
    auto list = CollectRows(*updates, &ReadStatusUpdate);
    if (!list) return Fail(list.error());
    inc.updates = std::move(*list);
  }
  auto windows = conn.Query("recent_status_maintenances");
  if (!windows) return Fail(windows.error());
  windows->BindTime(":since", since);
  auto list = CollectRows(*windows, &ReadStatusMaintenance);
  if (!list) return Fail(list.error());
  out.maintenances = std::move(*list);
  return out;
}

}  // namespace klaxon::store::sqlite
