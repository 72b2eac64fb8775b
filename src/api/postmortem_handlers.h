#pragma once
// REST: an incident's post-mortem.
//   GET  /api/v1/incidents/{id}/postmortem                      viewer: the draft (text/markdown),
//        or with Accept: application/json its record, action items and the draft
//   POST /api/v1/incidents/{id}/postmortem                      engineer: {"state": "drafted" |
//        "written" | "published", "url": "..."}
//   POST /api/v1/incidents/{id}/postmortem/action_items         engineer: {"action", "owner",
//        "due": "YYYY-MM-DD" or RFC 3339, "status": "open" | "done"}
//   POST /api/v1/incidents/{id}/postmortem/action_items/{item}  engineer: the fields to change
// Changes go through the engine (engine/postmortems.h), recorded on the
// timeline with the caller as the actor.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

// `ctx` must outlive the router.
void AddPostmortemRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
