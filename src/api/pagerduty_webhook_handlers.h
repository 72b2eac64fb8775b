#pragma once
// POST /api/v1/webhooks/pagerduty: PagerDuty v3 webhooks, so an acknowledge
// or resolve made in PagerDuty reaches the klaxon incident it was paged for.
//
// Contract:
// - X-PagerDuty-Signature must match the raw body under one of the
//   configured pagerduty channels' `webhook_secret`s; else 401, no change.
// - A delivery whose X-Webhook-Id (else event.id) was handled recently
//   answers 200 {"status":"duplicate"} and does nothing.
// - incident.acknowledged / incident.resolved whose data.incident_key is a
//   klaxon incident ref ("INC-42", the dedup key klaxon pages with) become
//   the engine's Acknowledge / Resolve with via = "pagerduty" and actor = the
//   person whose email is the agent's, else the agent's email or name as
//   given. Both are idempotent in the lifecycle (a second acknowledge adds no
//   timeline line; resolving a resolved incident changes nothing).
// - Other events, unknown keys, and incidents already closed answer 200
//   {"status":"ignored"}: PagerDuty must not retry them. A store failure
//   answers 503 so PagerDuty retries.

#include <memory>

#include "api/context.h"
#include "api/recent_ids.h"
#include "http/router.h"

namespace klaxon::api {

// How many recent webhook ids are remembered.
inline constexpr size_t kRecentWebhookIds = 4096;

// `ctx` must outlive the router.
void AddPagerDutyWebhookRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
