#include "store/sqlite/unit_of_work.h"

#include <fmt/format.h>

#include "store/sqlite/guard.h"
#include "store/sqlite/label_json.h"
#include "store/sqlite/rows.h"

namespace klaxon::store::sqlite {
namespace {

Result<std::optional<incident::Incident>> ReadOptionalIncident(Statement& stmt) {
  auto row = stmt.Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::nullopt;
  auto inc = ReadIncident(stmt);
  if (!inc) return Fail(inc.error());
  return std::optional<incident::Incident>(std::move(*inc));
}

Status CheckLimit(std::string_view what, int limit) {
  if (limit > 0) return {};
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("sqlite store: {}: limit must be positive, got {}", what, limit));
}

}  // namespace

SqliteUnitOfWork::SqliteUnitOfWork(Connection& writer, WriterSlot& slot,
                                   AlertDirectory& directory, Checkpointer& checkpointer)
    : writer_(writer), slot_(slot), directory_(directory), checkpointer_(checkpointer) {}

SqliteUnitOfWork::~SqliteUnitOfWork() {
  if (state_ == State::kCommitted) return;
  directory_.DropPending();  // still ours: slot_ is released after this body
  if (!writer_.InTransaction()) return;
  // Best effort: if even ROLLBACK fails, the next Begin() finds the
  // transaction still open and rolls it back before starting its own.
  try {
    (void)writer_.Run("rollback");
  } catch (...) {
  }
}

Status SqliteUnitOfWork::Usable() const {
  switch (state_) {
    case State::kOpen: return {};
    case State::kCommitted:
      return Fail(ErrorCode::kInternal, "sqlite store: unit of work already committed");
    case State::kAborted:
      return Fail(ErrorCode::kInternal,
                  "sqlite store: unit of work aborted by an earlier failure; drop it");
  }
  return {};
}

template <class T>
T SqliteUnitOfWork::Track(T r) {
  if (!r && r.error().code != ErrorCode::kConflict && state_ == State::kOpen) {
    state_ = State::kAborted;
  }
  return r;
}

namespace {

void AppendSized(std::string& out, std::string_view part) {
  uint32_t n = static_cast<uint32_t>(part.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(part);
}

}  // namespace

void SqliteUnitOfWork::TextImage(const AlertRecord& alert, std::string& out) const {
  out.clear();
  AppendSized(out, labels_json_);
  AppendSized(out, annotations_json_);
  AppendSized(out, alert.source);
  AppendSized(out, alert.integration);
  AppendSized(out, alert.generator_url);
  AppendSized(out, alert.external_key);
}

Result<std::optional<AlertRecord>> SqliteUnitOfWork::FindAlert(Fingerprint fp) {
  return Track(Guard("find_alert", [&]() -> Result<std::optional<AlertRecord>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    found_.valid = false;
    int64_t id = directory_.Find(fp);
    if (id == 0) return std::nullopt;
    auto stmt = writer_.Query("find_alert");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":id", id);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row || FromStored(stmt->Int(0)) != fp) {
      return Fail(ErrorCode::kInternal,
                  fmt::format("sqlite store: alert {}: its directory entry (row {}) is stale",
                              fp.ToHex(), id));
    }
    auto alert = ReadAlert(*stmt);
    if (!alert) return Fail(alert.error());
    found_.fingerprint = fp;
    found_.id = id;
    found_.firing = alert->firing;
    found_.starts_at = stmt->Int(4);
    found_.incident_id = alert->incident_id;
    found_.text.clear();
    AppendSized(found_.text, stmt->TextView(1));
    AppendSized(found_.text, stmt->TextView(2));
    for (int col = 9; col <= 12; ++col) AppendSized(found_.text, stmt->TextView(col));
    found_.valid = true;
    return std::optional<AlertRecord>(std::move(*alert));
  }));
}

Status SqliteUnitOfWork::PutAlert(const AlertRecord& alert) {
  return Track(Guard("put_alert", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    bool found = found_.valid && found_.fingerprint == alert.fingerprint;
    found_.valid = false;  // the row changes below
    int64_t id = found ? found_.id : directory_.Find(alert.fingerprint);
    labels_json_.clear();
    annotations_json_.clear();
    AppendLabelsJson(alert.labels, labels_json_);
    AppendLabelsJson(alert.annotations, annotations_json_);
    if (id == 0) {
      auto stmt = writer_.Query("insert_alert");
      if (!stmt) return Fail(stmt.error());
      BindAlertAt(*stmt, alert, labels_json_, annotations_json_);
      if (auto st = stmt->Run(); !st) return st;
      directory_.AddPending(alert.fingerprint, writer_.LastInsertRowid());
      return {};
    }
    // Only the times changed since FindAlert read the row: leave the other
    // columns, and alerts_by_incident, as they are.
    bool times_only = false;
    if (found && found_.firing == alert.firing &&
        found_.starts_at == ToUnixMillis(alert.starts_at) &&
        found_.incident_id == alert.incident_id) {
      TextImage(alert, image_);
      times_only = image_ == found_.text;
    }
    auto stmt = writer_.Query(times_only ? "refresh_alert" : "update_alert");
    if (!stmt) return Fail(stmt.error());
    BindAlertAt(*stmt, alert, labels_json_, annotations_json_);
    stmt->BindIntAt(14, id);
    return stmt->Run();
  }));
}

