#pragma once
// Remediation over HTTP:
//   GET  /api/v1/incidents/{id}/actions                (viewer) the runbook's steps, the
//        incident's remediation runs and every audited step (who or what triggered it,
//        the exact command, state, exit/HTTP status, duration, output head and tail)
//   POST /api/v1/incidents/{id}/actions/{step}/approve (the step's requires_approval role)
//   POST /api/v1/incidents/{id}/actions/{step}/run     (engineer, and the step's role)
// {step} is the 1-based index in the runbook's actions. Commands go through
// the engine (engine::StepCommand); errors never hold secrets.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

// `ctx` must outlive the router.
void AddRemediationRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
