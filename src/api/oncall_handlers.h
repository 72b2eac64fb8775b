#pragma once
// REST: who is on call (GET /api/v1/oncall) and each schedule's calendar feed
// (GET /api/v1/schedules/{id}.ics). Read-only: both answer from the loaded
// configuration and the injected clock, never from the store.
//
// The feed also accepts the API token as a `?token=` query parameter,
// because calendar apps cannot send an Authorization header. Only this route
// does; the token then sits in URLs, so give calendars a viewer token.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

// How far the calendar feed reaches around "now".
inline constexpr Duration kFeedBehind = std::chrono::weeks(4);
inline constexpr Duration kFeedAhead = std::chrono::weeks(12);

// `ctx` must outlive the router.
void AddOnCallRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
