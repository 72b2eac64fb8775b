#pragma once
// Slack interactivity: POST /api/v1/slack/actions (the Acknowledge, Resolve
// and Escalate buttons on incident messages) and POST /api/v1/slack/commands
// (`/incident ack|resolve|update|status|oncall ...`).
//
// Contract, for both endpoints:
// - The raw body must carry a valid Slack v0 signature under one of the
//   configured slack channels' `signing_secret`s, with a timestamp within 5
//   minutes of `wall` (Slack signs with real time, so this is the real clock
//   even under `serve --simulated-time`), and must not be a replay of a
//   request already accepted (the same signature twice). Otherwise: 401 and
//   nothing changes.
// - The Slack user must be a configured person (people[].slack); else an
//   ephemeral error, nothing changes. The person's role must allow the
//   command exactly as for the REST API (ack, resolve, update: engineer;
//   escalate: oncall; status, oncall: viewer); else an ephemeral refusal.
// - Changes run the same engine commands as the REST API, with actor = the
//   person id and via = "slack".
//
// Button clicks (actions): a payload whose response_url is not Slack's
// (ResponseUrlPolicy) is answered 400 and nothing changes. Otherwise the
// answer is an empty 200 at once (Slack wants it within 3 seconds, and
// ignores its body for block_actions); the click is then applied, and what
// happened (done, or why not) is posted as an ephemeral message to the
// response_url through `responder`, after the change is durable.
//
// Slash commands: the ephemeral answer is the body of the 200, sent once the
// change is durable (the engine answers well inside Slack's 3 seconds).

#include "api/context.h"
#include "core/clock.h"
#include "http/router.h"
#include "notify/slack/responder.h"

namespace klaxon::api {

struct SlackRouteOptions {
  const Clock* wall = nullptr;                    // required: real time
  notify::slack::Responder* responder = nullptr;  // required: answers to clicks
};

// `ctx` and everything `options` points to must outlive the router.
void AddSlackRoutes(http::Router& router, const Context& ctx, SlackRouteOptions options);

}  // namespace klaxon::api
