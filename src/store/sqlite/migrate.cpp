#include "store/sqlite/migrate.h"

#include <fmt/format.h>

#include "store/sqlite/legacy_alerts.h"
#include "store/sqlite/sql.h"

namespace klaxon::store::sqlite {
namespace {

Status ApplyMissing(Connection& conn, std::span<const Migration> migrations) {
  if (auto st = conn.Run("create_schema_migrations"); !st) return st;
  int64_t applied = 0;
  {
    auto stmt = conn.Query("latest_schema_version");
    if (!stmt) return Fail(stmt.error());
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (*row) applied = stmt->Int(0);
  }
  int64_t known = migrations.empty() ? 0 : migrations.back().version;
  if (applied > known) {
    return Fail(ErrorCode::kInternal,
                fmt::format("sqlite store: the database has schema version {}, newer than the "
                            "{} this build knows; run a newer klaxon",
                            applied, known));
  }
  for (const Migration& m : migrations) {
    if (m.version <= applied) continue;
    if (auto st = conn.ExecScript(m.sql, m.name); !st) return st;
    // 0002 created alert_log; SQL cannot write its binary records, so the
    // rows of the old alerts table are converted here (0003 drops it).
    if (m.version == 2) {
      if (auto st = ConvertLegacyAlerts(conn); !st) return st;
    }
    auto stmt = conn.Query("record_migration");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":version", m.version);
    stmt->BindText(":name", m.name);
    if (auto st = stmt->Run(); !st) return st;
  }
  return {};
}

}  // namespace

Status Migrate(Connection& writer) {
  auto migrations = Migrations();
  if (!migrations) return Fail(migrations.error());
  if (auto st = writer.Run("begin_write"); !st) return st;
  Status st = ApplyMissing(writer, *migrations);
  if (st) st = writer.Run("commit");
  if (!st && writer.InTransaction()) (void)writer.Run("rollback");
  return st;
}

}  // namespace klaxon::store::sqlite
