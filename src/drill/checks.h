#pragma once
// The static half of `klaxon drill --check`, pure but for looking programs up
// on disk: whether each exec step of a runbook (its actions, and its
// automated diagnostics) names a program that exists, found as the runner
// would find it (remediate::FindProgram, in the PATH the step's process
// gets); and who a schedule has on call at an instant, with the extent of a
// gap when it has nobody.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "drill/report.h"

namespace klaxon::drill {

using InheritEnv = std::function<std::optional<std::string>(const std::string&)>;

// One error per exec step whose program is not found, naming the runbook,
// the step (number and name) and the PATH searched. A shell step is checked
// for its shell only. `inherit` is klaxon's own environment, as the
// runner passes PATH through (remediate/environment.h).
std::vector<Problem> CheckCommands(const config::Runbook& runbook, const InheritEnv& inherit);

// The gap of `schedule` at `t`; nullopt when someone is on call then (or the
// schedule is unknown).
std::optional<Gap> GapAt(const config::Config& config, const std::string& schedule, Time t);

// "slack U04MAYA0001, pagerduty PX1, phone +1 415 555 0101, email m@x"; ""
// when the person has no route.
std::string ContactOf(const config::Person& person);

}  // namespace klaxon::drill
