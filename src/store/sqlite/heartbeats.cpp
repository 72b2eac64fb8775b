#include "store/sqlite/heartbeats.h"

#include "store/sqlite/guard.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/unit_of_work.h"

namespace klaxon::store::sqlite {
namespace {

Result<HeartbeatRecord> ReadHeartbeat(const Statement& s) {
  return HeartbeatRecord{s.Text(0), s.TimeAt(1), s.OptionalTime(2)};
}

}  // namespace

Status SqliteUnitOfWork::RecordHeartbeat(std::string_view name, Time at) {
  auto r = Guard("record_heartbeat", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("record_heartbeat");
    if (!stmt) return Fail(stmt.error());
    stmt->BindText(":name", name);
    stmt->BindTime(":at", at);
    return stmt->Run();
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Status SqliteUnitOfWork::RegisterHeartbeat(std::string_view name, Time now) {
  auto r = Guard("register_heartbeat", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("register_heartbeat");
    if (!stmt) return Fail(stmt.error());
    stmt->BindText(":name", name);
    stmt->BindTime(":now", now);
    return stmt->Run();
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::vector<HeartbeatRecord>> ListHeartbeatsOn(Connection& conn) {
  auto stmt = conn.Query("list_heartbeats");
  if (!stmt) return Fail(stmt.error());
  return CollectRows(*stmt, &ReadHeartbeat);
}

}  // namespace klaxon::store::sqlite
