// Failures from the world (locks held by another process, damaged rows) come
// back as classified errors whose messages name rows by id only.

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::Entry;
using testing::MakeAlert;
using testing::MakeIncident;
using testing::StoreTest;

// A plain connection to the same file, standing in for another process.
class RawConnection {
 public:
  explicit RawConnection(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
  }
  ~RawConnection() { sqlite3_close(db_); }
  int Exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }

 private:
  sqlite3* db_ = nullptr;
};

TEST_F(StoreTest, WriteLockHeldElsewhereIsRetryableUnavailable) {
  options_.busy_timeout_ms = 20;
  auto store = OpenStore();
  ASSERT_TRUE(store);
  RawConnection other(options_.path);
  ASSERT_EQ(other.Exec("BEGIN IMMEDIATE"), SQLITE_OK);
  auto uow = store->Begin();
  ASSERT_FALSE(uow.has_value());
  EXPECT_EQ(uow.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(uow.error().retryable);
  // Reads are not blocked by the other writer.
  EXPECT_EQ(store->CountAlerts().value_or(-1), 0);
  ASSERT_EQ(other.Exec("ROLLBACK"), SQLITE_OK);
  // The failed Begin() released the writer: the next one succeeds.
  EXPECT_TRUE(BeginOn(*store));
}

// Damaged alert log rows are covered in alert_log_test.cpp (they fail Open()).
TEST_F(StoreTest, DamagedRowsFailWithTheirIdOnly) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  incident::Incident inc = MakeIncident("g");
  {
    auto uow = BeginOn(*store);
    ASSERT_TRUE(uow->InsertIncident(inc).has_value());
    ASSERT_TRUE(uow->PutAlert(MakeAlert(0xabcdef0123456789ULL, inc.id)));
    ASSERT_TRUE(uow->Commit());
  }
  {
    RawConnection other(options_.path);
    // The status is guarded by a CHECK constraint; the group labels are not.
    ASSERT_EQ(other.Exec("UPDATE incidents SET status = 'hunter2'"), SQLITE_CONSTRAINT);
    ASSERT_EQ(other.Exec("UPDATE incidents SET group_labels = '[\"hunter2\"]'"), SQLITE_OK);
  }
  auto detail = store->GetIncidentDetail(inc.id);
  ASSERT_FALSE(detail.has_value());
  EXPECT_NE(detail.error().message.find(std::to_string(inc.id)), std::string::npos);
  EXPECT_EQ(detail.error().message.find("hunter2"), std::string::npos) << detail.error().message;
  // The reader that failed mid-snapshot went back to the pool usable.
  auto counts = store->CountOpenBySeverity();
  ASSERT_TRUE(counts.has_value()) << counts.error().message;
  EXPECT_EQ(counts->size(), 1u);
  EXPECT_EQ(store->CountAlerts().value_or(-1), 1);
}

TEST_F(StoreTest, ConstraintFailuresDoNotEchoTheRow) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto uow = BeginOn(*store);
  incident::TimelineEntry orphan = Entry(4242, 1, "update");
  orphan.text = "hunter2";
  auto failed = uow->AppendTimeline(orphan);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(failed.error().retryable);
  EXPECT_EQ(failed.error().message.find("hunter2"), std::string::npos) << failed.error().message;
}

}  // namespace
}  // namespace klaxon::store::sqlite
