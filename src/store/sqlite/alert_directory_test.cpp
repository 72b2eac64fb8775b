// The fingerprint directory: the flat table, and the store keeping it right
// across rollbacks and writes by another connection.

#include <gtest/gtest.h>

#include "store/sqlite/alert_directory.h"
#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::MakeAlert;
using testing::StoreTest;

TEST(FingerprintTable, FindsWhatWasInsertedThroughGrowthAndClear) {
  FingerprintTable table;
  EXPECT_EQ(table.Find(7), 0);
  for (uint64_t k = 0; k < 10'000; ++k) table.Insert(k * 3, static_cast<int64_t>(k + 1));
  EXPECT_EQ(table.size(), 10'000u);
  EXPECT_LE(table.size() * 4, table.capacity() * 3);
  for (uint64_t k = 0; k < 10'000; ++k) {
    ASSERT_EQ(table.Find(k * 3), static_cast<int64_t>(k + 1));
    ASSERT_EQ(table.Find(k * 3 + 1), 0);
  }
  table.Clear();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.Find(3), 0);
  table.Insert(0, 5);  // fingerprint 0 is a key like any other
  EXPECT_EQ(table.Find(0), 5);
}

TEST_F(StoreTest, RolledBackInsertsAreForgottenAndCommittedOnesFound) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  {
    auto uow = BeginOn(*store);
    ASSERT_TRUE(uow->PutAlert(MakeAlert(1)));
    auto found = uow->FindAlert(Fingerprint{1});  // pending, same unit of work
    ASSERT_TRUE(found.has_value() && found->has_value());
    // Dropped: rolled back.
  }
  {
    auto uow = BeginOn(*store);
    auto found = uow->FindAlert(Fingerprint{1});
    ASSERT_TRUE(found.has_value());
    EXPECT_FALSE(found->has_value());
    ASSERT_TRUE(uow->PutAlert(MakeAlert(2)));  // takes the row id the rollback freed
    ASSERT_TRUE(uow->PutAlert(MakeAlert(1)));
    ASSERT_TRUE(uow->Commit());
  }
  auto uow = BeginOn(*store);
  for (uint64_t fp : {1u, 2u}) {
    auto found = uow->FindAlert(Fingerprint{fp});
    ASSERT_TRUE(found.has_value() && found->has_value()) << fp;
    EXPECT_EQ((*found)->fingerprint.value, fp);
  }
  EXPECT_FALSE(uow->FindAlert(Fingerprint{3}).value().has_value());
}

TEST_F(StoreTest, AlertsInsertedByAnotherStoreAreFoundAndNotDuplicated) {
  auto first = OpenStore();
  auto second = OpenStore();
  ASSERT_TRUE(first && second);
  {
    auto uow = BeginOn(*first);  // loads nothing yet; first knows no alerts
    ASSERT_TRUE(uow->Commit());
  }
  {
    auto uow = BeginOn(*second);
    ASSERT_TRUE(uow->PutAlert(MakeAlert(42)));
    ASSERT_TRUE(uow->Commit());
  }
  auto uow = BeginOn(*first);
  auto found = uow->FindAlert(Fingerprint{42});
  ASSERT_TRUE(found.has_value() && found->has_value());
  AlertRecord changed = **found;
  changed.firing = false;
  ASSERT_TRUE(uow->PutAlert(changed));
  ASSERT_TRUE(uow->Commit());
  EXPECT_EQ(first->CountAlerts().value_or(-1), 1);
}

TEST_F(StoreTest, AnUpdateAfterFindWritesEveryChangedColumn) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  {
    auto uow = BeginOn(*store);
    ASSERT_TRUE(uow->PutAlert(MakeAlert(9)));
    ASSERT_TRUE(uow->Commit());
  }
  AlertRecord expected;
  {
    auto uow = BeginOn(*store);
    auto found = uow->FindAlert(Fingerprint{9});
    ASSERT_TRUE(found.has_value() && found->has_value());
    AlertRecord a = **found;
    a.last_received_at += std::chrono::seconds(60);  // times only
    *a.expires_at += std::chrono::seconds(60);
    ASSERT_TRUE(uow->PutAlert(a));
    a.annotations.Set("summary", "changed");  // no FindAlert in between
    a.generator_url = "http://elsewhere";
    ASSERT_TRUE(uow->PutAlert(a));
    ASSERT_TRUE(uow->Commit());
    expected = a;
  }
  auto uow = BeginOn(*store);
  auto found = uow->FindAlert(Fingerprint{9});
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->annotations, expected.annotations);
  EXPECT_EQ((*found)->generator_url, expected.generator_url);
  EXPECT_EQ((*found)->last_received_at, expected.last_received_at);
  EXPECT_EQ((*found)->expires_at, expected.expires_at);
}

}  // namespace
}  // namespace klaxon::store::sqlite
