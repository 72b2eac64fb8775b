#pragma once
// The embedded store: store::Store on one SQLite file.
//
// Layout: WAL journal; one writer connection used by one UnitOfWork at a time
// (Begin() waits while another is open); a small pool of read-only connections
// for the Store's read methods, which therefore run concurrently with a writer
// and see the last committed state. Alerts are an append-only log of batches
// on disk with their current state in memory (alert_log.h, ADR 0004: ~480 B
// per stored alert); incidents, timeline and timers are rows, cached only by
// SQLite's bounded page caches.
//
// Lifetime: every UnitOfWork must be destroyed before its Store. One Store per
// database file: Open() takes an exclusive lock (process_lock.h), so a second
// Open() of the same file, in any process, fails with kUnavailable. A Begin()
// blocked by another connection's write lock (a tool writing the file) fails
// after busy_timeout_ms with a retryable kUnavailable.

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
  // Group sync (docs/adr/0003-group-sync.md): Commit() returns once its WAL
  // frames are written, without waiting for the disk, and a background
  // thread fsyncs the WAL for every commit before it at once; WhenDurable()
  // answers after that fsync. Durability of what WhenDurable() confirmed is
  // that of synchronous_full, which this option replaces.
  bool group_sync = false;
  int cache_size_kib = 65536;         // page cache of the writer connection
  int reader_cache_size_kib = 16384;  // page cache of each reader connection
  int max_readers = 4;                // reader connections, opened on demand
  int busy_timeout_ms = 5000;         // wait for another process's lock
  // Checkpoints (copying the WAL back into the database) run on a background
  // thread, never inside Commit(): a PASSIVE one once the WAL holds this many
  // 4 KiB pages, and a TRUNCATE one after idle_checkpoint_ms without commits.
  int checkpoint_pages = 4096;
  // Past this many WAL pages (the background checkpoints cannot keep up, or
  // readers hold them back) the committing writer runs a blocking checkpoint
  // before Commit() returns: bounds the WAL at the price of a rare stall.
  int wal_limit_pages = 32768;
  int idle_checkpoint_ms = 1000;
  int detail_alert_limit = 1000;      // at most this many alerts in GetIncidentDetail
  // Alert log compaction (alert_log.h): starts once superseded records are
  // more than half of the log and more than compact_min_dead; each Commit()
  // then reads at most max(compact_records_per_commit, 2 x its own records)
  // old records.
  int compact_min_dead = 10'000;
  int compact_records_per_commit = 4096;
};

// Opens (creating if needed) the database, takes its writer lock, brings its
// schema up to date, checks every embedded query against it and replays the
// alert log into memory (~1.2 s per million alerts), then starts the
// checkpointer thread. Fails with kUnavailable when the file cannot be opened
// or written or another store has it open, kInternal when its schema is newer
// than this build or a log row is damaged (the message names the row).
Result<std::unique_ptr<Store>> Open(const Options& options);

}  // namespace klaxon::store::sqlite
