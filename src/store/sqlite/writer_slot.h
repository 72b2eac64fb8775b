#pragma once
// The right to use the writer connection: held by one UnitOfWork at a time.
//
// A flag under a mutex rather than a held std::mutex, because a UnitOfWork
// may be dropped on a different thread than the one that began it, and a
// std::mutex must be unlocked by the thread that locked it.

#include <condition_variable>
#include <mutex>
#include <utility>

namespace klaxon::store::sqlite {

class WriterSlot {
 public:
  // Blocks until the slot is free, then takes it. Not re-entrant: a thread
  // that holds the slot and calls Acquire() again waits forever.
  void Acquire() {
    std::unique_lock lock(mu_);
    free_.wait(lock, [this] { return !held_; });
    held_ = true;
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      held_ = false;
    }
    free_.notify_one();
  }
  bool held() {
    std::lock_guard lock(mu_);
    return held_;
  }

 private:
  std::mutex mu_;
  std::condition_variable free_;
  bool held_ = false;  // guarded by mu_
};

// Releases a slot on scope exit unless dismissed (ownership passed on).
class SlotHold {
 public:
  explicit SlotHold(WriterSlot& slot) : slot_(&slot) {}
  SlotHold(const SlotHold&) = delete;
  SlotHold& operator=(const SlotHold&) = delete;
  ~SlotHold() { Release(); }
  void Release() {
    if (slot_ != nullptr) std::exchange(slot_, nullptr)->Release();
  }
  void Dismiss() { slot_ = nullptr; }

 private:
  WriterSlot* slot_;
};

}  // namespace klaxon::store::sqlite
