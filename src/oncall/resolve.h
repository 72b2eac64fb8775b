#pragma once
// Who is on call: the final schedule, after layers and overrides. Pure: the
// answers depend only on the arguments (no clock, no I/O), so callers pass
// "now" themselves.
//
// Precedence at an instant: the last override whose [start, end) contains it;
// else the last layer whose rotation has started (layers cover all time from
// their first handoff on); else nobody.
//
// Handoffs happen at the layer's local handoff time in the schedule's zone.
// A handoff time that does not exist that day (spring forward) happens at the
// first instant after the gap; one that happens twice (fall back) happens at
// the first occurrence. See TimeZone::ToInstant.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "oncall/schedule.h"

namespace klaxon::oncall {

enum class Source { kNobody, kLayer, kOverride };

// A stretch of the final schedule with one person (or nobody) on call from
// one source. Maximal: the neighbouring shifts differ in person or source
// (another layer, another rotation turn of the same layer, another override).
// A layer's turn interrupted by an override yields two shifts, before and
// after it.
struct Shift {
  std::string person;      // person id; "" when nobody is on call
  Source source = Source::kNobody;
  int layer = -1;          // kLayer: index into Schedule::layers
  int64_t turn = -1;       // kLayer: the layer's shift number (0 starts on start_date)
  int override_index = -1; // kOverride: index into Schedule::overrides
  Time start;              // inclusive; kUnboundedStart for "always" (nobody only)
  Time end;                // exclusive; kUnboundedEnd for "forever" (nobody only)

  friend bool operator==(const Shift&, const Shift&) = default;
};

// Who is on call at an instant, and for which stretch.
using OnCall = Shift;

inline constexpr Time kUnboundedStart = Time::min();
inline constexpr Time kUnboundedEnd = Time::max();

// More boundaries than this in one computation fail with kTooLarge.
inline constexpr size_t kMaxShifts = 100000;

// The shift containing `t`. Fails with kInvalidArgument when the schedule
// does not pass Validate or `t` is one of the unbounded sentinels.
Result<OnCall> OnCallAt(const Schedule& schedule, Time t);

// The shifts overlapping [from, to), in order, each with its full extent: the
// first may start before `from` and the last end after `to`. They tile time:
// each starts where the previous ends. Fails with kInvalidArgument when the
// schedule is invalid or from >= to, and with kTooLarge when the window holds
// more than kMaxShifts boundaries.
Result<std::vector<Shift>> Shifts(const Schedule& schedule, Time from, Time to);

// The first shift after `current` (a shift of this schedule) that has someone
// on call; nullopt when nobody ever is again.
Result<std::optional<Shift>> NextOnCall(const Schedule& schedule, const Shift& current);

}  // namespace klaxon::oncall
