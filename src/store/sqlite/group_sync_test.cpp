// Group sync: WhenDurable() answers every waiter once, in order, after the
// commits before it; without group sync it answers at once.

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sqlite/syncer.h"
#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite::testing {
namespace {

class GroupSyncTest : public StoreTest {
 protected:
  void CommitAlert(Store& store, uint64_t fp) {
    auto uow = BeginOn(store);
    ASSERT_TRUE(uow);
    ASSERT_TRUE(uow->PutAlert(MakeAlert(fp)));
    ASSERT_TRUE(uow->Commit());
  }
};

TEST_F(GroupSyncTest, WithoutGroupSyncWhenDurableAnswersAtOnce) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  CommitAlert(*store, 1);
  bool called = false;
  store->WhenDurable([&](Status st) {
    EXPECT_TRUE(st);
    called = true;
  });
  EXPECT_TRUE(called);  // on this thread, before WhenDurable returned
}

TEST_F(GroupSyncTest, GroupSyncAnswersEachWaiterOnceInOrderOnItsOwnThread) {
  options_.group_sync = true;
  auto store = OpenStore();
  ASSERT_TRUE(store);
  std::mutex mu;
  std::vector<int> order;
  std::vector<std::thread::id> threads;
  std::promise<void> last;
  constexpr int kWaiters = 50;
  for (int i = 0; i < kWaiters; ++i) {
    CommitAlert(*store, 100 + i);
    store->WhenDurable([&, i](Status st) {
      EXPECT_TRUE(st) << st.error().message;
      std::lock_guard lock(mu);
      order.push_back(i);
      threads.push_back(std::this_thread::get_id());
      if (i == kWaiters - 1) last.set_value();
    });
  }
  last.get_future().wait();
  std::lock_guard lock(mu);
  ASSERT_EQ(order.size(), static_cast<size_t>(kWaiters));
  for (int i = 0; i < kWaiters; ++i) EXPECT_EQ(order[i], i);
  for (auto id : threads) EXPECT_NE(id, std::this_thread::get_id());
  auto count = store->CountAlerts();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, kWaiters);
}

TEST_F(GroupSyncTest, ClosingTheStoreAnswersEveryWaiter) {
  options_.group_sync = true;
  std::atomic<int> answered{0};
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    for (int i = 0; i < 200; ++i) {
      CommitAlert(*store, 1000 + i);
      store->WhenDurable([&](Status st) {
        EXPECT_TRUE(st);
        answered.fetch_add(1);
      });
    }
  }  // the destructor syncs and answers what is still waiting
  EXPECT_EQ(answered.load(), 200);
  // And what was confirmed is there after reopening without group sync.
  options_.group_sync = false;
  auto reopened = OpenStore();
  ASSERT_TRUE(reopened);
  auto count = reopened->CountAlerts();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 200);
}

TEST(SyncerTest, AMissingWalIsAnError) {
  auto syncer = Syncer::Start("/nonexistent-klaxon-dir/klaxon.db-wal");
  ASSERT_FALSE(syncer);
  EXPECT_EQ(syncer.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(syncer.error().message.find("WAL"), std::string::npos);
}

}  // namespace
}  // namespace klaxon::store::sqlite::testing
