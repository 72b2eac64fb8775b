#include "store/sqlite/fingerprint_table.h"

#include <algorithm>
#include <bit>
#include <cstring>


namespace klaxon::store::sqlite {
namespace {

constexpr size_t kMinCapacity = 16;
// Clear() keeps a table this small (256 KiB) and frees a larger one, so one
// huge unit of work does not leave every later Clear() wiping megabytes.
constexpr size_t kKeepCapacity = size_t{1} << 14;

// Fingerprints are hashes already, but not necessarily good ones in their
// high bits (tests and some senders use small or patterned values).
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

}  // namespace

size_t FingerprintTable::Slot(uint64_t key) const { return Mix(key) >> shift_; }

int64_t FingerprintTable::Find(uint64_t key) const {
  if (size_ == 0) return 0;
  size_t mask = capacity_ - 1;
  for (size_t i = Slot(key);; i = (i + 1) & mask) {
    const Entry& e = slots_[i];
    if (e.id == 0) return 0;
    if (e.key == key) return e.id;
  }
}

void FingerprintTable::Insert(uint64_t key, int64_t id) {
  // At most 3/4 full, so probes stay short and always end at an empty slot.
  if ((size_ + 1) * 4 > capacity_ * 3) Rehash(capacity_ == 0 ? kMinCapacity : capacity_ * 2);
  size_t mask = capacity_ - 1;
  size_t i = Slot(key);
  while (slots_[i].id != 0) i = (i + 1) & mask;
  slots_[i] = Entry{key, id};
  ++size_;
}

void FingerprintTable::Reserve(size_t n) {
  size_t want = std::bit_ceil(std::max(kMinCapacity, (n * 4 + 2) / 3));
  if (want > capacity_) Rehash(want);
}

void FingerprintTable::Clear() {
  if (capacity_ > kKeepCapacity) {
    slots_.reset();
    capacity_ = 0;
    shift_ = 64;
  } else if (size_ != 0) {
    std::memset(static_cast<void*>(slots_.get()), 0, capacity_ * sizeof(Entry));
  }
  size_ = 0;
}

void FingerprintTable::Rehash(size_t capacity) {
  auto old = std::move(slots_);
  size_t old_capacity = capacity_;
  slots_ = std::make_unique<Entry[]>(capacity);  // value-initialised: all empty
  capacity_ = capacity;
  shift_ = 64 - std::countr_zero(capacity);
  size_ = 0;
  for (size_t i = 0; i < old_capacity; ++i) {
    if (old[i].id != 0) Insert(old[i].key, old[i].id);
  }
}

}  // namespace klaxon::store::sqlite
