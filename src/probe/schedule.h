#pragma once
// Pure: which probes are due at time t. One slot per probe; a probe is never
// run twice at once. Runs keep to a grid of `interval` from the first run:
// after a run the next one is the first grid point after it ended, so a slow
// run or a jump of the clock skips the slots it missed instead of catching
// up with a burst. Not thread-safe: the runner owns it under its lock.

#include <cstddef>
#include <optional>
#include <vector>

#include "core/time.h"
#include "probe/spec.h"

namespace klaxon::probe {

class Schedule {
 public:
  // `specs` must outlive the schedule. With `spread`, each probe's first run
  // is offset into its first interval by a hash of its id, so a thousand
  // probes with the same interval do not all run in the same instant;
  // without it every probe is due at `start`.
  Schedule(const std::vector<Spec>& specs, Time start, bool spread);

  // The probes due at `now` that are not running, in index order; they are
  // marked running.
  std::vector<size_t> TakeDue(Time now);
  // Probe `i` finished a run at `now`: due again at its next grid point.
  void Finished(size_t i, Time now);
  // Overrides when probe `i` is next due (a passive probe's deadline);
  // nullopt: not until told again.
  void SetNext(size_t i, std::optional<Time> at);

  // The earliest time a probe that is not running is due; nullopt if none.
  std::optional<Time> NextDue() const;
  std::optional<Time> NextOf(size_t i) const { return slots_[i].next; }
  bool running(size_t i) const { return slots_[i].running; }

 private:
  struct Slot {
    Time anchor{};              // a grid point
    std::optional<Time> next;   // nullopt: never (until SetNext)
    bool running = false;
  };
  const std::vector<Spec>& specs_;
  std::vector<Slot> slots_;
};

}  // namespace klaxon::probe
