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

// A clock that runs `scale` times faster than the system clock from the
// moment it is built (`klaxon serve --time-scale 60`: a minute a second), so
// a rehearsal or a demo plays the configured durations (probe holds, waits,
// escalation deadlines) in seconds without a different configuration.
// Thread-safe (immutable). Loops that sleep until a due time read in this
// clock must cap their sleeps (their idle_poll) well under a real second.
class ScaledClock final : public Clock {
 public:
  ScaledClock(Time origin, double scale);
  Time Now() const override;
  double scale() const { return scale_; }

 private:
  const Time origin_;
  const double scale_;
};

}  // namespace klaxon
