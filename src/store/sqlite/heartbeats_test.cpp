// Heartbeats in the SQLite store: register, record, never move back, and
// survive closing and reopening the store (a restart of klaxon).
#include <gtest/gtest.h>

#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::At;
using testing::StoreTest;

class HeartbeatsTest : public StoreTest {
 protected:
  void Write(const std::function<Status(UnitOfWork&)>& f) {
    auto uow = BeginOn(*store_);
    ASSERT_TRUE(uow);
    auto st = f(*uow);
    ASSERT_TRUE(st) << st.error().message;
    ASSERT_TRUE(uow->Commit());
  }
  std::vector<HeartbeatRecord> List() {
    auto l = store_->ListHeartbeats();
    EXPECT_TRUE(l) << l.error().message;
    return l.value_or(std::vector<HeartbeatRecord>{});
  }
  std::unique_ptr<Store> store_;
};

TEST_F(HeartbeatsTest, RegisterRecordAndSurviveReopen) {
  store_ = OpenStore();
  ASSERT_TRUE(store_);
  EXPECT_TRUE(List().empty());
  Write([](UnitOfWork& u) { return u.RegisterHeartbeat("backup", At(1000)); });
  Write([](UnitOfWork& u) { return u.RegisterHeartbeat("backup", At(5000)); });
  auto l = List();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].name, "backup");
  EXPECT_EQ(l[0].registered_at, At(1000)) << "registering again changes nothing";
  EXPECT_FALSE(l[0].last_seen_at);

  Write([](UnitOfWork& u) { return u.RecordHeartbeat("backup", At(7000)); });
  Write([](UnitOfWork& u) { return u.RecordHeartbeat("backup", At(6000)); });
  Write([](UnitOfWork& u) { return u.RecordHeartbeat("cron", At(8000)); });

  store_.reset();
  store_ = OpenStore();
  ASSERT_TRUE(store_);
  l = List();
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].registered_at, At(1000));
  EXPECT_EQ(l[0].last_seen_at, At(7000)) << "an older beat does not move it back";
  EXPECT_EQ(l[1].name, "cron");
  EXPECT_EQ(l[1].registered_at, At(8000)) << "a first beat registers it";
  EXPECT_EQ(l[1].last_seen_at, At(8000));
}

TEST_F(HeartbeatsTest, RolledBackBeatIsNotKept) {
  store_ = OpenStore();
  ASSERT_TRUE(store_);
  {
    auto uow = BeginOn(*store_);
    ASSERT_TRUE(uow->RecordHeartbeat("backup", At(1000)));
  }
  EXPECT_TRUE(List().empty());
}

}  // namespace
}  // namespace klaxon::store::sqlite
