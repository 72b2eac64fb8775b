#include "store/sqlite/unit_of_work.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "store/sqlite/guard.h"
#include "store/sqlite/record_codec.h"
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

SqliteUnitOfWork::SqliteUnitOfWork(Connection& writer, WriterSlot& slot, AlertLog& alerts,
                                   Checkpointer& checkpointer)
    : writer_(writer), slot_(slot), alerts_(alerts), checkpointer_(checkpointer) {}

SqliteUnitOfWork::~SqliteUnitOfWork() {
  if (state_ == State::kCommitted) return;
  alerts_.Drop();  // still ours: slot_ is released after this body
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

void SqliteUnitOfWork::WillFindAlert(Fingerprint fp) { alerts_.committed().Prefetch(fp); }

Result<std::optional<AlertRecord>> SqliteUnitOfWork::FindAlert(Fingerprint fp) {
  return Track(Guard("find_alert", [&]() -> Result<std::optional<AlertRecord>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    std::string_view record;
    if (const std::string* pending = alerts_.pending().Find(fp)) {
      record = *pending;
    } else if (const AlertIndex::Slot* slot = alerts_.committed().Find(fp)) {
      record = slot->record;
    } else {
      return std::nullopt;
    }
    auto alert = DecodeRecord(record);
    if (!alert) {
      return Fail(ErrorCode::kInternal,
                  fmt::format("sqlite store: alert {}: {}", fp.ToHex(), alert.error().message));
    }
    return std::optional<AlertRecord>(std::move(*alert));
  }));
}

Status SqliteUnitOfWork::PutAlert(const AlertRecord& alert) {
  return Track(Guard("put_alert", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    alerts_.pending().Put(alert);
    return {};
  }));
}

Result<std::vector<AlertRecord>> SqliteUnitOfWork::ExpiredAlerts(Time now, int limit) {
  return Track(Guard("expired_alerts", [&]() -> Result<std::vector<AlertRecord>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    if (auto st = CheckLimit("expired_alerts", limit); !st) return Fail(st.error());
    // Candidates in (expires_at, fingerprint as int64) order: the committed
    // ones this unit of work has not rewritten, then its own writes.
    struct Candidate {
      int64_t expires_at;
      int64_t fingerprint;
      std::string_view record;
      bool operator<(const Candidate& o) const {
        return std::tie(expires_at, fingerprint) < std::tie(o.expires_at, o.fingerprint);
      }
    };
    std::vector<Candidate> candidates;
    int64_t now_ms = ToUnixMillis(now);
    PendingAlerts& pending = alerts_.pending();
    alerts_.committed().ForEachExpired(now_ms, [&](Fingerprint fp, const AlertIndex::Slot& slot) {
      if (pending.Find(fp) != nullptr) return true;
      RecordKeys k = PeekRecord(slot.record);
      candidates.push_back({*k.expires_at, static_cast<int64_t>(fp.value), slot.record});
      return candidates.size() < static_cast<size_t>(limit);
    });
    for (const std::string& record : pending.records()) {
      RecordKeys k = PeekRecord(record);
      if (!k.firing || !k.expires_at || *k.expires_at > now_ms) continue;
      candidates.push_back({*k.expires_at, static_cast<int64_t>(k.fingerprint.value), record});
    }
    std::sort(candidates.begin(), candidates.end());
    if (candidates.size() > static_cast<size_t>(limit)) candidates.resize(static_cast<size_t>(limit));
    std::vector<AlertRecord> out;
    out.reserve(candidates.size());
    for (const Candidate& c : candidates) {
      auto alert = DecodeRecord(c.record);
      if (!alert) return Fail(alert.error());
      out.push_back(std::move(*alert));
    }
    return out;
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
    IncidentBuffers buffers;
    BindIncident(*stmt, incident, buffers);
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
    IncidentBuffers buffers;
    BindIncident(*stmt, incident, buffers);
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

Status SqliteUnitOfWork::UpdateIncidentCounts(incident::Incident& incident) {
  return Track(Guard("update_incident_counts", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("update_incident_counts");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":firing_alerts", incident.firing_alerts);
    stmt->BindInt(":total_alerts", incident.total_alerts);
    stmt->BindTime(":updated_at", incident.updated_at);
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

Status SqliteUnitOfWork::UpdateTimelineText(int64_t seq, std::string_view text,
                                            std::string_view data) {
  return Track(Guard("update_timeline_text", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("update_timeline_text");
    if (!stmt) return Fail(stmt.error());
    stmt->BindText(":text", text);
    stmt->BindText(":data", data);
    stmt->BindInt(":seq", seq);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("timeline line {} not found", seq));
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

Result<std::optional<Timer>> SqliteUnitOfWork::GetTimer(std::string_view key) {
  return Track(Guard("get_timer", [&]() -> Result<std::optional<Timer>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    auto stmt = writer_.Query("get_timer");
    if (!stmt) return Fail(stmt.error());
    stmt->BindText(":key", key);
    auto rows = CollectRows(*stmt, &ReadTimer);
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return std::optional<Timer>();
    return std::optional<Timer>(std::move(rows->front()));
  }));
}

Status SqliteUnitOfWork::Commit() {
  return Track(Guard("commit", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    // Run() resets the statement before returning, so the connection is idle
    // before another writer may take it.
    // The alert log row(s) of this unit of work, and any compaction, go into
    // the same transaction; memory changes only once it committed.
    if (auto st = alerts_.Write(writer_); !st) return st;
    if (auto st = writer_.Run("commit"); !st) {
      alerts_.MarkUncertain();  // an I/O error may come after the commit landed
      return st;
    }
    state_ = State::kCommitted;
    alerts_.Apply();
    checkpointer_.LimitWal(writer_);
    slot_.Release();  // committed (durable unless group sync): let the next writer in
    return {};
  }));
}

}  // namespace klaxon::store::sqlite
