#include "store/sqlite/alert_index.h"

#include <algorithm>
#include <limits>

#include "store/sqlite/record_codec.h"

namespace klaxon::store::sqlite {

const AlertIndex::Slot* AlertIndex::Find(Fingerprint fp) const {
  int64_t n = table_.Find(fp.value);
  return n == 0 ? nullptr : &At(static_cast<size_t>(n - 1));
}

int64_t AlertIndex::Put(std::string record, int64_t seq) {
  RecordKeys keys = PeekRecord(record);
  int64_t n = table_.Find(keys.fingerprint.value);
  if (n == 0) {
    size_t i = count_;
    if ((i >> kChunkBits) == chunks_.size()) {
      chunks_.push_back(std::make_unique<Slot[]>(size_t{1} << kChunkBits));
    }
    table_.Insert(keys.fingerprint.value, static_cast<int64_t>(i + 1));
    ++count_;
    Slot& slot = At(i);
    slot.record = std::move(record);
    slot.seq = seq;
    if (keys.firing) ++firing_;
    if (!deferred_) AddKeys(i);
    return 0;
  }
  auto i = static_cast<size_t>(n - 1);
  Slot& slot = At(i);
  if (PeekRecord(slot.record).firing) --firing_;
  if (keys.firing) ++firing_;
  if (!deferred_) RemoveKeys(i);
  slot.record = std::move(record);
  if (!deferred_) AddKeys(i);
  return std::exchange(slot.seq, seq);
}

void AlertIndex::Move(Fingerprint fp, int64_t seq) {
  int64_t n = table_.Find(fp.value);
  if (n != 0) At(static_cast<size_t>(n - 1)).seq = seq;
}

namespace {

// Keys mostly arrive in order (expiries and start times grow with time), so
// try the end first: an insert there skips the walk down the tree.
template <class Set, class Key>
void InsertNearEnd(Set& set, const Key& key) {
  if (set.empty() || *set.rbegin() < key) {
    set.emplace_hint(set.end(), key);
  } else {
    set.insert(key);
  }
}

}  // namespace

Fingerprint AlertIndex::FingerprintOf(const Slot& slot) { return PeekRecord(slot.record).fingerprint; }

void AlertIndex::AddKeys(size_t slot) {
  RecordKeys k = PeekRecord(At(slot).record);
  auto n = static_cast<int64_t>(slot);
  if (k.firing && k.expires_at) InsertNearEnd(expiry_, ExpiryKey{*k.expires_at, n});
  if (k.incident_id != 0) InsertNearEnd(incident_, IncidentKey{k.incident_id, k.firing, k.starts_at, n});
}

void AlertIndex::RemoveKeys(size_t slot) {
  RecordKeys k = PeekRecord(At(slot).record);
  auto n = static_cast<int64_t>(slot);
  if (k.firing && k.expires_at) expiry_.erase(ExpiryKey{*k.expires_at, n});
  if (k.incident_id != 0) incident_.erase(IncidentKey{k.incident_id, k.firing, k.starts_at, n});
}

void AlertIndex::EndDeferred() {
  if (!deferred_) return;
  deferred_ = false;
  std::vector<ExpiryKey> expiry;
  std::vector<IncidentKey> incident;
  for (size_t i = 0; i < count_; ++i) {
    RecordKeys k = PeekRecord(At(i).record);
    auto n = static_cast<int64_t>(i);
    if (k.firing && k.expires_at) expiry.emplace_back(*k.expires_at, n);
    if (k.incident_id != 0) incident.emplace_back(k.incident_id, k.firing, k.starts_at, n);
  }
  std::sort(expiry.begin(), expiry.end());
  std::sort(incident.begin(), incident.end());
  // Sorted input with an end hint: each insert is amortised O(1).
  expiry_.clear();
  incident_.clear();
  for (const auto& key : expiry) expiry_.emplace_hint(expiry_.end(), key);
  for (const auto& key : incident) incident_.emplace_hint(incident_.end(), key);
}

std::optional<int64_t> AlertIndex::NextExpiry() const {
  if (expiry_.empty()) return std::nullopt;
  return expiry_.begin()->first;
}

void AlertIndex::IncidentRecords(int64_t id, size_t limit, std::vector<std::string>& out) const {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  auto it = incident_.upper_bound(IncidentKey{id, true, kMax, kMax});
  while (out.size() < limit && it != incident_.begin()) {
    --it;
    if (std::get<0>(*it) != id) break;
    out.push_back(At(static_cast<size_t>(std::get<3>(*it))).record);
  }
}

}  // namespace klaxon::store::sqlite
