#pragma once
// The SQLite UnitOfWork: one BEGIN IMMEDIATE transaction on the writer
// connection, held exclusively through the store's WriterSlot.
//
// Lifetime: created by SqliteStore::Begin() with the slot taken and the
// transaction begun; must be destroyed before the store. Commit() releases
// the slot as soon as the transaction is durable; destroying it uncommitted
// rolls back and releases it.
//
// Failure: an operation failing with anything but kConflict aborts the unit
// of work (as a failed statement aborts a PostgreSQL transaction): every later
// call, Commit() included, fails, and nothing it wrote becomes visible.
//
// Alerts live in the store's AlertLog (alert_log.h): FindAlert and
// ExpiredAlerts read memory (the committed state overlaid with this unit of
// work's own writes), PutAlert encodes the record into the log's pending
// set, and Commit() appends the pending records as one log row inside the
// transaction, then merges them into memory once COMMIT succeeded. A rollback
// drops them.

#include <cstdint>
#include <string>

#include "store/sqlite/alert_log.h"
#include "store/sqlite/checkpointer.h"

#include "store/sqlite/connection.h"
#include "store/sqlite/writer_slot.h"
#include "store/api_tokens.h"
#include "store/store.h"

namespace klaxon::store::sqlite {

class SqliteUnitOfWork final : public UnitOfWork {
 public:
  // Takes over `slot`, which the caller holds, and the open transaction.
  // `alerts` is caught up and has nothing pending; `checkpointer` bounds
  // the WAL after Commit().
  SqliteUnitOfWork(Connection& writer, WriterSlot& slot, AlertLog& alerts,
                   Checkpointer& checkpointer);
  ~SqliteUnitOfWork() override;
  SqliteUnitOfWork(const SqliteUnitOfWork&) = delete;
  SqliteUnitOfWork& operator=(const SqliteUnitOfWork&) = delete;

  Result<std::optional<AlertRecord>> FindAlert(Fingerprint fp) override;
  void WillFindAlert(Fingerprint fp) override;
  Status PutAlert(const AlertRecord& alert) override;
  Result<std::vector<AlertRecord>> ExpiredAlerts(Time now, int limit) override;

  Result<std::optional<incident::Incident>> GetIncident(int64_t id) override;
  Result<std::optional<incident::Incident>> LatestIncidentInGroup(
      std::string_view group_key) override;
  Result<int64_t> InsertIncident(incident::Incident& incident) override;
  Status UpdateIncident(incident::Incident& incident) override;
  Status UpdateIncidentCounts(incident::Incident& incident) override;

  Status AppendTimeline(incident::TimelineEntry& entry) override;
  Status UpdateTimelineText(int64_t seq, std::string_view text, std::string_view data) override;

  Status PutTimer(const Timer& timer) override;
  Status DeleteTimer(std::string_view key) override;
  Result<std::vector<Timer>> DueTimers(Time now, int limit) override;
  Result<std::optional<Timer>> GetTimer(std::string_view key) override;

  // Outbox (definitions in outbox.cpp).
  Result<bool> EnqueueNotification(OutboxEntry& entry) override;
  Result<std::vector<OutboxEntry>> DueNotifications(std::string_view channel, Time now,
                                                    int limit) override;
  Status RecordAttempt(const NotificationAttempt& attempt) override;
  Result<bool> HasNotifications(int64_t incident_id, std::string_view channel) override;

  // Heartbeats (definitions in heartbeats.cpp).
  Status RecordHeartbeat(std::string_view name, Time at) override;
  Status RegisterHeartbeat(std::string_view name, Time now) override;

  // API tokens (definitions in api_tokens.cpp; store/api_tokens.h has the
  // contract). Not part of UnitOfWork: SqliteStore runs each in a unit of
  // work of its own.
  Status InsertApiToken(const ApiTokenRecord& token);
  Status RevokeApiToken(std::string_view name, std::string_view by, Time at);

  // Remediation (definitions in remediation.cpp).
  Status InsertRemediationRun(RemediationRun& run) override;
  Status UpdateRemediationRun(const RemediationRun& run) override;
  Result<std::optional<RemediationRun>> GetRemediationRun(int64_t id) override;
  Result<std::optional<RemediationRun>> ActiveRemediationRun(std::string_view target_key) override;
  Result<std::optional<RemediationRun>> ActiveRemediationRunOf(int64_t incident_id) override;
  Result<int64_t> CountRemediationRuns(std::string_view runbook_id, Time since) override;
  Status InsertRemediationStep(RemediationStepRecord& step) override;
  Status FinishRemediationStep(const RemediationStepRecord& step) override;
  Result<std::optional<RemediationStepRecord>> GetRemediationStep(int64_t id) override;
  Result<std::vector<RemediationStepRecord>> UnfinishedRemediationSteps() override;
  // Post-mortems (definitions in postmortems.cpp).
  Status PutPostmortem(const postmortem::Record& record) override;
  Result<std::optional<postmortem::Record>> GetPostmortem(int64_t incident_id) override;
  Status InsertActionItem(postmortem::ActionItem& item) override;
  Status UpdateActionItem(const postmortem::ActionItem& item) override;
  Result<std::optional<postmortem::ActionItem>> GetActionItem(int64_t id) override;
  // The status page (definitions in status_page.cpp).
  Status InsertStatusIncident(statuspage::Incident& inc) override;
  Status UpdateStatusIncident(const statuspage::Incident& inc) override;
  Result<std::optional<statuspage::Incident>> GetStatusIncident(int64_t id) override;
  Result<std::optional<statuspage::Incident>> LatestStatusIncidentOf(int64_t incident_id) override;
  Status InsertStatusUpdate(statuspage::Update& update) override;
  Status InsertMaintenance(statuspage::Maintenance& m) override;
  Status CancelMaintenance(int64_t id, std::string_view by, Time at) override;
  Result<std::optional<statuspage::Maintenance>> GetMaintenance(int64_t id) override;

  Status Commit() override;

 private:
  enum class State { kOpen, kCommitted, kAborted };

  // kInternal unless the unit of work can still be used.
  Status Usable() const;
  // Passes `r` through; a failure other than kConflict aborts the unit of work.
  template <class T>
  T Track(T r);
  // The same for the outbox methods (outbox.cpp): aborts unless kConflict.
  void NoteFailure(const Error& error);
  // One guarded write-side operation (status_page.cpp): fails unless
  // Usable(), and a failure notes itself (NoteFailure).
  template <class F>
  auto Operation(std::string_view what, F&& body) -> decltype(body());

  Connection& writer_;
  SlotHold slot_;
  AlertLog& alerts_;
  Checkpointer& checkpointer_;
  State state_ = State::kOpen;
};

}  // namespace klaxon::store::sqlite
