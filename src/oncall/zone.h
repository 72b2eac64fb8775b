#pragma once
// A time zone of the IANA database, and the one rule for turning a local
// wall-clock time into an instant. Backed by Howard Hinnant's date library
// reading /usr/share/zoneinfo; no date header leaks out of this file.
//
// Thread-safety: a TimeZone is an immutable handle into the process-wide,
// read-only zone database; copy it freely and use it from any thread.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace date {
class time_zone;
}

namespace klaxon::oncall {

// A wall-clock reading with no zone attached ("2025-03-30 02:30").
using LocalTime = std::chrono::local_time<Duration>;
using LocalDays = std::chrono::local_days;

class TimeZone {
 public:
  // Looks `name` up in the zone database ("Europe/Berlin", "UTC", links such
  // as "US/Eastern" too). This is the only call that may read files (the
  // database is loaded once per process). Unknown names fail with
  // kInvalidArgument; an unreadable database with kUnavailable.
  static Result<TimeZone> Find(std::string_view name);

  // A default-constructed TimeZone is unset: valid() is false and the
  // conversions below must not be called.
  TimeZone() = default;
  bool valid() const { return zone_ != nullptr; }
  // The name as given to Find.
  const std::string& name() const { return name_; }

  // The instant at which clocks in this zone read `local`. Local times that
  // do not exist (the spring-forward gap) map to the first instant after the
  // gap, i.e. the transition itself; ambiguous local times (the fall-back
  // fold, which happens twice) map to the first occurrence. The mapping is
  // therefore monotonic: a later local time never maps to an earlier instant.
  Time ToInstant(LocalTime local) const;
  // What clocks in this zone read at `t`.
  LocalTime ToLocal(Time t) const;
  // The zone's offset from UTC at `t` (e.g. +2h for CEST).
  Duration OffsetAt(Time t) const;

  friend bool operator==(const TimeZone& a, const TimeZone& b) { return a.zone_ == b.zone_; }

 private:
  TimeZone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_ = nullptr;  // owned by the date library's database
  std::string name_;
};

// Every zone and link name in the database, sorted; empty if it cannot be read.
// For "did you mean" suggestions.
std::vector<std::string> ZoneNames();

// "2025-03-30T03:00:00+02:00": `t` as clocks in `zone` read it, with the offset.
std::string FormatLocal(Time t, const TimeZone& zone);

}  // namespace klaxon::oncall
