#pragma once
// The engine: the single writer that turns ingested alerts, commands (ack,
// resolve, update, severity) and due timers into durable incident state, and
// that announces on-call handoffs (handoffs.h) through the outbox.
//
// Threading: Submit* are thread-safe and never block on I/O; they enqueue and
// return. Work runs on the engine thread (Start) or, in tests, on the caller's
// thread (RunPending). A completion is called once the transaction that
// carries its work is durable (Store::WhenDurable), or has failed: on the
// engine thread, or on the store's sync thread when the store syncs in the
// background. Completions must not block.
//
// Group commit: the engine drains up to Options::max_batch_alerts queued
// alerts into one transaction, and a store with group sync covers several
// transactions with one fsync while the engine builds the next, so
// durability costs one fsync per batch or less, not one per alert. A reply of
// 2xx is therefore only ever sent for alerts that are on disk.

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <variant>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "engine/alert_summaries.h"
#include "engine/commands.h"
#include "engine/postmortems.h"
#include "engine/reconcile.h"
#include "engine/remediation.h"
#include "engine/status_page.h"
#include "incident/escalation.h"
#include "ingest/alert.h"
#include "metrics/metrics.h"
#include "rules/router.h"
#include "store/store.h"

namespace klaxon::engine {

class IncidentWriter;

// What happened to each alert of one submission, in order.
struct AlertOutcome {
  AlertChange change = AlertChange::kIgnored;
  int64_t incident_id = 0;  // 0 when no incident is involved
};
struct IngestResult {
  std::vector<AlertOutcome> alerts;
};

using IngestDone = std::function<void(Result<IngestResult>)>;
using CommandDone = std::function<void(Result<incident::Incident>)>;
using PostmortemDone = std::function<void(Result<PostmortemState>)>;
using StatusPageDone = std::function<void(Result<StatusPageResult>)>;

struct Options {
  const config::Config* config = nullptr;  // required; must outlive the engine
  store::Store* store = nullptr;           // required; must outlive the engine
  const Clock* clock = nullptr;            // required; must outlive the engine
  metrics::Registry* metrics = nullptr;    // optional
  size_t max_queued_alerts = 200000;       // beyond this Submit reports overload
  size_t max_batch_alerts = 20000;         // alerts per transaction
  Duration idle_poll{std::chrono::seconds(1)};  // longest sleep between timer checks
  // Called on the engine thread after a commit that enqueued notifications
  // (the sender's Wake); must not block. Optional.
  std::function<void()> notifications_enqueued;
  // Automated remediation and diagnostics (engine/remediation.h): external
  // steps go to run_step once recorded durably (a worker pool in `serve`),
  // and come back through SubmitStepResult. Without run_step both are off
  // and incidents page at once, as for runbooks without actions.
  std::function<void(remediate::Job)> run_step;
  RecheckHook recheck;  // optional; the probes' verdict at a re-check
  std::function<std::optional<std::string>(const std::string&)> inherit_env;  // optional
};

// Approve or run a remediation step (the API's .../actions/{step}/approve|run).
struct StepCommand {
  enum class Op { kApprove, kRun };
  Op op = Op::kApprove;
  int64_t incident_id = 0;
  int step = 0;  // 1-based index in the runbook's actions
  Requester who;
};

class Engine {
 public:
  explicit Engine(Options options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Enqueues alerts. Returns false (and never calls `done`) when the queue is
  // full: the caller answers 429.
  bool SubmitAlerts(std::vector<ingest::Alert> alerts, IngestDone done);
  // Enqueues a command; `done` gets the incident after the change (or the error).
  void SubmitCommand(Command command, CommandDone done);
  // Enqueues a finished external step (from a worker); thread-safe.
  void SubmitStepResult(remediate::StepResult result);
  // Enqueues an approval or a manual run; `done` gets the incident after it.
  void SubmitStepCommand(StepCommand command, CommandDone done);
  // Enqueues a post-mortem command (postmortems.h); `done` gets the record
  // (and the item added or updated) once durable, or the error.
  void SubmitPostmortemCommand(PostmortemCommand command, PostmortemDone done);
  // Enqueues a status page command (status_page.h); `done` gets what it
  // published or scheduled once durable, or the error.
  void SubmitStatusPageCommand(StatusPageCommand command, StatusPageDone done);
  // Enqueues a pass over due timers and expiries; `done` runs after it has
  // committed. Lets a caller that moved a manual clock wait for the effects.
  void SubmitTick(std::function<void(Status)> done);

  // Starts the engine thread. Stop() drains nothing: queued work is answered
  // with kUnavailable so callers can retry elsewhere.
  void Start();
  void Stop();

  // Test and drill hook: processes everything queued and every due timer and
  // expiry on the calling thread. Must not be used while Start()ed.
  Status RunPending();

  bool running() const;

 private:
  struct IngestWork {
    std::vector<ingest::Alert> alerts;
    IngestDone done;
    Time enqueued;
  };
  struct CommandWork {
    Command command;
    CommandDone done;
  };
  struct TickWork {
    std::function<void(Status)> done;
  };
  struct StepResultWork {
    remediate::StepResult result;
  };
  struct StepCommandWork {
    StepCommand command;
    CommandDone done;
  };
  struct PostmortemWork {
    PostmortemCommand command;
    PostmortemDone done;
  };
  struct StatusPageWork {
    StatusPageCommand command;
    StatusPageDone done;
  };
  using Work = std::variant<IngestWork, CommandWork, TickWork, StepResultWork, StepCommandWork,
                            PostmortemWork, StatusPageWork>;

  void Loop();
  // Takes queued work (up to a batch) and runs it. Returns whether any was taken.
  bool DrainOnce();
  Status ProcessIngest(std::vector<IngestWork>& batch);
  void ProcessCommand(CommandWork& work);
  void ProcessStepResult(StepResultWork& work);
  void ProcessStepCommand(StepCommandWork& work);
  void ProcessPostmortem(PostmortemWork& work);
  void ProcessStatusPage(StatusPageWork& work);
  // Once, before any other work: steps a stop or crash cut off (remediation.h).
  void RecoverRemediation();
  // After a commit: hands the jobs recorded in it to run_step once durable.
  void DispatchJobs();
  Status ProcessDue();
  // klaxon_timer_lateness_seconds{kind}: now (after the commit) - due_at of
  // each timer of a known kind in `fired`.
  void ObserveLateness(const std::vector<store::Timer>& fired) const;
  // On-call handoff briefs (handoffs.h). PrepareHandoffs runs
  // ScheduleHandoffs once per engine (again after a failure): each briefed
  // schedule's durable timer is put, kept or removed. ProcessHandoffs fires
  // the due ones, after the incidents' own due work, one unit of work for all.
  void PrepareHandoffs();
  Status ScheduleHandoffs();
  Status ProcessHandoffs();
  // The update cadence (incident/lifecycle.h). PrepareCadence runs
  // ResumeCadence once per engine (again after a failure), before any other
  // work: every open incident with a cadence but no update_due timer gets one
  // (engine_cadence.cpp).
  void PrepareCadence();
  Status ResumeCadence();
  void RefreshNextDue();
  // After a commit: tells the sender when `writer` enqueued notifications.
  void NotifyEnqueued(const IncidentWriter& writer) const;
  // Calls `then` once everything committed so far is durable.
  void WhenDurable(std::function<void(Status)> then);

  incident::Policy Policy() const;

  Options opt_;
  rules::Router router_;
  incident::EscalationRules escalation_;  // from the configuration; immutable
  // Severity id -> update cadence, from the configuration; immutable.
  std::map<std::string, Duration, std::less<>> update_every_;
  struct Meters;
  std::unique_ptr<Meters> meters_;
  Remediation remediation_;       // engine thread only
  bool recovered_ = false;        // engine thread only

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Work> queue_;        // guarded by mu_
  size_t queued_alerts_ = 0;      // guarded by mu_
  bool stop_ = false;             // guarded by mu_
  bool running_ = false;          // guarded by mu_
  AlertSummaries summaries_;      // engine thread only
  std::optional<Time> next_due_;  // engine thread only; never later than the truth
  bool next_due_stale_ = true;    // engine thread only: re-read next_due_ from the store
  bool handoffs_prepared_ = false;  // engine thread only
  bool cadence_prepared_ = false;   // engine thread only
  std::thread thread_;
};

}  // namespace klaxon::engine
