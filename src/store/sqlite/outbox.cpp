#include "store/sqlite/outbox.h"

#include <array>

#include <fmt/format.h>

#include "store/sqlite/guard.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/unit_of_work.h"

namespace klaxon::store::sqlite {
namespace {

constexpr std::array<std::string_view, 13> kOutboxColumns = {
    "id", "incident_id", "channel", "event", "idempotency_key", "payload", "state",
    "attempts", "next_attempt_at", "created_at", "last_error", "receipt", "delivered_at"};
constexpr std::string_view kOutboxQueries[] = {"due_notifications", "incident_notifications"};

std::optional<NotificationState> ParseState(std::string_view s) {
  if (s == "pending") return NotificationState::kPending;
  if (s == "delivered") return NotificationState::kDelivered;
  if (s == "failed") return NotificationState::kFailed;
  return std::nullopt;
}

}  // namespace

Result<OutboxEntry> ReadOutboxEntry(const Statement& stmt) {
  OutboxEntry e;
  e.id = stmt.Int(0);
  e.incident_id = stmt.Int(1);
  e.channel = stmt.Text(2);
  e.event = stmt.Text(3);
  e.idempotency_key = stmt.Text(4);
  e.payload = stmt.Text(5);
  auto state = ParseState(stmt.TextView(6));
  if (!state) {
    return Fail(ErrorCode::kInternal,
                fmt::format("sqlite store: outbox row {} has an unknown state", e.id));
  }
  e.state = *state;
  e.attempts = static_cast<int>(stmt.Int(7));
  e.next_attempt_at = stmt.TimeAt(8);
  e.created_at = stmt.TimeAt(9);
  e.last_error = stmt.Text(10);
  e.receipt = stmt.Text(11);
  e.delivered_at = stmt.OptionalTime(12);
  return e;
}

Status CheckOutboxRowShapes(Connection& conn) {
  for (std::string_view query : kOutboxQueries) {
    auto stmt = conn.Query(query);
    if (!stmt) return Fail(stmt.error());
    bool same = stmt->ColumnCount() == static_cast<int>(kOutboxColumns.size());
    for (int i = 0; same && i < stmt->ColumnCount(); ++i) {
      same = stmt->ColumnName(i) == kOutboxColumns[static_cast<size_t>(i)];
    }
    if (!same) {
      return Fail(ErrorCode::kInternal,
                  fmt::format("sqlite store: query {} does not select the documented columns",
                              query));
    }
  }
  return {};
}

void SqliteUnitOfWork::NoteFailure(const Error& error) {
  if (error.code != ErrorCode::kConflict && state_ == State::kOpen) state_ = State::kAborted;
}

Result<bool> SqliteUnitOfWork::EnqueueNotification(OutboxEntry& entry) {
  auto r = Guard("enqueue_notification", [&]() -> Result<bool> {
    if (auto st = Usable(); !st) return Fail(st.error());
    auto stmt = writer_.Query("enqueue_notification");
    if (!stmt) return Fail(stmt.error());
    // No incident (0) is NULL (0008_outbox_without_incident.sql).
    if (entry.incident_id == 0) {
      stmt->BindNull(":incident_id");
    } else {
      stmt->BindInt(":incident_id", entry.incident_id);
    }
    stmt->BindText(":channel", entry.channel);
    stmt->BindText(":event", entry.event);
    stmt->BindText(":idempotency_key", entry.idempotency_key);
    stmt->BindText(":payload", entry.payload);
    stmt->BindTime(":next_attempt_at", entry.next_attempt_at);
    stmt->BindTime(":created_at", entry.created_at);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return false;  // already enqueued
    entry.id = stmt->Int(0);
    return true;
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::vector<OutboxEntry>> SqliteUnitOfWork::DueNotifications(std::string_view channel,
                                                                    Time now, int limit) {
  auto r = Guard("due_notifications", [&]() -> Result<std::vector<OutboxEntry>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    if (limit <= 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("sqlite store: due_notifications: limit must be positive, got {}",
                              limit));
    }
    auto stmt = writer_.Query("due_notifications");
    if (!stmt) return Fail(stmt.error());
    stmt->BindText(":channel", channel);
    stmt->BindTime(":now", now);
    stmt->BindInt(":limit", limit);
    return CollectRows(*stmt, &ReadOutboxEntry);
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<bool> SqliteUnitOfWork::HasNotifications(int64_t incident_id, std::string_view channel) {
  auto r = Guard("has_notifications", [&]() -> Result<bool> {
    if (auto st = Usable(); !st) return Fail(st.error());
    auto stmt = writer_.Query("has_notifications");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":incident_id", incident_id);
    stmt->BindText(":channel", channel);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    return *row && stmt->Int(0) != 0;
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Status SqliteUnitOfWork::RecordAttempt(const NotificationAttempt& a) {
  auto r = Guard("record_attempt", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("record_attempt");
    if (!stmt) return Fail(stmt.error());
    std::string_view state = ToString(a.state);
    stmt->BindInt(":id", a.id);
    stmt->BindText(":state", state);
    stmt->BindTime(":next_attempt_at", a.next_attempt_at);
    stmt->BindText(":last_error", a.last_error);
    stmt->BindText(":receipt", a.receipt);
    stmt->BindOptionalTime(":delivered_at", a.delivered_at);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      return Fail(ErrorCode::kConflict,
                  fmt::format("notification {} does not exist or is no longer pending", a.id));
    }
    return {};
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::vector<OutboxEntry>> ListNotificationsOn(Connection& conn, int64_t incident_id) {
  auto stmt = conn.Query("incident_notifications");
  if (!stmt) return Fail(stmt.error());
  stmt->BindInt(":incident_id", incident_id);
  return CollectRows(*stmt, &ReadOutboxEntry);
}

Result<std::string> FirstReceiptOn(Connection& conn, int64_t incident_id,
                                   std::string_view channel) {
  auto stmt = conn.Query("first_receipt");
  if (!stmt) return Fail(stmt.error());
  stmt->BindInt(":incident_id", incident_id);
  stmt->BindText(":channel", channel);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::string();
  return stmt->Text(0);
}

Result<std::optional<Time>> NextNotificationDueOn(Connection& conn, std::string_view channel) {
  auto stmt = conn.Query("next_notification_due");
  if (!stmt) return Fail(stmt.error());
  stmt->BindText(":channel", channel);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row || stmt->IsNull(0)) return std::optional<Time>();
  return std::optional<Time>(stmt->TimeAt(0));
}

Result<int64_t> CountFailedNotificationsOn(Connection& conn) {
  auto stmt = conn.Query("count_failed_notifications");
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  return *row ? stmt->Int(0) : 0;
}

}  // namespace klaxon::store::sqlite
