#include "store/sqlite/connection.h"

#include <sqlite3.h>

#include <utility>

#include <fmt/format.h>

#include "store/sqlite/sql.h"

namespace klaxon::store::sqlite {
namespace {

// True when a prepared statement's unparsed tail holds more than comments.
bool TailHasStatement(sqlite3* db, const char* tail, const char* end) {
  if (tail >= end) return false;
  sqlite3_stmt* extra = nullptr;
  int rc = sqlite3_prepare_v2(db, tail, static_cast<int>(end - tail), &extra, nullptr);
  bool has = rc != SQLITE_OK || extra != nullptr;
  sqlite3_finalize(extra);
  return has;
}

}  // namespace

Error SqliteError(int rc, std::string_view what, std::string_view detail) {
  int primary = rc & 0xff;
  ErrorCode code = ErrorCode::kInternal;
  bool retryable = false;
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_PROTOCOL:
    case SQLITE_NOMEM:
      code = ErrorCode::kUnavailable;
      retryable = true;
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = ErrorCode::kUnavailable;
      break;
    default:
      break;
  }
  return Error{code, fmt::format("sqlite store: {}: {} (code {})", what, detail, rc), retryable};
}

// --- Statement -------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      name_(other.name_),
      bind_rc_(other.bind_rc_),
      bind_name_(other.bind_name_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::Index(const char* name) {
  int index = sqlite3_bind_parameter_index(stmt_, name);
  if (index == 0) Note(SQLITE_RANGE, name);
  return index;
}

void Statement::Note(int rc, const char* name) {
  if (rc != SQLITE_OK && bind_rc_ == 0) {
    bind_rc_ = rc;
    bind_name_ = name;
  }
}

void Statement::BindInt(const char* name, int64_t value) {
  if (int i = Index(name)) Note(sqlite3_bind_int64(stmt_, i, value), name);
}

void Statement::BindText(const char* name, std::string_view value) {
  // A non-null pointer even for "": SQLite binds a null pointer as NULL.
  const char* data = value.empty() ? "" : value.data();
  if (int i = Index(name)) {
    Note(sqlite3_bind_text64(stmt_, i, data, value.size(), SQLITE_STATIC, SQLITE_UTF8), name);
  }
}

void Statement::BindTime(const char* name, Time value) { BindInt(name, ToUnixMillis(value)); }

void Statement::BindOptionalTime(const char* name, std::optional<Time> value) {
  if (value) {
    BindTime(name, *value);
  } else {
    BindNull(name);
  }
}

void Statement::BindNull(const char* name) {
  if (int i = Index(name)) Note(sqlite3_bind_null(stmt_, i), name);
}

void Statement::BindIntAt(int index, int64_t value) {
  Note(sqlite3_bind_int64(stmt_, index, value), "?");
}

void Statement::BindTextAt(int index, std::string_view value) {
  const char* data = value.empty() ? "" : value.data();
  Note(sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_STATIC, SQLITE_UTF8), "?");
}

void Statement::BindBlobAt(int index, std::string_view value) {
  const char* data = value.empty() ? "" : value.data();
  Note(sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_STATIC), "?");
}

void Statement::BindOptionalTimeAt(int index, std::optional<Time> value) {
  if (value) {
    BindIntAt(index, ToUnixMillis(*value));
  } else {
    BindNullAt(index);
  }
}

void Statement::BindNullAt(int index) { Note(sqlite3_bind_null(stmt_, index), "?"); }

Result<bool> Statement::Step() {
  if (bind_rc_ != 0) {
    return Fail(SqliteError(bind_rc_, name_, fmt::format("cannot bind {}", bind_name_)));
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(SqliteError(rc, name_, sqlite3_errmsg(sqlite3_db_handle(stmt_))));
}

Status Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row) return Fail(row.error());
    if (!*row) return {};
  }
}

bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

Time Statement::TimeAt(int col) const { return FromUnixMillis(Int(col)); }

std::optional<Time> Statement::OptionalTime(int col) const {
  if (IsNull(col)) return std::nullopt;
  return TimeAt(col);
}

