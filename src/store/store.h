#pragma once
// The storage seam. The domain talks to these interfaces only; adapters
// (store/sqlite today, store/postgres later) implement them. Nothing here
// assumes SQLite: a write happens inside a UnitOfWork that is one database
// transaction, incident updates are guarded by a version (so two writers
// cannot silently overwrite each other), and timers are rows with due times.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/labels.h"
#include "core/result.h"
#include "core/time.h"
#include "incident/incident.h"
#include "postmortem/postmortem.h"
#include "report/facts.h"
#include "statuspage/statuspage.h"

namespace klaxon::store {

// The durable state of one alert (one fingerprint).
struct AlertRecord {
  Fingerprint fingerprint;
  LabelSet labels;
  LabelSet annotations;
  bool firing = true;
  Time starts_at{};
  std::optional<Time> ends_at;       // when it ended, or a known future end
  Time last_received_at{};
  std::optional<Time> expires_at;    // firing alerts only: resolve if not refreshed by then
  int64_t incident_id = 0;
  std::string source;
  std::string integration;
  std::string generator_url;
  std::string external_key;
};

// A durable timer. At most one timer per key; putting a key again replaces it.
struct Timer {
  std::string key;           // e.g. "incident/42/quiet"
  std::string kind;          // e.g. "quiet_period"
  int64_t incident_id = 0;   // 0 when not about an incident
  Time due_at{};
  std::string payload;       // JSON, kind-specific ("{}" if none)
};

// The notification outbox (docs/notifications.md). One row per (channel,
// event): enqueued in the same unit of work as the incident change that
// caused it, delivered by the notification sender once that unit of work is
// durable, updated after every attempt.
enum class NotificationState { kPending, kDelivered, kFailed };
inline std::string_view ToString(NotificationState s) {
  switch (s) {
    case NotificationState::kPending: return "pending";
    case NotificationState::kDelivered: return "delivered";
    case NotificationState::kFailed: return "failed";
  }
  return "pending";
}

struct OutboxEntry {
  int64_t id = 0;               // assigned by the store, increasing
  int64_t incident_id = 0;      // 0: about no incident (a handoff brief)
  std::string channel;          // configured channel id
  std::string event;            // "incident.opened", ... (notify::ToString(Event))
  std::string idempotency_key;  // unique per channel; e.g. "INC-42:opened:17"
  std::string payload;          // JSON snapshot of the notification
  NotificationState state = NotificationState::kPending;
  int attempts = 0;
  Time next_attempt_at{};       // meaningful while pending
  Time created_at{};
  std::string last_error;       // "" when none; never holds a secret
  std::string receipt;          // the receiver's id for what it created ("" if none)
  std::optional<Time> delivered_at;
};

// The result of one delivery attempt on a pending row.
struct NotificationAttempt {
  int64_t id = 0;
  NotificationState state = NotificationState::kPending;  // pending: retry at next_attempt_at
  Time next_attempt_at{};
  std::string last_error;            // "" when delivered
  std::string receipt;               // "" keeps the stored receipt
  std::optional<Time> delivered_at;  // set when delivered
};

// A heartbeat probe's durable clock (probe kind `heartbeat`).
struct HeartbeatRecord {
  std::string name;                  // the probe id
  Time registered_at{};              // when klaxon first waited for it
  std::optional<Time> last_seen_at;  // the latest beat; nullopt: none yet
};

// Automated remediation (src/remediate/, engine/remediation.h). A run is one
// pass over a runbook's actions for one incident; `progress` is the runner's
// own JSON state, opaque to the store.
struct RemediationRun {
  int64_t id = 0;  // assigned by the store
  int64_t incident_id = 0;
  std::string runbook_id;
  std::string target_key;  // one active run per target key
  bool active = true;      // running, waiting or awaiting approval
  Time started_at{};
  std::optional<Time> finished_at;
  std::string outcome;     // "" while active
  std::string progress;    // JSON
};

// One audited step: written `started` before it runs, finished with its
// result. Also automated diagnostics and steps run by hand (run_id 0).
struct RemediationStepRecord {
  int64_t id = 0;  // assigned by the store
  int64_t run_id = 0;
  int64_t incident_id = 0;
  int step = 0;            // 1-based index in the runbook's actions / investigation
  std::string kind;        // exec | http | diagnostic
  std::string name;
  std::string actor;       // "klaxon" or a person/token name
  std::string via;         // auto_remediate | diagnostics | api | cli | slack
  std::string command;     // JSON: exact argv or method and URL; never secrets in headers
  std::string state;       // started | succeeded | failed | timed_out | interrupted | dry_run
  Time started_at{};
  std::optional<Time> finished_at;
  std::string result;      // JSON ("{}" while started)
};

struct IncidentFilter {
  std::vector<incident::Status> statuses;  // empty: any status
  bool open_only = false;                  // shorthand for every status but resolved
  std::string severity;                    // "" = any
  std::string runbook_id;                  // "" = any
  int limit = 100;
  int64_t before_id = 0;                   // 0 = newest first from the top
};

struct IncidentDetail {
  incident::Incident incident;
  std::vector<incident::TimelineEntry> timeline;  // oldest first
  std::vector<AlertRecord> alerts;                // firing first, then newest
};

// One write transaction. Not thread-safe: one owner at a time. Nothing is
// visible to readers or durable until Commit() returns ok; dropping a
// UnitOfWork without committing rolls everything back.
// After an operation fails with anything but kConflict, the unit of work is
// aborted (as a failed statement aborts a PostgreSQL transaction): later
// calls, Commit() included, fail, and it can only be dropped. A UnitOfWork
// must be destroyed before the Store that began it.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;

