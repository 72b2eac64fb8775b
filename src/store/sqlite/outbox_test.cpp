// The notification outbox in the SQLite store: enqueue (with idempotency-key
// dedup), due rows per channel in order, attempts, the reads, durability
// across reopen; and the migration runner's handling of numbering gaps.

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "store/sqlite/sql.h"
#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::At;
using testing::MakeIncident;
using testing::StoreTest;

OutboxEntry Entry(int64_t incident_id, std::string channel, std::string key, int64_t due_ms) {
  OutboxEntry e;
  e.incident_id = incident_id;
  e.channel = std::move(channel);
  e.event = "incident.opened";
  e.idempotency_key = std::move(key);
  e.payload = R"({"event":"incident.opened"})";
  e.next_attempt_at = At(due_ms);
  e.created_at = At(due_ms);
  return e;
}

// Runs `sql` on the store file with a separate connection.
void Exec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

class OutboxTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store_ = OpenStore();
    ASSERT_TRUE(store_);
    auto uow = BeginOn(*store_);
    for (auto* inc : {&a_, &b_}) ASSERT_TRUE(uow->InsertIncident(*inc).has_value());
    ASSERT_TRUE(uow->Commit());
  }
  // Enqueues in its own unit of work; returns whether a row was added.
  bool Enqueue(OutboxEntry& e) {
    auto uow = BeginOn(*store_);
    auto added = uow->EnqueueNotification(e);
    EXPECT_TRUE(added.has_value()) << added.error().message;
    EXPECT_TRUE(uow->Commit());
    return added.value_or(false);
  }
  std::vector<OutboxEntry> Due(std::string_view channel, int64_t now_ms, int limit = 10) {
    auto uow = BeginOn(*store_);
    auto due = uow->DueNotifications(channel, At(now_ms), limit);
    EXPECT_TRUE(due.has_value()) << due.error().message;
    return due.value_or(std::vector<OutboxEntry>{});
  }
  Status Record(const NotificationAttempt& a) {
    auto uow = BeginOn(*store_);
    auto st = uow->RecordAttempt(a);
    if (!st) return st;
    return uow->Commit();
  }
  std::vector<int64_t> Ids(const std::vector<OutboxEntry>& rows) {
    std::vector<int64_t> ids;
    for (const auto& r : rows) ids.push_back(r.id);
    return ids;
  }

  std::unique_ptr<Store> store_;
  incident::Incident a_ = MakeIncident("a");
  incident::Incident b_ = MakeIncident("b");
};

TEST_F(OutboxTest, EnqueueRoundTripsAndTheSameKeyTwiceIsANoOp) {
  OutboxEntry e = Entry(a_.id, "slack", "INC-1:opened:1", 1000);
  ASSERT_TRUE(Enqueue(e));
  EXPECT_GT(e.id, 0);
  OutboxEntry again = Entry(a_.id, "slack", "INC-1:opened:1", 5000);
  again.payload = R"({"other":true})";
  EXPECT_FALSE(Enqueue(again));
  EXPECT_EQ(again.id, 0);
  // The same key on another channel is another notification.
  OutboxEntry pd = Entry(a_.id, "pagerduty", "INC-1:opened:1", 1000);
  EXPECT_TRUE(Enqueue(pd));

  auto listed = store_->ListNotifications(a_.id);
  ASSERT_TRUE(listed.has_value()) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  const OutboxEntry& got = (*listed)[0];
  EXPECT_EQ(got.id, e.id);
  EXPECT_EQ(got.incident_id, a_.id);
  EXPECT_EQ(got.channel, "slack");
  EXPECT_EQ(got.event, "incident.opened");
  EXPECT_EQ(got.idempotency_key, "INC-1:opened:1");
  EXPECT_EQ(got.payload, e.payload) << "the first enqueue wins";
  EXPECT_EQ(got.state, NotificationState::kPending);
  EXPECT_EQ(got.attempts, 0);
  EXPECT_EQ(got.next_attempt_at, At(1000));
  EXPECT_EQ(got.created_at, At(1000));
  EXPECT_EQ(got.last_error, "");
  EXPECT_EQ(got.receipt, "");
  EXPECT_FALSE(got.delivered_at);
  EXPECT_TRUE(store_->ListNotifications(b_.id)->empty());
}

