#pragma once
// The escalation part of the configuration as the lifecycle reads it
// (incident::EscalationRules), built once when the engine starts.

#include "config/config.h"
#include "incident/escalation.h"

namespace klaxon::engine {

// Every policy and schedule, each severity's response time, and the policy
// of every (runbook, severity) pair (runbook "" for unmatched alerts) that
// config::Config::EscalationFor names.
incident::EscalationRules EscalationRulesFrom(const config::Config& config);

}  // namespace klaxon::engine
