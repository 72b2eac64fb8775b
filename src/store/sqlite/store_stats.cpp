#include "store/sqlite/store_stats.h"

#include <filesystem>

#include <fmt/format.h>

#include "store/sqlite/alert_log.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/guard.h"

namespace klaxon::store::sqlite {
namespace {

Result<int64_t> CountOf(Connection& conn, std::string_view query) {
  auto stmt = conn.Query(query);
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  return *row ? stmt->Int(0) : 0;
}

Result<StoreStats> ReadIn(Connection& conn) {
  // Its absence means a schema from before the alert log.
  auto has_log = conn.ExecScalar(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'alert_log'",
      "store stats");
  if (!has_log) return Fail(has_log.error());
  if (*has_log != "1") {
    return Fail(ErrorCode::kInternal,
                "sqlite store: the database predates the alert log; open it once with "
                "`klaxon serve` of this version to migrate it");
  }
  AlertLog log(AlertLogOptions{.order_indexes = false});
  if (auto st = log.Load(conn); !st) return Fail(st.error());
  StoreStats stats;
  AlertLog::Counts counts = log.counts();
  stats.alerts = counts.alerts;
  stats.firing = counts.firing;
  auto incidents = CountOf(conn, "count_incidents");
  if (!incidents) return Fail(incidents.error());
  stats.incidents = *incidents;
  auto timers = CountOf(conn, "count_timers");
  if (!timers) return Fail(timers.error());
  stats.timers = *timers;
  return stats;
}

}  // namespace

Result<StoreStats> ReadStoreStats(const std::string& path) {
  return Guard("store stats", [&]() -> Result<StoreStats> {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      return Fail(ErrorCode::kNotFound, fmt::format("sqlite store: no database at {}", path));
    }
    auto conn = Connection::Open(path, ConnectionOptions{.read_only = true,
                                                         .cache_size_kib = 2048,
                                                         .busy_timeout_ms = 10'000});
    if (!conn) return Fail(conn.error());
    if (auto st = (*conn)->Run("begin_read"); !st) return Fail(st.error());
    auto stats = ReadIn(**conn);
    (void)(*conn)->Run(stats ? "commit" : "rollback");
    return stats;
  });
}

}  // namespace klaxon::store::sqlite