  virtual Result<std::optional<AlertRecord>> FindAlert(Fingerprint fp) = 0;
  // A hint that FindAlert(fp) comes soon, so an adapter may start fetching
  // what it will need (the SQLite adapter prefetches a hash slot into the CPU
  // cache). Changes nothing observable; the default ignores it.
  virtual void WillFindAlert(Fingerprint /*fp*/) {}
  virtual Status PutAlert(const AlertRecord& alert) = 0;  // insert or replace by fingerprint
  // Firing alerts whose expires_at <= now, oldest expiry first.
  virtual Result<std::vector<AlertRecord>> ExpiredAlerts(Time now, int limit) = 0;

  virtual Result<std::optional<incident::Incident>> GetIncident(int64_t id) = 0;
  // The most recently opened incident with this group key, open or not.
  virtual Result<std::optional<incident::Incident>> LatestIncidentInGroup(
      std::string_view group_key) = 0;
  // Assigns and returns the id; sets incident.id and incident.version = 1.
  virtual Result<int64_t> InsertIncident(incident::Incident& incident) = 0;
  // Writes only if the stored version equals incident.version, then bumps it.
  // kConflict when someone else wrote it first.
  virtual Status UpdateIncident(incident::Incident& incident) = 0;
  // The same guard and version bump, but writes only firing_alerts,
  // total_alerts and updated_at: for changes that touched nothing else (the
  // engine's flood path), so a busy incident costs a narrow update per batch.
  virtual Status UpdateIncidentCounts(incident::Incident& incident) = 0;

  // Assigns entry.seq.
  virtual Status AppendTimeline(incident::TimelineEntry& entry) = 0;
  // Rewrites the text and data of the line `seq` (everything else stays):
  // for a summary line that grows while a burst of alerts goes on.
  // kNotFound when there is no such line.
  virtual Status UpdateTimelineText(int64_t seq, std::string_view text, std::string_view data) = 0;

  virtual Status PutTimer(const Timer& timer) = 0;
  virtual Status DeleteTimer(std::string_view key) = 0;
  // Timers with due_at <= now, earliest first.
  virtual Result<std::vector<Timer>> DueTimers(Time now, int limit) = 0;
  // The timer with this key, this unit of work's writes included; nullopt
  // when there is none.
  virtual Result<std::optional<Timer>> GetTimer(std::string_view key) = 0;

  // Outbox. Inserts `entry` as pending with no attempts (its state, attempts,
  // last_error, receipt and delivered_at are ignored) and sets entry.id.
  // Returns false, writing nothing, when the channel already has a row with
  // this idempotency_key: enqueuing the same event twice is a no-op.
  virtual Result<bool> EnqueueNotification(OutboxEntry& entry) = 0;
  // Pending rows of `channel` with next_attempt_at <= now, oldest first. A
  // row is left out while an older row of the same incident and channel is
  // still pending, so one channel's messages about an incident keep their
  // order; rows about no incident wait for nothing. limit > 0.
  virtual Result<std::vector<OutboxEntry>> DueNotifications(std::string_view channel, Time now,
                                                            int limit) = 0;
  // Whether the outbox holds any row (any state) for this incident on this
  // channel, this unit of work's rows included.
  virtual Result<bool> HasNotifications(int64_t incident_id, std::string_view channel) = 0;
  // Records one attempt: attempts + 1 and the attempt's result. kConflict
  // when the row does not exist or is no longer pending.
  virtual Status RecordAttempt(const NotificationAttempt& attempt) = 0;

