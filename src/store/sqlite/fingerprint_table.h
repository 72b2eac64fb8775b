#pragma once
// A flat open-addressing (linear probing) map from a fingerprint (uint64) to
// a positive int64: 16 bytes per slot, at most 3/4 full, so 21-43 bytes per
// entry. The alert log uses it for fingerprint -> slot and for a unit of
// work's pending records.
//
// Thread-safety: none; the owner serialises access.

#include <cstddef>
#include <cstdint>
#include <memory>

namespace klaxon::store::sqlite {

class FingerprintTable {
 public:
  // 0 when absent.
  int64_t Find(uint64_t key) const;
  // `key` must be absent and `id` positive.
  void Insert(uint64_t key, int64_t id);
  // Hints the CPU to load the slot `key` hashes to: a lookup a few steps
  // later then finds it in the cache instead of waiting for memory.
  void Prefetch(uint64_t key) const {
    if (capacity_ != 0) __builtin_prefetch(&slots_[Slot(key)]);
  }
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

}  // namespace klaxon::store::sqlite
