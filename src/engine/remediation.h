#pragma once
// The engine's remediation module: runs a runbook's automated actions and
// automated diagnostics for an incident, durably, in the engine's units of
// work. The decisions are the pure core's (remediate/plan.h); this module
// loads and writes the state (store::RemediationRun, RemediationStepRecord,
// a durable timer of kind kRemediationTimer), writes the timeline lines, and
// hands external steps (exec, http) to a worker through Options::run_step
// once the unit of work that recorded them as `started` is durable.
//
// The handbook's order, for a runbook with `auto_remediate: true`: the
// incident opens without paging (EscalationRules::remediate_first), the steps
// run in order, every result is posted as an update (Slack: a thread reply),
// a wait_and_recheck step re-checks after its wait, and escalation starts
// only when a re-check still fails, a step fails, a step needs an approval,
// the budget is spent or the target is busy.
//
// Crash safety: a step row is `started` before its process may start. After
// a restart, Recover() records every `started` step as `interrupted`, ends
// its run and escalates: an interrupted step is never re-run automatically,
// since klaxon cannot know whether it took effect or is safe to repeat (a
// restart, a failover). An engineer may run it by hand (RunByHand).
//
// Threading: engine thread only, like IncidentWriter.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "access/role.h"
#include "config/config.h"
#include "engine/incident_writer.h"
#include "remediate/progress.h"
#include "remediate/step_runner.h"
#include "store/store.h"

namespace klaxon::engine {

inline constexpr std::string_view kRemediationTimer = "remediation";

// What the probes covering an incident (those whose alert belongs to it) say
// at a re-check.
struct ProbeRecheck {
  bool failing = false;  // still failing; false: recovered
  // How many of the incident's firing alerts are those probes' own: their
  // verdict replaces them (a probe that recovered may still hold its alert
  // firing while it clears), the incident's other alerts still count.
  int64_t firing_alerts = 0;
  std::string detail;  // for the timeline: "probe api-up failing: HTTP 503"
};

// The probes' opinion of `incident` at a re-check whose wait began at
// `since` (the step before it finished then). nullopt: no opinion (no probe
// covers the incident, or none has completed a check that started after
// `since`); the incident's firing alerts decide alone then. A check that
// started at or before `since` may have seen the service before the step
// took effect, so it is never evidence either way: the answer rests on the
// latest check of each covering probe that started after `since` (the
// re-check time comes `wait` later, so with an interval shorter than the
// wait there is one). Called on the engine thread: it must answer from
// memory and never block (in `serve`: probe::Runner::Covering, see
// app/probe_recheck.h).
using RecheckHook =
    std::function<std::optional<ProbeRecheck>(const incident::Incident&, Time since)>;

struct RemediationOptions {
  const config::Config* config = nullptr;  // required
  // Runs an external step somewhere else and reports back through
  // Engine::SubmitStepResult. Empty: remediation and diagnostics are off.
  std::function<void(remediate::Job)> run_step;
  RecheckHook recheck;  // optional
  // klaxon's own environment, for the few variables passed through
  // (remediate/environment.h); empty: none.
  std::function<std::optional<std::string>(const std::string&)> inherit_env;
};

// Who asked for a step by hand or approved it.
struct Requester {
  std::string actor;
  std::string via;
  access::Role role = access::Role::kViewer;
};

class Remediation {
 public:
  explicit Remediation(RemediationOptions options);

  bool enabled() const { return static_cast<bool>(opt_.run_step); }

  // Every method runs inside the caller's unit of work `uow`, writing
  // incidents and lines through `writer` (of the same unit of work).

