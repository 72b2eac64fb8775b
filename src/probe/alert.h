#pragma once
// Pure: a probe's state as the canonical alert every source produces
// (ingest/alert.h), so runbooks match probes exactly as they match webhook
// alerts. Its labels are the probe's (`probe` and `alertname` always among
// them), so its fingerprint is stable across runs and restarts; source is
// "probe" and the integration is the probe id.

#include "ingest/alert.h"
#include "probe/machine.h"
#include "probe/spec.h"

namespace klaxon::probe {

inline constexpr std::string_view kSource = "probe";

// Firing since the state's failing_since, at the state's severity ("" lets
// the runbook decide), with annotations `detail` and, when measured, `value`
// besides the configured ones.
ingest::Alert FiringAlert(const Spec& spec, const State& state);
// Resolved at `now`.
ingest::Alert ResolvedAlert(const Spec& spec, const State& state, Time now);

}  // namespace klaxon::probe
