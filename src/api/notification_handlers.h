#pragma once
// GET /api/v1/incidents/{id}/notifications (viewer): the incident's outbox
// rows, oldest first, with their delivery state. Payloads are not returned
// (the incident endpoint has the same data); errors never hold secrets.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

// `ctx` must outlive the router.
void AddNotificationRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
