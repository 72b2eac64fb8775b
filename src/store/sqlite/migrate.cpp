#include "store/sqlite/migrate.h"

#include <set>

#include <fmt/format.h>

#include "store/sqlite/legacy_alerts.h"
#include "store/sqlite/sql.h"

namespace klaxon::store::sqlite {
namespace {

Status ApplyMissing(Connection& conn, std::span<const Migration> migrations) {
  if (auto st = conn.Run("create_schema_migrations"); !st) return st;
  std::set<int64_t> applied;
  {
    auto stmt = conn.Query("applied_schema_versions");
    if (!stmt) return Fail(stmt.error());
    while (true) {
      auto row = stmt->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      applied.insert(stmt->Int(0));
    }
  }
  std::set<int64_t> known;
  for (const Migration& m : migrations) known.insert(m.version);
  for (int64_t v : applied) {
    if (!known.contains(v)) {
      return Fail(ErrorCode::kInternal,
                  fmt::format("sqlite store: the database has schema version {}, which this "
                              "build does not know; run a newer klaxon",
                              v));
    }
  }
  // Every known migration that is missing, oldest first, even below the
  // highest applied one: numbers may be taken out of order by parallel work.
  for (const Migration& m : migrations) {
    if (applied.contains(m.version)) continue;
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
