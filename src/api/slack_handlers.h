#pragma once
// Slack interactivity: POST /api/v1/slack/actions (the Acknowledge, Resolve
// and Escalate buttons on incident messages) and POST /api/v1/slack/commands
// (`/incident ack|resolve|update|status|oncall ...`).
//
// Contract, for both endpoints:
// - The raw body must carry a valid Slack v0 signature under one of the
//   configured slack channels' `signing_secret`s, with a timestamp within 5
//   minutes of `wall` (Slack signs with real time, so this is the real clock
//   even under `serve --simulated-time`). Otherwise: 401 and nothing changes.
// - The Slack user must be a configured person (people[].slack); else an
//   ephemeral error, nothing changes. The person's role must allow the
//   command exactly as for the REST API (ack, resolve, update: engineer;
//   escalate: oncall; status, oncall: viewer); else an ephemeral refusal.
// - Changes run the same engine commands as the REST API, with actor = the
//   person id and via = "slack". The answer (200, ephemeral JSON) is sent
//   once the change is durable, well inside Slack's 3 seconds.

#include "api/context.h"
#include "core/clock.h"
#include "http/router.h"

namespace klaxon::api {

// `ctx` and `wall` must outlive the router.
void AddSlackRoutes(http::Router& router, const Context& ctx, const Clock& wall);

}  // namespace klaxon::api