Result<std::vector<AlertRecord>> SqliteUnitOfWork::ExpiredAlerts(Time now, int limit) {
  return Track(Guard("expired_alerts", [&]() -> Result<std::vector<AlertRecord>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    if (auto st = CheckLimit("expired_alerts", limit); !st) return Fail(st.error());
    auto stmt = writer_.Query("expired_alerts");
    if (!stmt) return Fail(stmt.error());
    stmt->BindTime(":now", now);
    stmt->BindInt(":limit", limit);
    return CollectRows(*stmt, &ReadAlert);
  }));
}

Result<std::optional<incident::Incident>> SqliteUnitOfWork::GetIncident(int64_t id) {
  return Track(Guard("get_incident", [&]() -> Result<std::optional<incident::Incident>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    auto stmt = writer_.Query("get_incident");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":id", id);
    return ReadOptionalIncident(*stmt);
  }));
}

Result<std::optional<incident::Incident>> SqliteUnitOfWork::LatestIncidentInGroup(
    std::string_view group_key) {
  return Track(
      Guard("latest_incident_in_group", [&]() -> Result<std::optional<incident::Incident>> {
        if (auto st = Usable(); !st) return Fail(st.error());
        auto stmt = writer_.Query("latest_incident_in_group");
        if (!stmt) return Fail(stmt.error());
        stmt->BindText(":group_key", group_key);
        return ReadOptionalIncident(*stmt);
      }));
}

Result<int64_t> SqliteUnitOfWork::InsertIncident(incident::Incident& incident) {
  return Track(Guard("insert_incident", [&]() -> Result<int64_t> {
    if (auto st = Usable(); !st) return Fail(st.error());
    auto stmt = writer_.Query("insert_incident");
    if (!stmt) return Fail(stmt.error());
    std::string group_labels_json;
    BindIncident(*stmt, incident, group_labels_json);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kInternal, "sqlite store: insert_incident returned no id");
    incident.id = stmt->Int(0);
    incident.version = 1;
    return incident.id;
  }));
}

Status SqliteUnitOfWork::UpdateIncident(incident::Incident& incident) {
  return Track(Guard("update_incident", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("update_incident");
    if (!stmt) return Fail(stmt.error());
    std::string group_labels_json;
    BindIncident(*stmt, incident, group_labels_json);
    stmt->BindInt(":id", incident.id);
    stmt->BindInt(":version", incident.version);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      return Fail(ErrorCode::kConflict,
                  fmt::format("incident {} was changed by someone else (version {} is stale) "
                              "or does not exist",
                              incident.id, incident.version));
    }
    incident.version = stmt->Int(0);
    return {};
  }));
}

Status SqliteUnitOfWork::AppendTimeline(incident::TimelineEntry& entry) {
  return Track(Guard("append_timeline", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("append_timeline");
    if (!stmt) return Fail(stmt.error());
    BindTimelineEntry(*stmt, entry);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kInternal, "sqlite store: append_timeline returned no seq");
    entry.seq = stmt->Int(0);
    return {};
  }));
}

Status SqliteUnitOfWork::PutTimer(const Timer& timer) {
  return Track(Guard("put_timer", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("put_timer");
    if (!stmt) return Fail(stmt.error());
    BindTimer(*stmt, timer);
    return stmt->Run();
  }));
}

Status SqliteUnitOfWork::DeleteTimer(std::string_view key) {
  return Track(Guard("delete_timer", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("delete_timer");
    if (!stmt) return Fail(stmt.error());
    stmt->BindText(":key", key);
    return stmt->Run();
  }));
}

Result<std::vector<Timer>> SqliteUnitOfWork::DueTimers(Time now, int limit) {
  return Track(Guard("due_timers", [&]() -> Result<std::vector<Timer>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    if (auto st = CheckLimit("due_timers", limit); !st) return Fail(st.error());
    auto stmt = writer_.Query("due_timers");
    if (!stmt) return Fail(stmt.error());
    stmt->BindTime(":now", now);
    stmt->BindInt(":limit", limit);
    return CollectRows(*stmt, &ReadTimer);
  }));
}

Status SqliteUnitOfWork::Commit() {
  return Track(Guard("commit", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    // Run() resets the statement before returning, so the connection is idle
    // before another writer may take it.
    if (auto st = writer_.Run("commit"); !st) return st;
    state_ = State::kCommitted;
    directory_.CommitPending();
    checkpointer_.LimitWal(writer_);
    slot_.Release();  // committed (durable unless group sync): let the next writer in
    return {};
  }));
}

}  // namespace klaxon::store::sqlite
