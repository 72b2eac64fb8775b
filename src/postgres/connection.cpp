#include "postgres/connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "postgres/dsn.h"

namespace klaxon::postgres {
namespace {

using Clock = std::chrono::steady_clock;

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultFree>;

// libpq's multi-line messages ("connection to server ... failed: ...\n\tIs
// the server running ...?") as one line.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Waits until the socket is ready for `events` or the deadline passes;
// false on timeout.
bool WaitSocket(int fd, short events, Deadline deadline) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    int n = poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1 << 30)));
    if (n < 0 && errno == EINTR) continue;
    return n != 0;  // ready, or an error libpq will report on its next call
  }
}

std::string FormatMs(Clock::duration d) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  return ms < 1000 ? fmt::format("{}ms", ms) : fmt::format("{:.1f}s", ms / 1000.0);
}

}  // namespace

std::string SettingMs(std::chrono::milliseconds ms) {
  return fmt::format("{}ms", std::max<int64_t>(1, ms.count()));
}

Connection::Connection(PGconn* conn, std::string where, std::vector<std::string> secrets)
    : conn_(conn), where_(std::move(where)), secrets_(std::move(secrets)) {}

Connection::Connection(Connection&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)),
      where_(std::move(other.where_)),
      secrets_(std::move(other.secrets_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (conn_) PQfinish(conn_);
    conn_ = std::exchange(other.conn_, nullptr);
    where_ = std::move(other.where_);
    secrets_ = std::move(other.secrets_);
  }
  return *this;
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

PgResult<Connection> Connection::Open(std::string_view dsn, Deadline deadline) {
  auto started = Clock::now();
  std::string where = Where(dsn);
  std::vector<std::string> secrets = Secrets(dsn);
  if (auto ok = CheckDsn(dsn); !ok) {
    return std::unexpected(QueryError{QueryError::Kind::kConnect, ok.error().message, ""});
  }
  std::string text(dsn);
  const char* keys[] = {"dbname", "fallback_application_name", nullptr};
  const char* values[] = {text.c_str(), "klaxon", nullptr};
  PGconn* raw = PQconnectStartParams(keys, values, /*expand_dbname=*/1);
  if (!raw) {
    return std::unexpected(
        QueryError{QueryError::Kind::kConnect, "cannot connect: out of memory", ""});
  }
  Connection conn(raw, where, std::move(secrets));
  // libpq prints the server's notices to stderr by default; they are not ours to log.
  PQsetNoticeProcessor(raw, [](void*, const char*) {}, nullptr);
  auto failed = [&](std::string_view why) {
    return std::unexpected(QueryError{
        QueryError::Kind::kConnect,
        Redact(fmt::format("cannot connect to {}: {}", where, OneLine(why)), conn.secrets_), ""});
  };
  if (PQstatus(raw) == CONNECTION_BAD) return failed(PQerrorMessage(raw));
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) return failed(PQerrorMessage(raw));
    short events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT;
    if (!WaitSocket(PQsocket(raw), events, deadline)) {
      return std::unexpected(QueryError{
          QueryError::Kind::kTimeout,
          fmt::format("connecting to {} timed out after {}", where, FormatMs(Clock::now() - started)),
          ""});
    }
    state = PQconnectPoll(raw);
  }
  return conn;
}

QueryError Connection::Lost(std::string_view doing) const {
  return QueryError{QueryError::Kind::kConnect,
                    Redact(fmt::format("{} on {} failed: {}", doing, where_,
                                       OneLine(PQerrorMessage(conn_))),
                           secrets_),
                    ""};
}

void Connection::Cancel() const {
  PGcancel* cancel = PQgetCancel(conn_);
  if (!cancel) return;
  char error[256];
  PQcancel(cancel, error, sizeof error);  // best effort: the connection closes next anyway
  PQfreeCancel(cancel);
}

PgResult<QueryResult> Connection::Query(std::string_view sql,
                                        const std::vector<std::optional<std::string>>& params,
                                        Deadline deadline, size_t max_rows) {
  auto started = Clock::now();
  std::string text(sql);
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  if (!PQsendQueryParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                         values.data(), nullptr, nullptr, 0)) {
    return std::unexpected(Lost("sending the query"));
  }
  ResultPtr kept;
  while (true) {
    while (PQisBusy(conn_)) {
      if (!WaitSocket(PQsocket(conn_), POLLIN, deadline)) {
        Cancel();
        return std::unexpected(QueryError{
            QueryError::Kind::kTimeout,
            fmt::format("the query on {} timed out after {} and was cancelled", where_,
                        FormatMs(Clock::now() - started)),
            ""});
      }
      if (!PQconsumeInput(conn_)) return std::unexpected(Lost("reading the answer"));
    }
    ResultPtr r(PQgetResult(conn_));
    if (!r) break;
    // One statement gives one result; an error wins over anything before it.
    if (!kept || PQresultStatus(r.get()) == PGRES_FATAL_ERROR) {
      if (!kept || PQresultStatus(kept.get()) != PGRES_FATAL_ERROR) kept = std::move(r);
    }
  }
  if (!kept) return std::unexpected(Lost("the query"));
  ExecStatusType status = PQresultStatus(kept.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    const char* state = PQresultErrorField(kept.get(), PG_DIAG_SQLSTATE);
    const char* primary = PQresultErrorField(kept.get(), PG_DIAG_MESSAGE_PRIMARY);
    QueryError e;
    e.sql_state = state ? state : "";
    std::string said = primary ? primary : OneLine(PQresultErrorMessage(kept.get()));
    if (PQstatus(conn_) == CONNECTION_BAD && e.sql_state.empty()) return std::unexpected(Lost("the query"));
    if (e.sql_state == "57014") {
      e.kind = QueryError::Kind::kTimeout;
      e.message = fmt::format("the query on {} was cancelled after {}: {}", where_,
                              FormatMs(Clock::now() - started), said);
    } else {
      e.kind = QueryError::Kind::kQuery;
      e.message = fmt::format("{} ({}{})", said, e.sql_state.empty() ? "" : "SQLSTATE ",
                              e.sql_state.empty() ? PQresStatus(status) : e.sql_state);
    }
    e.message = Redact(std::move(e.message), secrets_);
    return std::unexpected(std::move(e));
  }
  QueryResult out;
  out.command = PQcmdStatus(kept.get());
  std::string_view affected = PQcmdTuples(kept.get());
  if (!affected.empty()) out.affected = std::stoll(std::string(affected));
  if (status == PGRES_TUPLES_OK) {
    int columns = PQnfields(kept.get());
    int rows = PQntuples(kept.get());
    out.row_count = rows;
    for (int c = 0; c < columns; ++c) out.columns.emplace_back(PQfname(kept.get(), c));
    for (int row = 0; row < rows && static_cast<size_t>(row) < max_rows; ++row) {
      std::vector<std::optional<std::string>> cells;
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(kept.get(), row, c)) {
          cells.emplace_back(std::nullopt);
        } else {
          cells.emplace_back(std::string(PQgetvalue(kept.get(), row, c),
                                         static_cast<size_t>(PQgetlength(kept.get(), row, c))));
        }
      }
      out.rows.push_back(std::move(cells));
    }
  }
  return out;
}

}  // namespace klaxon::postgres
