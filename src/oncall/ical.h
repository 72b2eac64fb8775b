#pragma once
// An iCalendar (RFC 5545) feed of a schedule's shifts, for calendar apps.
// Pure: the caller supplies the shifts, the names and the time stamp.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "oncall/resolve.h"
#include "oncall/schedule.h"

namespace klaxon::oncall {

struct CalendarOptions {
  // The display name of a person id; return the id itself when unknown.
  std::function<std::string(const std::string& person_id)> person_name;
  Time stamp;                          // DTSTAMP of every event: when the feed was made
  std::string uid_domain = "klaxon";   // right-hand side of every UID
};

// One VCALENDAR with one VEVENT per shift that has someone on call (shifts
// of nobody are left out). Times are UTC ("20250106T080000Z"); an unbounded
// end is never rendered because only nobody's shifts are unbounded.
// SUMMARY is "On call: <person name> (<schedule name>)". The UID of an event
// depends only on the schedule id, the shift's source and its start, so it is
// stable across refreshes while the schedule is unchanged. Lines end in CRLF
// and are folded at 75 octets, never inside a UTF-8 character.
std::string RenderCalendar(const Schedule& schedule, const std::vector<Shift>& shifts,
                           const CalendarOptions& options);

// RFC 5545 TEXT escaping: backslash, semicolon and comma get a backslash;
// a newline (LF or CRLF) becomes "\n".
std::string EscapeText(std::string_view text);

// Folds one content line (without its CRLF) into lines of at most 75 octets
// joined by CRLF + one space, never splitting a UTF-8 sequence. The result
// has no trailing CRLF.
std::string FoldLine(std::string_view line);

// "20250106T080000Z".
std::string FormatUtc(Time t);

}  // namespace klaxon::oncall
