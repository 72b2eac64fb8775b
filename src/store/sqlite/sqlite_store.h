#pragma once
// The embedded store: store::Store on one SQLite file.
//
// Layout: WAL journal; one writer connection used by one UnitOfWork at a time
// (Begin() waits while another is open); a small pool of read-only connections
// for the Store's read methods, which therefore run concurrently with a writer
// and see the last committed state. Nothing is cached in memory beyond
// SQLite's bounded page caches, so memory does not grow with the alert count.
//
// Lifetime: every UnitOfWork must be destroyed before its Store. Two Stores
// (or processes) may open the same file; SQLite's locking keeps it consistent,
// and a Begin() blocked by another process fails after busy_timeout_ms with a
// retryable kUnavailable.

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace klaxon::store::sqlite {

struct Options {
  std::string path;  // the database file; its parent directory is created
  // FULL: a Commit() that returned survives power loss. NORMAL: the last
  // commits may be lost on power loss (never on a process crash), and the
  // file is never corrupted either way.
  bool synchronous_full = true;
  int cache_size_kib = 65536;         // page cache of the writer connection
  int reader_cache_size_kib = 16384;  // page cache of each reader connection
  int max_readers = 4;                // reader connections, opened on demand
  int busy_timeout_ms = 5000;         // wait for another process's lock
  // The WAL is copied back into the database (a checkpoint, run by the commit
  // that crosses the threshold) once it holds this many 4 KiB pages. Larger
  // values batch more rewrites of the same pages into one copy: with alerts
  // spread over random fingerprints, 8192 commits about twice as fast as
  // SQLite's default of 1000, at the cost of up to ~32 MiB more WAL on disk.
  int checkpoint_pages = 8192;
  int detail_alert_limit = 1000;      // at most this many alerts in GetIncidentDetail
};

// Opens (creating if needed) the database, brings its schema up to date and
// checks every embedded query against it. Cost does not depend on the amount
// of data. Fails with kUnavailable when the file cannot be opened or written,
// kInternal when its schema is newer than this build.
Result<std::unique_ptr<Store>> Open(const Options& options);

}  // namespace klaxon::store::sqlite