TEST_F(OutboxTest, DueRowsArePerChannelOldestFirstAndWaitForOlderRowsOfTheirIncident) {
  OutboxEntry a1 = Entry(a_.id, "slack", "a1", 1000);
  OutboxEntry b1 = Entry(b_.id, "slack", "b1", 3000);
  OutboxEntry a2 = Entry(a_.id, "slack", "a2", 1000);
  OutboxEntry p1 = Entry(a_.id, "pagerduty", "p1", 1000);
  for (auto* e : {&a1, &b1, &a2, &p1}) ASSERT_TRUE(Enqueue(*e));

  EXPECT_EQ(Ids(Due("slack", 999)), std::vector<int64_t>{});
  // a2 waits for a1 (same incident and channel); b1 is not due yet.
  EXPECT_EQ(Ids(Due("slack", 1000)), std::vector<int64_t>{a1.id});
  EXPECT_EQ(Ids(Due("slack", 3000)), (std::vector<int64_t>{a1.id, b1.id}));
  EXPECT_EQ(Ids(Due("slack", 3000, 1)), std::vector<int64_t>{a1.id});
  EXPECT_EQ(Ids(Due("pagerduty", 3000)), std::vector<int64_t>{p1.id});
  EXPECT_EQ(store_->NextNotificationDue("slack").value_or(std::nullopt), At(1000));
  EXPECT_EQ(store_->NextNotificationDue("webhook").value_or(At(1)), std::nullopt);

  // a1 is retried later: a2 still waits behind it.
  ASSERT_TRUE(Record({.id = a1.id, .state = NotificationState::kPending,
                      .next_attempt_at = At(9000), .last_error = "slack: HTTP 500"}));
  EXPECT_EQ(Ids(Due("slack", 3000)), std::vector<int64_t>{b1.id});
  // Delivered: a2 is next.
  ASSERT_TRUE(Record({.id = a1.id, .state = NotificationState::kDelivered,
                      .next_attempt_at = At(9000), .receipt = "C1/1.0001",
                      .delivered_at = At(9500)}));
  EXPECT_EQ(Ids(Due("slack", 3000)), (std::vector<int64_t>{b1.id, a2.id}));
}

TEST_F(OutboxTest, AttemptsAreCountedAndReceiptsKept) {
  OutboxEntry e = Entry(a_.id, "slack", "k", 1000);
  ASSERT_TRUE(Enqueue(e));
  EXPECT_EQ(store_->FirstReceipt(a_.id, "slack").value_or("?"), "");
  ASSERT_TRUE(Record({.id = e.id, .state = NotificationState::kPending,
                      .next_attempt_at = At(2000), .last_error = "slack: HTTP 429"}));
  ASSERT_TRUE(Record({.id = e.id, .state = NotificationState::kDelivered,
                      .next_attempt_at = At(2000), .receipt = "C1/1.0001",
                      .delivered_at = At(2100)}));
  auto got = store_->ListNotifications(a_.id).value();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].attempts, 2);
  EXPECT_EQ(got[0].state, NotificationState::kDelivered);
  EXPECT_EQ(got[0].last_error, "");
  EXPECT_EQ(got[0].receipt, "C1/1.0001");
  EXPECT_EQ(got[0].delivered_at, At(2100));
  EXPECT_EQ(store_->FirstReceipt(a_.id, "slack").value_or(""), "C1/1.0001");
  EXPECT_EQ(store_->FirstReceipt(a_.id, "pagerduty").value_or("?"), "");
  EXPECT_EQ(store_->NextNotificationDue("slack").value_or(At(1)), std::nullopt);

  // A row that is no longer pending cannot be attempted again.
  auto again = Record({.id = e.id, .state = NotificationState::kFailed});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Record({.id = 4242, .state = NotificationState::kFailed}).error().code,
            ErrorCode::kConflict);
}

TEST_F(OutboxTest, FailedRowsAreCountedAndNeverDue) {
  OutboxEntry e = Entry(a_.id, "webhook", "k", 1000);
  ASSERT_TRUE(Enqueue(e));
  EXPECT_EQ(store_->CountFailedNotifications().value_or(-1), 0);
  ASSERT_TRUE(Record({.id = e.id, .state = NotificationState::kFailed,
                      .next_attempt_at = At(1000), .last_error = "webhook: HTTP 400"}));
  EXPECT_EQ(store_->CountFailedNotifications().value_or(-1), 1);
  EXPECT_TRUE(Due("webhook", 1'000'000).empty());
}

TEST_F(OutboxTest, RolledBackEnqueueLeavesNothingAndCommittedRowsSurviveReopen) {
  {
    auto uow = BeginOn(*store_);
    OutboxEntry e = Entry(a_.id, "slack", "dropped", 1000);
    ASSERT_TRUE(uow->EnqueueNotification(e).value_or(false));
  }
  EXPECT_TRUE(store_->ListNotifications(a_.id)->empty());
  OutboxEntry kept = Entry(a_.id, "slack", "kept", 1000);
  ASSERT_TRUE(Enqueue(kept));
  store_.reset();
  store_ = OpenStore();
  ASSERT_TRUE(store_);
  auto rows = store_->ListNotifications(a_.id).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].idempotency_key, "kept");
  OutboxEntry dropped_again = Entry(a_.id, "slack", "dropped", 1000);
  EXPECT_TRUE(Enqueue(dropped_again)) << "the rolled-back key was never taken";
}

