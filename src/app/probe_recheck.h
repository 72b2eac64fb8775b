#pragma once
// Remediation re-checks answered by klaxon's own probes: `serve` gives the
// engine an engine::RecheckHook that calls probe::Runner::Covering (memory
// only, safe on the engine thread) and then JudgeRecheck. At a wait_and_recheck,
// the probes whose alert belongs to the incident say still failing or
// recovered, from what their checks saw since the wait began (the contract is
// engine::RecheckHook's, in engine/remediation.h).

#include <optional>
#include <vector>

#include "core/time.h"
#include "engine/remediation.h"
#include "probe/runner.h"

namespace klaxon::app {

// Pure: the opinion of `covering` (probe::Runner::Covering of the incident)
// on a re-check whose wait began at `since`. Each probe counts by its latest
// check, and only when that check started after `since`; nullopt when no
// probe has such a check. Failing when any counted probe's latest check
// failed. `firing_alerts` counts the covering probes whose alert the engine
// was last told is firing.
std::optional<engine::ProbeRecheck> JudgeRecheck(const std::vector<probe::ProbeStatus>& covering,
                                                 Time since);

}  // namespace klaxon::app
