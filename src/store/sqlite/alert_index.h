#pragma once
// The committed alerts in memory: one encoded record (record_codec.h) per
// fingerprint, the log row holding its latest version, and the two orders
// the store serves from memory:
//   * expiry: firing alerts with an expiry, by (expires_at, slot);
//   * incident: alerts of an incident, by (firing, starts_at, slot), read
//     backwards for the detail view.
// A slot is the alert's number in the order the index first saw it, so ties
// order by arrival, and a batch of new alerts with one expiry or start time
// appends at the end of its order instead of walking down the tree.
//
// Cost per alert: the record bytes in one heap block, a 40-byte slot, a
// table entry and one or two tree nodes (~450 B at 1M alerts; see ADR 0004).
// Alerts are never removed.
//
// Thread-safety: none; AlertLog guards it (shared readers, one writer).

#include <cstdint>
#include <memory>
#include <optional>
#include <memory_resource>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/labels.h"
#include "store/sqlite/fingerprint_table.h"

namespace klaxon::store::sqlite {

class AlertIndex {
 public:
  AlertIndex() = default;
  AlertIndex(const AlertIndex&) = delete;  // the trees point into nodes_
  AlertIndex& operator=(const AlertIndex&) = delete;

  struct Slot {
    std::string record;  // the encoding of the latest version
    int64_t seq = 0;     // the log row that holds it
  };

  // nullptr when the fingerprint is unknown. Valid until the next Put.
  const Slot* Find(Fingerprint fp) const;
  // See FingerprintTable::Prefetch: for a Find or Put of `fp` soon after.
  void Prefetch(Fingerprint fp) const { table_.Prefetch(fp.value); }

  // Inserts or replaces the record of its fingerprint, now held by log row
  // `seq`. Returns the row that held the previous version, 0 when new.
  // `record` must be a validated encoding.
  int64_t Put(std::string record, int64_t seq);
  // The record of `fp` (which must exist) moved to log row `seq`.
  void Move(Fingerprint fp, int64_t seq);

  // While deferred, Put leaves the two orders alone; EndDeferred builds them
  // in one sorted pass (a replay of a whole log at Open()).
  void BeginDeferred() { deferred_ = true; }
  void EndDeferred();

  size_t size() const { return count_; }
  size_t firing() const { return firing_; }

  // Firing alerts with expires_at <= now in expiry order; `visit(fp, slot)`
  // returns false to stop.
  template <class F>
  void ForEachExpired(int64_t now, F&& visit) const {
    for (const auto& [at, n] : expiry_) {
      if (at > now) return;
      const Slot& slot = At(static_cast<size_t>(n));
      if (!visit(FingerprintOf(slot), slot)) return;
    }
  }
  std::optional<int64_t> NextExpiry() const;
  // Up to `limit` records of incident `id`: firing first, then most recently
  // started, ties by the alert the index saw last first.
  void IncidentRecords(int64_t id, size_t limit, std::vector<std::string>& out) const;

 private:
  static constexpr size_t kChunkBits = 12;
  using ExpiryKey = std::pair<int64_t, int64_t>;                        // expires_at, slot
  using IncidentKey = std::tuple<int64_t, bool, int64_t, int64_t>;     // id, firing, starts, slot

  Slot& At(size_t i) const { return chunks_[i >> kChunkBits][i & ((1u << kChunkBits) - 1)]; }
  static Fingerprint FingerprintOf(const Slot& slot);
  void AddKeys(size_t slot);
  void RemoveKeys(size_t slot);

  FingerprintTable table_;  // fingerprint -> slot number + 1
  std::vector<std::unique_ptr<Slot[]>> chunks_;  // slots in chunks: growing moves no record
  size_t count_ = 0;
  size_t firing_ = 0;
  bool deferred_ = false;
  // Tree nodes come from a pool: no malloc per alert, no malloc header per
  // node. Declared before the trees, which return their nodes to it.
  std::pmr::unsynchronized_pool_resource nodes_;
  std::pmr::set<ExpiryKey> expiry_{&nodes_};
  std::pmr::set<IncidentKey> incident_{&nodes_};
};

}  // namespace klaxon::store::sqlite