  // `incident` was just opened or re-opened by an alert with `labels`.
  Status Opened(store::UnitOfWork& uow, IncidentWriter& writer, incident::Incident& incident,
                const LabelSet& labels, Time now);
  // An alert of open `incident` fired again after it had gone to Monitoring
  // (the fix did not hold): the runbook's actions run again, under the same
  // rails as on opening (the budget, one run per target; the incident's own
  // run still going on is left to finish). Diagnostics do not run again.
  Status Refired(store::UnitOfWork& uow, IncidentWriter& writer, incident::Incident& incident,
                 const LabelSet& labels, Time now);
  // A worker finished the step of `result.step_row`.
  Status StepFinished(store::UnitOfWork& uow, IncidentWriter& writer,
                      const remediate::StepResult& result, Time now);
  // A timer of kind kRemediationTimer is due (the caller deleted it).
  Status TimerDue(store::UnitOfWork& uow, IncidentWriter& writer, const store::Timer& timer,
                  Time now);
  // Approves step `step` (1-based) of the incident's active run, which must
  // be waiting for it: kConflict otherwise, kPermissionDenied below the
  // step's role.
  Status Approve(store::UnitOfWork& uow, IncidentWriter& writer, incident::Incident& incident,
                 int step, const Requester& who, Time now);
  // Runs step `step` (1-based, exec or http) now, on an engineer's request:
  // at least engineer, and the step's approval role if it has one. The step
  // the active run waits on for approval is approved and run; any other runs
  // alone (audited, outside the run).
  Status RunByHand(store::UnitOfWork& uow, IncidentWriter& writer, incident::Incident& incident,
                   int step, const Requester& who, Time now);
  // After a restart: `started` steps become `interrupted` (see above).
  Status Recover(store::UnitOfWork& uow, IncidentWriter& writer, Time now);

  // Jobs recorded in the current unit of work: dispatch them (run_step) once
  // it is durable; drop them if it failed. Clears the list.
  std::vector<remediate::Job> TakeJobs() { return std::exchange(jobs_, {}); }
  // Whether a timer was set since the last call (the engine re-reads its next due time).
  bool TakeTimerSet() { return std::exchange(timer_set_, false); }

 private:
  struct Ctx;  // one call's unit of work, writer, incident, runbook and time
  Status Advance(Ctx& c, store::RemediationRun& run, remediate::Progress& p,
                 const Requester* approved_by);
  Status StartStep(Ctx& c, int64_t run_id, size_t index, const config::Action& action,
                   std::string_view kind, const std::string& actor, const std::string& via,
                   const LabelSet& labels, bool dry_run);
  Status Finish(Ctx& c, store::RemediationRun& run, const remediate::Progress& p,
                std::string outcome);
  Status Save(Ctx& c, store::RemediationRun& run, const remediate::Progress& p);
  Status Line(Ctx& c, std::string_view kind, std::string text, std::string data = "{}",
              std::string actor = "klaxon", std::string via = "remediation");
  // Queues `summary` for the update the call posts when it is done (a thread
  // reply in Slack): one update per call, since a notification shows the
  // incident as it is after the whole unit of work. Keeps the status unless
  // `status` is given.
  Status Tell(Ctx& c, std::string summary, std::optional<incident::Status> status = {});
  Status FlushTold();
  // Runs one public call: its updates are posted once, at its end.
  template <class Fn>
  Status Telling(Fn fn);
  Status DoOpened(store::UnitOfWork& uow, IncidentWriter& writer, incident::Incident& incident,
                  const LabelSet& labels, Time now);
  // Starts a run of the runbook's actions unless a rail forbids it.
  Status StartRun(Ctx& c, const LabelSet& labels, std::string_view why);
  Status DoStepFinished(store::UnitOfWork& uow, IncidentWriter& writer,
                        const remediate::StepResult& result, Time now);
  Status DoTimerDue(store::UnitOfWork& uow, IncidentWriter& writer, const store::Timer& timer,
                    Time now);
  Status DoApprove(store::UnitOfWork& uow, IncidentWriter& writer, incident::Incident& incident,
                   int step, const Requester& who, Time now);
  Status DoRunByHand(store::UnitOfWork& uow, IncidentWriter& writer, incident::Incident& incident,
                     int step, const Requester& who, Time now);
  Status EnsureEscalating(Ctx& c);
  bool DryRun(const config::Runbook& rb) const;
  std::string Ref(int64_t incident_id) const;

  RemediationOptions opt_;
  std::vector<remediate::Job> jobs_;
  bool timer_set_ = false;
  struct Told {
    incident::Incident* inc = nullptr;
    IncidentWriter* writer = nullptr;
    Time now{};
    std::vector<std::string> lines;
    std::optional<incident::Status> status;
    std::optional<incident::StepApproval> approval;
  };
  std::optional<Told> told_;  // the current call's update, not yet posted
};

}  // namespace klaxon::engine
