#pragma once
// The alerts of the SQLite adapter: an append-only log of batches on disk,
// the current state in memory (docs/adr/0004-alert-log.md).
//
// On disk, table alert_log: each committed unit of work that wrote alerts
// appends one row (or a few of at most max_row_bytes) holding every record
// it wrote (record_codec.h). The latest version of a fingerprint is the one
// in the row with the highest seq. In memory, AlertIndex: every alert's
// latest encoded record, plus the expiry and per-incident orders.
//
// Contract (the adapter keeps it):
//   * this process is the only writer of alert_log (Open() holds an
//     exclusive lock on the database; see process_lock.h);
//   * a unit of work's writes stay in pending() until its transaction
//     committed: Write() adds the rows inside the transaction, Apply() merges
//     them after COMMIT returned ok; a rollback drops pending() and the
//     planned write, so memory is left exactly as it was;
//   * compaction: once dead records (superseded versions) are more than half
//     of the log and more than compact_min_dead, every Write() also rewrites
//     the live records of the oldest rows into its own rows and deletes
//     those rows, reading at most max(compact_records_per_commit, 2 x the
//     commit's records) old records; so the log stays near 2x the live data
//     and the cost is spread over commits.
//
// Live counts per row are kept in memory only; Load() derives them while it
// replays, which it must do anyway.
//
// Thread-safety: the writer side (Load, CatchUp, committed(), pending(),
// Write, Apply, stats) is used only by the holder of the store's writer slot.
// The reader side (IncidentRecords, NextExpiry, Counts) may be called from any
// thread at any time; it takes mu_ shared, and Apply() (the only mutation
// readers can observe) takes it exclusively, so a reader sees a commit's
// alerts all or not at all.

#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/sqlite/alert_index.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/fingerprint_table.h"
#include "store/store.h"

namespace klaxon::store::sqlite {

struct AlertLogOptions {
  size_t max_row_bytes = size_t{1} << 20;  // a single bigger record gets a row of its own
  size_t compact_min_dead = 10'000;
  size_t compact_records_per_commit = 4096;
  // false: Load() builds no expiry/incident orders (counting only: store-stats).
  bool order_indexes = true;
};

// A unit of work's alert writes: the latest encoded record per fingerprint.
class PendingAlerts {
 public:
  // nullptr when this unit of work has not written `fp`.
  const std::string* Find(Fingerprint fp) const;
  void Put(const AlertRecord& alert);
  void Clear();
  size_t size() const { return records_.size(); }
  std::vector<std::string>& records() { return records_; }

 private:
  FingerprintTable table_;  // fingerprint -> index in records_ + 1
  std::vector<std::string> records_;  // exact-size copies: they move into memory as they are
  std::string scratch_;               // reused encoding buffer
};

class AlertLog {
 public:
  explicit AlertLog(AlertLogOptions options) : options_(options) {}
  AlertLog(const AlertLog&) = delete;
  AlertLog& operator=(const AlertLog&) = delete;

  // Replays the rows after the last one known (all of them the first time),
  // in seq order, the last version of each fingerprint winning. Must run in
  // a transaction on `conn`. A damaged row fails with kInternal naming its
  // seq; memory is then unusable and the store must not be opened.
  Status Load(Connection& conn);
  // A COMMIT after Write() reported failure: it may still have landed.
  void MarkUncertain() { uncertain_ = true; }
  // After MarkUncertain(), loads the rows such a commit added (one index
  // seek when there are none); otherwise does nothing. Inside the writer's
  // transaction.
  Status CatchUp(Connection& conn);

  // Writer side.
  const AlertIndex& committed() const { return index_; }
  PendingAlerts& pending() { return pending_; }
  // Appends pending() (and compaction work) to the log inside the writer's
  // open transaction. Nothing changes in memory until Apply().
  Status Write(Connection& conn);
  // The transaction that Write() ran in committed: merges pending() into
  // memory and clears it.
  void Apply();
  // Forgets pending() and any planned write (rollback).
  void Drop();

  struct Stats {
    size_t rows = 0;             // rows in the log
    size_t records = 0;          // records in them, live or dead
    size_t live = 0;             // fingerprints (one live record each)
    size_t last_compacted = 0;   // old records the last Write() read to compact
  };
  Stats stats() const;

  // Reader side.
  std::vector<std::string> IncidentRecords(int64_t incident_id, size_t limit) const;
  std::optional<int64_t> NextExpiry() const;
  struct Counts {
    int64_t alerts = 0;
    int64_t firing = 0;
  };
  Counts counts() const;

 private:
  struct Row {
    size_t live = 0;
    size_t total = 0;
  };
  struct Plan {
    void Clear();
    std::vector<int64_t> pending_seq;                 // the row of each pending record
    std::vector<std::pair<Fingerprint, int64_t>> moved;  // compacted records, new row
    std::vector<std::pair<int64_t, size_t>> appended;    // new rows, record counts
    std::vector<int64_t> deleted;                      // compacted rows
    int64_t last_seq = 0;
    size_t compacted = 0;
  };
  bool CompactionDue() const;
  // Picks the oldest rows to compact and the live records to carry over.
  Status PlanCompaction(Connection& conn, std::vector<std::string_view>& carried);
  Status AppendRows(Connection& conn, const std::vector<std::string_view>& records);

  const AlertLogOptions options_;
  mutable std::shared_mutex mu_;  // guards index_ against readers (see above)
  AlertIndex index_;
  // Writer side only:
  PendingAlerts pending_;
  std::map<int64_t, Row> rows_;  // by seq
  size_t total_records_ = 0;
  int64_t last_seq_ = 0;
  bool uncertain_ = false;
  Plan plan_;
  size_t last_compacted_ = 0;
  std::string blob_;  // reused row buffer
  std::vector<std::string_view> write_records_;  // reused by Write()
};

}  // namespace klaxon::store::sqlite