  // Heartbeats. A beat of `name` at `at` (a first beat also registers it at
  // `at`); last_seen_at never moves back.
  virtual Status RecordHeartbeat(std::string_view name, Time at) = 0;
  // Starts waiting for `name` at `now` unless it is already known.
  virtual Status RegisterHeartbeat(std::string_view name, Time now) = 0;

  // Remediation. Inserting sets run.id / step.id.
  virtual Status InsertRemediationRun(RemediationRun& run) = 0;
  // Writes active, finished_at, outcome and progress; kNotFound without the row.
  virtual Status UpdateRemediationRun(const RemediationRun& run) = 0;
  virtual Result<std::optional<RemediationRun>> GetRemediationRun(int64_t id) = 0;
  // The active run holding `target_key`, if any.
  virtual Result<std::optional<RemediationRun>> ActiveRemediationRun(
      std::string_view target_key) = 0;
  // The active run of an incident, if any.
  virtual Result<std::optional<RemediationRun>> ActiveRemediationRunOf(int64_t incident_id) = 0;
  // Runs of `runbook_id` started at or after `since` (budgets).
  virtual Result<int64_t> CountRemediationRuns(std::string_view runbook_id, Time since) = 0;
  virtual Status InsertRemediationStep(RemediationStepRecord& step) = 0;
  // Finishes a `started` step (state, finished_at, result). kConflict when
  // the step is not `started` any more (e.g. recorded as interrupted).
  virtual Status FinishRemediationStep(const RemediationStepRecord& step) = 0;
  virtual Result<std::optional<RemediationStepRecord>> GetRemediationStep(int64_t id) = 0;
  // Steps still `started`: after a restart, those a stop or crash cut off.
  virtual Result<std::vector<RemediationStepRecord>> UnfinishedRemediationSteps() = 0;

  // Post-mortems (migration 0010). Put inserts or replaces an incident's record.
  virtual Status PutPostmortem(const postmortem::Record& record) = 0;
  virtual Result<std::optional<postmortem::Record>> GetPostmortem(int64_t incident_id) = 0;
  // Inserting sets item.id.
  virtual Status InsertActionItem(postmortem::ActionItem& item) = 0;
  // Writes action, owner, due, status and reminded_at; kNotFound without the row.
  virtual Status UpdateActionItem(const postmortem::ActionItem& item) = 0;
  virtual Result<std::optional<postmortem::ActionItem>> GetActionItem(int64_t id) = 0;

  // The public status page (migration 0011). Inserting sets inc.id (its
  // `updates` are not written: InsertStatusUpdate does that).
  virtual Status InsertStatusIncident(statuspage::Incident& inc) = 0;
  // Writes name, status, impact, components, updated_at and the state
  // times; kNotFound without the row.
  virtual Status UpdateStatusIncident(const statuspage::Incident& inc) = 0;
  // With its updates, newest first; nullopt when there is none.
  virtual Result<std::optional<statuspage::Incident>> GetStatusIncident(int64_t id) = 0;
  // The newest status incident published about an internal incident.
  virtual Result<std::optional<statuspage::Incident>> LatestStatusIncidentOf(int64_t incident_id) = 0;
  // Sets update.id.
  virtual Status InsertStatusUpdate(statuspage::Update& update) = 0;
  // Sets m.id; cancelled_at and cancelled_by are written as given.
  virtual Status InsertMaintenance(statuspage::Maintenance& m) = 0;
  // kNotFound unless a window with this id exists and is not cancelled.
  virtual Status CancelMaintenance(int64_t id, std::string_view by, Time at) = 0;
  virtual Result<std::optional<statuspage::Maintenance>> GetMaintenance(int64_t id) = 0;

  virtual Status Commit() = 0;
};

