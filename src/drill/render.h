#pragma once
// A drill report as people read it (a timeline, one line per entry) and as
// machines do (JSON). Pure.
//
// Text:
//   +0m00s  2026-11-27 09:14 UTC  notify slack #incidents: 🔴 INCIDENT: ...
//   +2m00s  2026-11-27 09:16 UTC  page level 1 (default): Maya Okafor (maya,
//           on call in primary; slack U04MAYA0001) · next level at 09:31 UTC unless acknowledged
// then the outcome and every problem ("error: ...", "warning: ...").
//
// JSON: {"runbook","title","severity","incident","start","end","exhausted",
//        "ok","entries":[{"offset","offset_seconds","at","kind","text",...}],
//        "problems":[{"level":"error"|"warning","message"}]}
// Entry fields by kind: run: channel ("remediation"|"diagnostic"), step,
// step_kind, argv and found (exec; found is null when not found); notify:
// channel; page: policy, level, pass, deadline, people [{id,name,contact,
// schedule}], gaps [{schedule,from,to}] (null ends are unbounded).

#include <string>

#include <boost/json/object.hpp>

#include "core/time.h"
#include "drill/report.h"

namespace klaxon::drill {

// "+0m00s", "+17m00s", "+1h02m00s", "+2d03h00m".
std::string Offset(Duration d);

std::string Text(const Report& report);
boost::json::object Json(const Report& report);

}  // namespace klaxon::drill
