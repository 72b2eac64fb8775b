#pragma once
// REST: response reports (report/report.h).
//   GET /api/v1/reports?since=30d   viewer: MTTA and MTTR (mean, median,
//       p90), counts, SLA breaches and remediation success of the incidents
//       opened in the window, in total, by severity and by runbook, and each
//       incident's own figures. `since` defaults to 30d; a bad one is 400.
// Read-only, from committed state; "now" is the injected clock.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

// The most incidents one report reads (the newest of the window); a larger
// window answers "truncated": true.
inline constexpr int kReportIncidentLimit = 10000;

// `ctx` must outlive the router.
void AddReportRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
