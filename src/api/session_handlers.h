#pragma once
// What a client (the dashboard, a script) reads before anything else:
// GET /api/v1/whoami, the caller's token, person and role, so a login can
// check a token and show what it may do; GET /api/v1/severities, the
// configured severities with their response and update deadlines, so a
// client can show each incident's SLA clock. Both carry the server's `now`
// (the simulated clock under `serve --simulated-time`), against which ages
// and deadlines are measured.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

void AddSessionRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