TEST_F(OutboxTest, RowsAboutNoIncidentWaitForNothingAndBelongToNoIncident) {
  OutboxEntry h1 = Entry(0, "slack", "handoff:primary:1", 1000);
  OutboxEntry h2 = Entry(0, "slack", "handoff:primary:1:maya", 1000);
  h1.event = h2.event = "oncall.handoff";
  OutboxEntry a1 = Entry(a_.id, "slack", "a1", 1000);
  for (auto* e : {&h1, &h2, &a1}) ASSERT_TRUE(Enqueue(*e));
  auto due = Due("slack", 1000);
  EXPECT_EQ(Ids(due), (std::vector<int64_t>{h1.id, h2.id, a1.id}));
  EXPECT_EQ(due.at(0).incident_id, 0);
  EXPECT_EQ(due.at(0).event, "oncall.handoff");
  // h1 retried later: h2 does not wait behind it (no incident orders them).
  ASSERT_TRUE(Record({.id = h1.id, .state = NotificationState::kPending,
                      .next_attempt_at = At(9000), .last_error = "slack: HTTP 500"}));
  EXPECT_EQ(Ids(Due("slack", 1000)), (std::vector<int64_t>{h2.id, a1.id}));
  ASSERT_TRUE(Record({.id = h2.id, .state = NotificationState::kDelivered,
                      .next_attempt_at = At(1000), .receipt = "DU0MAYA/1.0001",
                      .delivered_at = At(1100)}));
  // Listed for no incident, and no incident threads under their receipts.
  EXPECT_EQ(store_->ListNotifications(a_.id)->size(), 1u);
  EXPECT_TRUE(store_->ListNotifications(0)->empty());
  EXPECT_EQ(store_->FirstReceipt(0, "slack").value_or("?"), "");
  EXPECT_EQ(store_->FirstReceipt(a_.id, "slack").value_or("?"), "");
}

TEST_F(OutboxTest, TheRebuildOfMigration8KeepsRowsAndIds) {
  OutboxEntry a1 = Entry(a_.id, "slack", "a1", 1000);
  OutboxEntry a2 = Entry(a_.id, "slack", "a2", 1000);
  for (auto* e : {&a1, &a2}) ASSERT_TRUE(Enqueue(*e));
  ASSERT_TRUE(Record({.id = a1.id, .state = NotificationState::kDelivered,
                      .next_attempt_at = At(1000), .receipt = "C1/1.0001",
                      .delivered_at = At(1100)}));
  store_.reset();
  // Run 0008 again, as on a database that predates it.
  Exec(options_.path, "DELETE FROM schema_migrations WHERE version = 8;");
  store_ = OpenStore();
  ASSERT_TRUE(store_);
  auto rows = store_->ListNotifications(a_.id).value();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, a1.id);
  EXPECT_EQ(rows[0].receipt, "C1/1.0001");
  EXPECT_EQ(rows[0].state, NotificationState::kDelivered);
  EXPECT_EQ(rows[1].id, a2.id);
  EXPECT_EQ(rows[1].state, NotificationState::kPending);
  OutboxEntry next = Entry(0, "slack", "h", 1000);
  ASSERT_TRUE(Enqueue(next));
  EXPECT_GT(next.id, a2.id) << "ids are never handed out twice";
}

TEST_F(OutboxTest, ABadLimitIsAnError) {
  auto uow = BeginOn(*store_);
  EXPECT_EQ(uow->DueNotifications("slack", At(0), 0).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(StoreTest, EveryMissingMigrationIsAppliedAndUnknownVersionsAreRefused) {
  { ASSERT_TRUE(OpenStore()); }
  // As if the database predated the outbox: 0004 is missing.
  Exec(options_.path, "DROP TABLE outbox; DELETE FROM schema_migrations WHERE version = 4;");
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    EXPECT_TRUE(store->ListNotifications(1).has_value()) << "outbox table created again";
  }
  // A version this build does not know (another branch's migration) is
  // refused, not ignored.
  Exec(options_.path, "INSERT INTO schema_migrations VALUES (99, '0099_elsewhere.sql', 0);");
  auto refused = Open(options_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("schema version 99"), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace klaxon::store::sqlite
