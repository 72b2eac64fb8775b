#pragma once
// One libpq connection, owned (RAII), with deadlines: the connect is
// non-blocking and polled until the deadline; a query still running at its
// deadline is cancelled on the server (PQcancel) and reported as timed out.
// Blocking: call from a worker thread, never from the engine's. Not
// thread-safe: one owner at a time (movable, not copyable).
//
// Messages never hold the DSN's password (Redact, dsn.h): they name where
// the server is (Where) and what it said.

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

typedef struct pg_conn PGconn;

namespace klaxon::postgres {

using Deadline = std::chrono::steady_clock::time_point;

struct QueryError {
  enum class Kind {
    kConnect,  // no connection (refused, auth failed, too many clients): PG::ConnectionBad
    kTimeout,  // the deadline passed, or the server's statement_timeout (SQLSTATE 57014)
    kQuery,    // the server refused the statement (syntax, read-only, permissions)
  };
  Kind kind = Kind::kQuery;
  std::string message;    // safe to show
  std::string sql_state;  // the server's SQLSTATE, when it sent one
};

template <class T>
using PgResult = std::expected<T, QueryError>;
using PgStatus = std::expected<void, QueryError>;

// What one statement returned.
struct QueryResult {
  std::vector<std::string> columns;
  // The first rows (at most the `max_rows` asked for); a cell is nullopt for NULL.
  std::vector<std::vector<std::optional<std::string>>> rows;
  int64_t row_count = 0;            // every row returned, kept or not
  std::optional<int64_t> affected;  // rows an INSERT/UPDATE/DELETE/... touched
  std::string command;              // the command tag: "SELECT 3", "DELETE 2"
};

class Connection {
 public:
  // Connects to `dsn` (checked: CheckDsn) before `deadline`. The session's
  // application_name defaults to "klaxon".
  static PgResult<Connection> Open(std::string_view dsn, Deadline deadline);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();  // closes the connection

  // Runs `sql` as exactly one statement with the extended protocol:
  // `params` are bound as $1, $2, ... (text; nullopt is NULL) and never
  // spliced into the text; a string of several statements is refused by the
  // server. Keeps at most `max_rows` rows. At `deadline` the statement is
  // cancelled and kTimeout returned.
  PgResult<QueryResult> Query(std::string_view sql,
                              const std::vector<std::optional<std::string>>& params,
                              Deadline deadline, size_t max_rows = 100);

  // Where the server is, for messages ("127.0.0.1:5432/app").
  const std::string& where() const { return where_; }

 private:
  Connection(PGconn* conn, std::string where, std::vector<std::string> secrets);
  QueryError Lost(std::string_view doing) const;
  void Cancel() const;

  PGconn* conn_ = nullptr;
  std::string where_;
  std::vector<std::string> secrets_;  // redacted from every message
};

// "2s", "1500ms": a duration as PostgreSQL settings read it.
std::string SettingMs(std::chrono::milliseconds ms);

}  // namespace klaxon::postgres