// Thread-safe. Begin() serialises writers (a second caller waits until the
// first unit of work is committed or dropped); reads run concurrently with a
// writer and see only committed data.
// Begin() is not re-entrant: a thread that holds a UnitOfWork and calls
// Begin() again waits forever. Read methods are safe to call while holding
// one (they never see its uncommitted writes).
class Store {
 public:
  virtual ~Store() = default;

  virtual Result<std::unique_ptr<UnitOfWork>> Begin() = 0;

  virtual Result<std::vector<incident::Incident>> ListIncidents(const IncidentFilter& filter) = 0;
  virtual Result<std::optional<IncidentDetail>> GetIncidentDetail(int64_t id) = 0;
  // Open incidents per severity id, for /metrics and /readyz.
  virtual Result<std::vector<std::pair<std::string, int64_t>>> CountOpenBySeverity() = 0;
  // Earliest due time of any timer and of any alert expiry; nullopt if none.
  virtual Result<std::optional<Time>> NextDue() = 0;
  // Outbox reads. An incident's notifications, oldest first (empty when none).
  virtual Result<std::vector<OutboxEntry>> ListNotifications(int64_t incident_id) = 0;
  // The receipt of the oldest notification of this incident on this channel
  // that has one (the message later ones edit or thread under); "" if none.
  virtual Result<std::string> FirstReceipt(int64_t incident_id, std::string_view channel) = 0;
  // The earliest next_attempt_at of a pending notification of `channel`;
  // nullopt if none. Kept apart from NextDue(), which drives the engine: the
  // engine does not send notifications, so waking it for them would spin.
  virtual Result<std::optional<Time>> NextNotificationDue(std::string_view channel) = 0;
  // Notifications that failed for good, for the klaxon_notifications_failed gauge.
  virtual Result<int64_t> CountFailedNotifications() = 0;
  // Every heartbeat ever registered, by name.
  virtual Result<std::vector<HeartbeatRecord>> ListHeartbeats() = 0;

  // An incident's remediation runs and audited steps, oldest first.
  virtual Result<std::vector<RemediationRun>> ListRemediationRuns(int64_t incident_id) = 0;
  virtual Result<std::vector<RemediationStepRecord>> ListRemediationSteps(int64_t incident_id) = 0;
  // An incident's post-mortem record (nullopt before it first resolved) and
  // its action items, oldest first.
  virtual Result<std::optional<postmortem::Record>> GetPostmortem(int64_t incident_id) = 0;
  virtual Result<std::vector<postmortem::ActionItem>> ListActionItems(int64_t incident_id) = 0;
  // Required post-mortems flagged overdue and not written yet, for /metrics.
  virtual Result<int64_t> CountOverduePostmortems() = 0;
  // Response reports (report/report.h): the facts of the incidents opened at
  // or after `since`, newest first, at most `limit` (> 0; kInvalidArgument
  // otherwise). Reads only those incidents and a few index entries of each.
  virtual Result<std::vector<report::IncidentFacts>> ListResponseFacts(Time since, int limit) = 0;
  // What the public status page may show: status incidents unresolved or
  // resolved at or after `since` (newest first, with their updates, newest
  // first) and maintenance windows not cancelled that end at or after
  // `since` (by start).
  virtual Result<statuspage::Records> ReadStatusPage(Time since) = 0;
  // The newest status incident published about an internal incident, with its updates.
  virtual Result<std::optional<statuspage::Incident>> LatestStatusIncidentOf(int64_t incident_id) = 0;
  // A status incident by its id, with its updates; nullopt when there is none.
  virtual Result<std::optional<statuspage::Incident>> GetStatusIncident(int64_t id) = 0;
  // Number of stored alerts (all states), for stats and benchmarks.
  virtual Result<int64_t> CountAlerts() = 0;

  // Group durability. A UnitOfWork's Commit() makes its writes visible; an
  // adapter may make them durable later, so that one sync covers many
  // commits. `done` is called exactly once: with ok when every unit of work
  // whose Commit() returned before this call is durable (survives power
  // loss), or with an error. Anything promised to the outside world on the
  // strength of a commit (a 2xx, a notification) waits for this. It may run
  // on the calling thread before WhenDurable returns (an adapter that syncs
  // inside Commit()) or on another thread; it must not block. Thread-safe.
  virtual void WhenDurable(std::function<void(Status)> done) = 0;
};

}  // namespace klaxon::store
