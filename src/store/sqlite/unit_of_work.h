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
// Alerts: FindAlert and PutAlert find rows through the store's AlertDirectory
// (fingerprint -> row id). New fingerprints are inserted (appended) and kept
// pending in the directory until Commit() succeeds; a rollback drops them.
// An update writes only the times when nothing else changed since the
// FindAlert that preceded it, so alerts_by_incident is left alone.

#include <cstdint>
#include <string>

#include "store/sqlite/alert_directory.h"
#include "store/sqlite/checkpointer.h"

#include "store/sqlite/connection.h"
#include "store/sqlite/writer_slot.h"
#include "store/store.h"

namespace klaxon::store::sqlite {

class SqliteUnitOfWork final : public UnitOfWork {
 public:
  // Takes over `slot`, which the caller holds, and the open transaction.
  // `directory` is caught up and has nothing pending; `checkpointer` bounds
  // the WAL after Commit().
  SqliteUnitOfWork(Connection& writer, WriterSlot& slot, AlertDirectory& directory,
                   Checkpointer& checkpointer);
  ~SqliteUnitOfWork() override;
  SqliteUnitOfWork(const SqliteUnitOfWork&) = delete;
  SqliteUnitOfWork& operator=(const SqliteUnitOfWork&) = delete;

  Result<std::optional<AlertRecord>> FindAlert(Fingerprint fp) override;
  Status PutAlert(const AlertRecord& alert) override;
  Result<std::vector<AlertRecord>> ExpiredAlerts(Time now, int limit) override;

  Result<std::optional<incident::Incident>> GetIncident(int64_t id) override;
  Result<std::optional<incident::Incident>> LatestIncidentInGroup(
      std::string_view group_key) override;
  Result<int64_t> InsertIncident(incident::Incident& incident) override;
  Status UpdateIncident(incident::Incident& incident) override;

  Status AppendTimeline(incident::TimelineEntry& entry) override;

  Status PutTimer(const Timer& timer) override;
  Status DeleteTimer(std::string_view key) override;
  Result<std::vector<Timer>> DueTimers(Time now, int limit) override;

  // Outbox (definitions in outbox.cpp).
  Result<bool> EnqueueNotification(OutboxEntry& entry) override;
  Result<std::vector<OutboxEntry>> DueNotifications(std::string_view channel, Time now,
                                                    int limit) override;
  Status RecordAttempt(const NotificationAttempt& attempt) override;

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

  // The columns of the row the last FindAlert returned that an update must
  // rewrite when they change; invalid after any PutAlert.
  struct Found {
    bool valid = false;
    Fingerprint fingerprint;
    int64_t id = 0;
    bool firing = false;
    int64_t starts_at = 0;
    int64_t incident_id = 0;
    std::string text;  // the stored text columns, length-prefixed (TextImage)
  };
  // Encodes `alert`'s text columns as Found::text does, into `out`.
  void TextImage(const AlertRecord& alert, std::string& out) const;

  Connection& writer_;
  SlotHold slot_;
  AlertDirectory& directory_;
  Checkpointer& checkpointer_;
  State state_ = State::kOpen;
  Found found_;
  // Reused encoding buffers: PutAlert runs thousands of times per transaction.
  std::string labels_json_;
  std::string annotations_json_;
  std::string image_;
};

}  // namespace klaxon::store::sqlite