std::string_view Statement::TextView(int col) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (text == nullptr) return {};
  return std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string_view Statement::BlobView(int col) const {
  const void* blob = sqlite3_column_blob(stmt_, col);
  if (blob == nullptr) return {};
  return std::string_view(static_cast<const char*>(blob),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string Statement::Text(int col) const { return std::string(TextView(col)); }

int Statement::ColumnCount() const { return sqlite3_column_count(stmt_); }

std::string_view Statement::ColumnName(int col) const {
  const char* name = sqlite3_column_name(stmt_, col);
  return name ? std::string_view(name) : std::string_view();
}

// --- Connection ------------------------------------------------------------

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                     const ConnectionOptions& options) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
              (options.read_only ? SQLITE_OPEN_READONLY
                                 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  // Owned from the start: the handle is closed on every path out of here.
  std::unique_ptr<Connection> conn(new Connection(nullptr));
  int rc = sqlite3_open_v2(path.c_str(), &conn->db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const char* detail = conn->db_ ? sqlite3_errmsg(conn->db_) : sqlite3_errstr(rc);
    return Fail(SqliteError(rc, "open", detail));
  }
  if (auto st = conn->Configure(options); !st) return Fail(st.error());
  return conn;
}

Status Connection::Configure(const ConnectionOptions& options) {
  // Connection settings rather than queries, so they live here: their values
  // come from Options and pragmas take no bound parameters.
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  std::string pragmas = fmt::format("PRAGMA cache_size = -{};", options.cache_size_kib);
  if (!options.read_only) {
    auto mode = ExecScalar("PRAGMA journal_mode = WAL;", "enable WAL");
    if (!mode) return Fail(mode.error());
    if (*mode != "wal") {
      return Fail(ErrorCode::kUnavailable,
                  fmt::format("sqlite store: the file system does not support WAL "
                              "(journal mode stayed '{}')",
                              *mode));
    }
    pragmas += fmt::format(
        "PRAGMA synchronous = {};"
        "PRAGMA foreign_keys = ON;"
        "PRAGMA wal_autocheckpoint = {};"
        "PRAGMA journal_size_limit = {};",
        options.synchronous_full ? "FULL" : "NORMAL", options.autocheckpoint_pages,
        options.journal_size_limit);
  }
  return ExecScript(pragmas, "configure connection");
}

Connection::~Connection() {
  for (auto& [name, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);  // a no-op on nullptr
}

Result<Statement> Connection::Query(std::string_view name) {
  auto it = statements_.find(name);
  if (it != statements_.end()) {
    if (sqlite3_stmt_busy(it->second)) {
      return Fail(ErrorCode::kInternal,
                  fmt::format("sqlite store: {}: statement already in use", name));
    }
    return Statement(it->second, it->first);
  }
  auto query = FindQuery(name);
  if (!query) return Fail(query.error());
  // Make room first, so nothing can throw while a prepared handle is unowned.
  auto slot = statements_.emplace(query->name, nullptr).first;
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const char* end = query->sql.data() + query->sql.size();
  int rc = sqlite3_prepare_v3(db_, query->sql.data(), static_cast<int>(query->sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK || stmt == nullptr || TailHasStatement(db_, tail, end)) {
    Error error = rc != SQLITE_OK
                      ? LastError(rc, query->name)
                      : Error{ErrorCode::kInternal,
                              fmt::format("sqlite store: query {} must hold exactly one statement",
                                          query->name)};
    sqlite3_finalize(stmt);
    statements_.erase(slot);
    return Fail(std::move(error));
  }
  slot->second = stmt;
  return Statement(stmt, slot->first);
}

Status Connection::Run(std::string_view name) {
  auto stmt = Query(name);
  if (!stmt) return Fail(stmt.error());
  return stmt->Run();
}

Status Connection::ExecScript(std::string_view sql, std::string_view what) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  Error error = SqliteError(rc, what, message ? message : sqlite3_errstr(rc));
  sqlite3_free(message);
  return Fail(std::move(error));
}

Result<std::string> Connection::ExecScalar(std::string_view sql, std::string_view what) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Fail(LastError(rc, what));
  std::string value;
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    if (text != nullptr) value = text;
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    rc = SQLITE_OK;
  }
  Error error = rc == SQLITE_OK ? Error{} : LastError(rc, what);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) return Fail(std::move(error));
  return value;
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

int64_t Connection::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

Error Connection::LastError(int rc, std::string_view what) const {
  return SqliteError(rc, what, sqlite3_errmsg(db_));
}

}  // namespace klaxon::store::sqlite
