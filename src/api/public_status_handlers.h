#pragma once
// The public status page: read-only, no token (docs/api.md, "Status page").
//   GET /status                                        the page (HTML, no JavaScript)
//   GET /status/feed.atom                              Atom feed of incident updates
//   GET /api/v2/summary.json, status.json, components.json, incidents.json,
//       incidents/unresolved.json, scheduled-maintenances.json,
//       scheduled-maintenances/upcoming.json, scheduled-maintenances/active.json
//                                                      the Statuspage public API's shapes
// Each answer is built from what leads published (statuspage/rollup.h, a
// Snapshot at the injected clock's now) and nothing else. Only GET is
// registered: any other method gets 405.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

// `ctx` must outlive the router.
void AddPublicStatusRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
