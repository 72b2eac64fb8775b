#pragma once
// REST: probes. GET /api/v1/probes (viewer) lists every probe with its state;
// POST /api/v1/heartbeats/{id} records a heartbeat of a heartbeat probe,
// authenticated like ingest by an integration key (Bearer) of type
// heartbeat (the probe's own `integration` when it names one), and answers
// 200 once the beat is durable.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

// `ctx` (with ctx.probes set) must outlive the router. Without ctx.probes
// the routes answer 503.
void AddProbeRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
