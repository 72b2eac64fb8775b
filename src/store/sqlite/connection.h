#pragma once
// One SQLite connection and the prepared statements cached on it.
//
// This layer uses the sqlite3 C API directly rather than SQLiteCpp: the ingest
// hot path must not throw, failures are classified by extended result codes,
// and statements are prepared once per connection (SQLITE_PREPARE_PERSISTENT)
// and reused for its lifetime.
//
// Thread-safety: none. A Connection and its Statements are used by one thread
// at a time; the store's writer slot and reader pool guarantee that. The
// connection is opened in SQLite's multi-thread mode (no per-call mutex).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "core/time.h"

struct sqlite3;
struct sqlite3_stmt;

namespace klaxon::store::sqlite {

// A SQLite result code as a klaxon Error. Busy, locked, I/O and disk-full
// failures are kUnavailable and retryable; failing to open or write the file
// at all is kUnavailable; anything else is kInternal. `what` names the
// operation (a query name, "open", ...), `detail` is SQLite's message; neither
// ever contains row data.
Error SqliteError(int rc, std::string_view what, std::string_view detail);

struct ConnectionOptions {
  bool read_only = false;
  bool synchronous_full = true;  // writer only: FULL, else NORMAL
  int cache_size_kib = 65536;    // page cache bound for this connection
  int busy_timeout_ms = 5000;
  // Writer only: SQLite's own checkpoint after a commit that leaves the WAL
  // above this many pages; 0 disables it (the store's Checkpointer does it).
  int autocheckpoint_pages = 0;
  int64_t journal_size_limit = -1;  // writer only: bytes a reset WAL keeps; -1: all
};

class Connection;

// A cached statement borrowed from its Connection for one execution. The
// destructor resets it and clears its bindings, ending any read it holds.
// Must not outlive the Connection. Text is bound without copying: bound
// strings must stay alive until the Statement is destroyed.
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, std::string_view name) : stmt_(stmt), name_(name) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Bind to a named parameter (":name"). A failed bind (unknown name, value
  // too big) is remembered and reported by the next Step()/Run().
  void BindInt(const char* name, int64_t value);
  void BindText(const char* name, std::string_view value);
  void BindTime(const char* name, Time value);
  void BindOptionalTime(const char* name, std::optional<Time> value);
  void BindNull(const char* name);
  // The same by position (?NNN), for hot statements: no name lookup.
  void BindIntAt(int index, int64_t value);
  void BindTextAt(int index, std::string_view value);
  void BindOptionalTimeAt(int index, std::optional<Time> value);
  void BindBlobAt(int index, std::string_view value);  // not copied, like text
  void BindNullAt(int index);

  // true: a row is ready to read; false: no more rows.
  Result<bool> Step();
  // Steps to the end, discarding rows (statements run for their effect).
  Status Run();

  // Reading the current row by column position.
  bool IsNull(int col) const;
  int64_t Int(int col) const;
  Time TimeAt(int col) const;
  std::optional<Time> OptionalTime(int col) const;
  std::string Text(int col) const;
  std::string_view TextView(int col) const;  // valid until the next Step()
  std::string_view BlobView(int col) const;  // likewise

  int ColumnCount() const;
  std::string_view ColumnName(int col) const;

  std::string_view name() const { return name_; }

 private:
  int Index(const char* name);
  void Note(int rc, const char* name);  // remembers the first failed bind

  sqlite3_stmt* stmt_;
  std::string_view name_;  // the query name, for error messages
  int bind_rc_ = 0;        // first failed bind, 0 when none
  const char* bind_name_ = nullptr;
};

class Connection {
 public:
  // Opens (read-write: creating) the file and applies the connection's
  // pragmas. A read-write connection also switches the database to WAL.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                  const ConnectionOptions& options);
  ~Connection();  // finalises every cached statement, then closes
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The named query (queries/*.sql), prepared on first use and cached. Fails
  // if the statement is already borrowed (a nested use is a bug).
  Result<Statement> Query(std::string_view name);

  // Runs a named query that takes no parameters, discarding any rows.
  Status Run(std::string_view name);

  // Runs a script that may hold several statements (migrations); not cached.
  Status ExecScript(std::string_view sql, std::string_view what);
  // Runs one uncached statement and returns its first column, as text, of the
  // first row ("" when there is none). For pragmas.
  Result<std::string> ExecScalar(std::string_view sql, std::string_view what);

  // True while a transaction is open on this connection.
  bool InTransaction() const;
  // The rowid of the last successful INSERT on this connection.
  int64_t LastInsertRowid() const;
  // The raw handle, for the few calls this class does not wrap (checkpoints,
  // WAL hook). Never close it or use it from another thread.
  sqlite3* handle() const { return db_; }

  Error LastError(int rc, std::string_view what) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  Status Configure(const ConnectionOptions& options);

  sqlite3* db_;
  // Keyed by the registry's static name views.
  std::unordered_map<std::string_view, sqlite3_stmt*> statements_;
};

}  // namespace klaxon::store::sqlite
