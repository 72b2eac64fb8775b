// `postgres` probes: one connection per run (no pool: a probe runs every
// few seconds at most), the configured query as the only statement of a
// READ ONLY transaction, statement_timeout set to what is left of the
// probe's timeout, then ROLLBACK and close. The query is sent with the
// extended protocol, so it is exactly one statement: it cannot end the
// read-only transaction and go on writing.
#include <fmt/format.h>

#include "postgres/connection.h"
#include "probe/checks.h"

namespace klaxon::probe {
namespace {

using Clock = std::chrono::steady_clock;

// The server's own statement_timeout fires first, with its clearer message;
// the client cancels only if the server does not answer in this much more.
constexpr auto kClientGrace = std::chrono::milliseconds(500);

Error ToError(const postgres::QueryError& e) {
  return Error{ErrorCode::kUnavailable, e.message, e.kind != postgres::QueryError::Kind::kQuery};
}

}  // namespace

Result<Observation> CheckPostgres(const PostgresTarget& target, Duration timeout) {
  auto started = Clock::now();
  auto deadline = started + timeout;
  auto conn = postgres::Connection::Open(target.dsn, deadline);
  if (!conn) return Fail(ToError(conn.error()));
  auto left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  };
  auto setup = conn->Query("BEGIN TRANSACTION READ ONLY", {}, deadline + kClientGrace);
  if (setup) {
    setup = conn->Query("SELECT set_config('statement_timeout', $1, true)",
                        {postgres::SettingMs(left())}, deadline + kClientGrace);
  }
  if (!setup) return Fail(ToError(setup.error()));
  auto answer = conn->Query(target.query, {}, deadline + kClientGrace, /*max_rows=*/1);
  if (!answer) {
    postgres::QueryError e = answer.error();
    if (e.kind == postgres::QueryError::Kind::kTimeout) {
      e.message = fmt::format("the query timed out after {} (statement_timeout): {}",
                              FormatDuration(timeout), e.message);
    } else if (e.kind == postgres::QueryError::Kind::kQuery) {
      e.message = fmt::format("the query on {} failed: {}", conn->where(), e.message);
    }
    return Fail(ToError(e));
  }
  PostgresObservation o;
  o.latency = std::chrono::duration_cast<Duration>(Clock::now() - started);
  o.rows = answer->row_count;
  o.columns = std::move(answer->columns);
  if (!answer->rows.empty()) o.first_row = std::move(answer->rows.front());
  // Nothing was written; the connection closes when `conn` goes.
  (void)conn->Query("ROLLBACK", {}, deadline + kClientGrace);
  return Observation(std::move(o));
}

}  // namespace klaxon::probe
