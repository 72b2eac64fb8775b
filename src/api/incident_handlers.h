#pragma once
// REST: /api/v1/incidents (list, show, ack, resolve, updates, severity).

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

// `ctx` must outlive the router.
void AddIncidentRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
