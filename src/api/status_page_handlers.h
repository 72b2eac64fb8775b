#pragma once
// REST: publishing to the public status page (docs/api.md, "Status page").
//   GET  /api/v1/incidents/{id}/publish              viewer: the draft, pre-filled from the
//        runbook's communication.status_page texts (else general ones), the components to
//        choose from, and what is published already
//   POST /api/v1/incidents/{id}/publish              lead: {"name", "status", "impact", "body",
//        "components": [{"id", "status"}]}, each optional (the draft fills what is missing)
//   POST /api/v1/status/incidents/{pid}/updates      lead: {"status", "body", "impact", "name",
//        "components"}; status required, the body defaults to the draft's for that status
//   POST /api/v1/status/incidents/{pid}/resolve      lead: {"body"} (default: the resolved text)
//   POST /api/v1/status/maintenances                 lead: {"name", "body", "components": [ids],
//        "scheduled_for", "scheduled_until" | "duration"}
//   POST /api/v1/status/maintenances/{mid}/cancel    lead
// Changes go through the engine (engine/status_page.h); publishing and
// updates are recorded on the incident's timeline with the caller.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

// `ctx` must outlive the router.
void AddStatusPageRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
