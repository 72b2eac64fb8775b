#pragma once
// Time in klaxon: one type, millisecond precision, UTC. The wall clock is read
// only through a Clock (core/clock.h), never directly by domain code.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace klaxon {

using Duration = std::chrono::milliseconds;
using Time = std::chrono::sys_time<Duration>;

inline int64_t ToUnixMillis(Time t) { return t.time_since_epoch().count(); }
inline Time FromUnixMillis(int64_t ms) { return Time(Duration(ms)); }

// Parses RFC 3339 / ISO 8601 timestamps as senders write them:
// "2025-08-07T09:14:22Z", "...22.114Z", "...22.315+0000", "...22+02:00".
// Go's zero time ("0001-01-01T00:00:00Z") parses to nullopt-worthy values;
// callers use IsZeroTime to treat it as "unset".
Result<Time> ParseTimestamp(std::string_view text);
bool IsZeroTime(Time t);

// "2025-08-07T09:14:22.114Z" (always UTC, milliseconds).
std::string FormatTimestamp(Time t);

// Go-style durations with days and weeks: "15m", "1h30m", "2m30s", "500ms",
// "24h", "7d", "1w". Rejects anything else ("2x", "", "-5m") with a reason.
Result<Duration> ParseDuration(std::string_view text);
// Shortest readable form: "15m", "1h30m", "2m30s", "0s".
std::string FormatDuration(Duration d);

}  // namespace klaxon
