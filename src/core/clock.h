#pragma once
// The one seam through which klaxon reads time. Production uses SystemClock;
// tests and drills use ManualClock and move it forward explicitly, so
// "escalate after 15 minutes" is tested in microseconds without sleeping.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "core/time.h"

namespace klaxon {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Time Now() const override;
};

// A clock that only moves when told to. Thread-safe. Observers registered with
// OnAdvance are called (outside the lock) after every Advance/Set, so a waiting
// engine loop can re-check its timers immediately.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Time start);
  Time Now() const override;
  void Advance(Duration d);
  void Set(Time t);
  void OnAdvance(std::function<void()> observer);

 private:
  mutable std::mutex mu_;
  Time now_;                                   // guarded by mu_
  std::vector<std::function<void()>> observers_;  // guarded by mu_
};

}  // namespace klaxon
