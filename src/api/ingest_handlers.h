#pragma once
// Ingest endpoints, one per registered source format (ingest/sources/registry):
// authenticate by integration key, parse, hand to the engine, and answer 2xx
// only once the engine has committed the alerts.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

// `ctx` must outlive the router.
void AddIngestRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
