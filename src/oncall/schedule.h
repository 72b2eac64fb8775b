#pragma once
// The on-call schedule model: who is on call is a pure function of a
// Schedule and an instant (see resolve.h). Schedules come from the
// configuration (config/schedules.cpp) and are immutable once loaded.
//
// A schedule has layers and overrides. A layer is a rotation: its
// participants take turns, one shift each, in order, forever, starting on
// `start_date` at `handoff` (local time in the schedule's zone). Later layers
// take precedence over earlier ones wherever they have someone; an override
// takes precedence over every layer, and a later override over an earlier one.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "oncall/zone.h"

namespace klaxon::oncall {

// Shortest and longest shift a layer may have. The lower bound keeps the
// number of shifts in any window small; the upper keeps arithmetic far from
// overflow.
inline constexpr Duration kMinShift = std::chrono::hours(1);
inline constexpr Duration kMaxShift = std::chrono::days(366);

struct Layer {
  std::string name;                       // for display; may be empty
  std::vector<std::string> participants;  // person ids, in rotation order; repeats allowed
  // Shift length in local wall-clock time: `daily` is 24h and `weekly` 7d, and
  // so is any duration: a 12h layer with handoff 09:00 hands off at 09:00 and
  // 21:00 local every day, whatever the UTC offset. Hence a daily shift spans
  // 23 or 25 real hours on DST change days.
  Duration shift{std::chrono::days(1)};
  Duration handoff{};                     // local time of day, [0, 24h)
  std::chrono::year_month_day start_date{};  // local date of the first shift (participant 0)
};

// Someone on call for [start, end), regardless of the layers.
struct Override {
  std::string person;
  Time start;
  Time end;  // exclusive; after start
};

struct Schedule {
  std::string id;
  std::string name;
  TimeZone zone;
  std::vector<Layer> layers;        // lowest precedence first
  std::vector<Override> overrides;  // lowest precedence first
};

// Ok, or the first reason the schedule cannot be resolved (kInvalidArgument):
// no zone, no layers, a layer without participants or with an empty person
// id, a shift outside [kMinShift, kMaxShift], a handoff outside [0, 24h), an
// invalid start date, or an override with no person or end <= start.
Status Validate(const Schedule& schedule);

// "09:00" -> 9h. Exactly HH:MM, 00:00 to 23:59.
Result<Duration> ParseHandoff(std::string_view text);
// "2025-01-06" -> that date. Exactly YYYY-MM-DD, a real calendar date.
Result<std::chrono::year_month_day> ParseDate(std::string_view text);
// "daily" (24h), "weekly" (7d), or a duration ("12h", "2d") of at least
// kMinShift and at most kMaxShift.
Result<Duration> ParseShift(std::string_view text);

}  // namespace klaxon::oncall
