#pragma once
// klaxon observing itself: /healthz (the process answers), /readyz (the store
// answers and the engine runs), /metrics (Prometheus text format); and, only
// under `serve --simulated-time`, POST /api/v1/admin/clock to move time;
// GET /api/v1/routes lists every route with its declared access.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

void AddSystemRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
