#pragma once
// The fingerprint -> alerts.id directory of the SQLite adapter.
//
// Alert rows are stored in arrival order (0002_alerts_in_arrival_order.sql),
// so finding an alert by fingerprint needs a map from fingerprint to row id.
// An on-disk index on fingerprint would put a random page write back on every
// insert; this directory keeps the map in memory instead: a flat
// open-addressing table of 16-byte entries (~32 bytes per alert at the usual
// load), loaded at Open() from the narrow alerts_fingerprint_by_id index.
//
// Contract (the adapter keeps it; see docs/adr/0002-alerts-in-arrival-order.md):
//   * the committed part holds exactly the committed rows with id <= max_id();
//     rows are never deleted and fingerprint/id never change, so it can only
//     fall behind by rows other connections appended, which CatchUp() loads;
//   * a unit of work's inserts are pending until its Commit() succeeds, then
//     merged; a rollback drops them, so the directory stays correct.
//
// Thread-safety: none; used only by the holder of the store's writer slot.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/labels.h"
#include "core/result.h"

namespace klaxon::store::sqlite {

class Connection;

// A flat open-addressing (linear probing) map from uint64 to a positive int64.
class FingerprintTable {
 public:
  // 0 when absent.
  int64_t Find(uint64_t key) const;
  // `key` must be absent and `id` positive.
  void Insert(uint64_t key, int64_t id);
  // Room for `n` entries without growing.
  void Reserve(size_t n);
  // Empties the table; keeps small allocations, frees large ones.
  void Clear();
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  size_t memory_bytes() const { return capacity_ * sizeof(Entry); }

  template <class F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < capacity_; ++i) {
      if (slots_[i].id != 0) f(slots_[i].key, slots_[i].id);
    }
  }

 private:
  struct Entry {
    uint64_t key;
    int64_t id;  // 0: empty slot (row ids start at 1)
  };
  void Rehash(size_t capacity);
  size_t Slot(uint64_t key) const;

  std::unique_ptr<Entry[]> slots_;
  size_t capacity_ = 0;  // a power of two, or 0
  size_t size_ = 0;
  int shift_ = 64;
};

class AlertDirectory {
 public:
  // The row id of `fp`, pending inserts included; 0 when there is none.
  int64_t Find(Fingerprint fp) const {
    if (int64_t id = committed_.Find(fp.value)) return id;
    return pending_.size() == 0 ? 0 : pending_.Find(fp.value);
  }
  // A row inserted by the open unit of work.
  void AddPending(Fingerprint fp, int64_t id) { pending_.Insert(fp.value, id); }
  // The unit of work committed: its rows become part of the directory.
  void CommitPending();
  // The unit of work rolled back (or is about to begin).
  void DropPending() { pending_.Clear(); }

  // Loads the committed rows above max_id() (all of them the first time).
  // Must run inside a transaction on `conn` that sees the latest commit, with
  // nothing pending.
  Status CatchUp(Connection& conn);

  int64_t max_id() const { return max_id_; }
  size_t size() const { return committed_.size(); }
  size_t memory_bytes() const { return committed_.memory_bytes() + pending_.memory_bytes(); }

 private:
  FingerprintTable committed_;
  FingerprintTable pending_;
  int64_t max_id_ = 0;  // highest row id in committed_
};

}  // namespace klaxon::store::sqlite
