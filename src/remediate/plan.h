#pragma once
// The pure core of remediation: which step comes next, what a result or a
// re-check means, budgets and targets. No clock, no I/O: the engine's
// remediation module (engine/remediation.h) loads the state, asks, and
// applies the answer in one transaction.

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/labels.h"
#include "core/time.h"
#include "remediate/kinds.h"

namespace klaxon::remediate {

// What to do at step `index` of a runbook's actions.
enum class Next {
  kRun,            // an external step: run it in a worker (or, dry run: log "would run")
  kAwaitApproval,  // an external step that needs an approval it does not have yet
  kWait,           // wait_and_recheck: set the timer, then re-check
  kEscalate,       // page the on-call (and go on)
  kNotify,         // post the message to the incident's channels (and go on)
  kSetStatus,      // move the incident (and go on)
  kUnsupported,    // a kind that cannot run yet (sql): the remediation fails
  kFinished,       // past the last step
};

struct Decision {
  Next next = Next::kFinished;
  size_t index = 0;  // the step it is about (0-based)
};

// `approved` holds the indices of steps approved for this run.
Decision Decide(std::span<const config::Action> actions, size_t index,
                const std::set<size_t>& approved);

// What a wait_and_recheck step's re-check means.
enum class AfterRecheck {
  kRecovered,  // nothing is failing: remaining steps are skipped, status Monitoring
  kContinue,   // still failing and on_failure: continue: the next step
  kEscalate,   // still failing and on_failure: escalate: page, the run fails
};
AfterRecheck Recheck(const config::Action& step, bool still_failing);

// Whether a runbook may start another remediation, given how many it started
// since `now - budget.per`. An unlimited budget (runs == 0) always may.
bool WithinBudget(const config::RemediationBudget& budget, int64_t started_in_window);
// The start of the budget's window.
Time BudgetWindowStart(const config::RemediationBudget& budget, Time now);

// The key one remediation at a time is held by: the runbook and the values of
// its target labels, e.g. "RB-001/service=api".
std::string TargetKey(std::string_view runbook_id, const std::vector<std::string>& target_labels,
                      const LabelSet& labels);

// "Restart API", "step 2 (exec)": how a line names a step.
std::string StepName(const config::Action& step, size_t index);

}  // namespace klaxon::remediate
