// Readers alongside a writer, and writers one at a time. Threads coordinate
// through promises and atomics only; nothing sleeps.

#include <atomic>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::MakeAlert;
using testing::MakeIncident;
using testing::StoreTest;

TEST_F(StoreTest, ReadersSeeCommittedStateWhileAWriterHoldsAUnitOfWork) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  incident::Incident committed = MakeIncident("g");
  {
    auto uow = BeginOn(*store);
    ASSERT_TRUE(uow->InsertIncident(committed).has_value());
    ASSERT_TRUE(uow->PutAlert(MakeAlert(1, committed.id)));
    ASSERT_TRUE(uow->Commit());
  }

  std::promise<void> written;
  std::promise<void> read_done;
  std::thread writer([&, read_done_future = read_done.get_future()]() mutable {
    auto uow = store->Begin();
    ASSERT_TRUE(uow.has_value());
    incident::Incident pending = MakeIncident("g", "SEV1");
    EXPECT_TRUE((*uow)->InsertIncident(pending).has_value());
    EXPECT_TRUE((*uow)->PutAlert(MakeAlert(2, pending.id)));
    committed.title = "changed";
    EXPECT_TRUE((*uow)->UpdateIncident(committed));
    written.set_value();
    read_done_future.wait();  // keep the transaction open while main reads
    EXPECT_TRUE((*uow)->Commit());
  });

  written.get_future().wait();
  EXPECT_EQ(store->CountAlerts().value_or(-1), 1);
  auto listed = store->ListIncidents({});
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].title, "API latency");
  auto detail = store->GetIncidentDetail(committed.id);
  ASSERT_TRUE(detail.has_value() && detail->has_value());
  EXPECT_EQ((*detail)->alerts.size(), 1u);
  EXPECT_EQ((*detail)->incident.version, 1);
  auto counts = store->CountOpenBySeverity();
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(*counts, (std::vector<std::pair<std::string, int64_t>>{{"SEV2", 1}}));
  read_done.set_value();
  writer.join();

  EXPECT_EQ(store->CountAlerts().value_or(-1), 2);
  EXPECT_EQ(store->ListIncidents({}).value_or(std::vector<incident::Incident>{}).size(), 2u);
}

TEST_F(StoreTest, WritersTakeTurns) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  std::promise<void> a_began;
  std::promise<void> b_calling;
  std::atomic<bool> a_wrote{false};

  std::thread b([&, a_began_future = a_began.get_future()]() mutable {
    a_began_future.wait();
    b_calling.set_value();
    auto uow = store->Begin();  // waits for A's unit of work to end
    ASSERT_TRUE(uow.has_value());
    EXPECT_TRUE(a_wrote.load());  // B got in only after A's work
    auto found = (*uow)->FindAlert(Fingerprint{1});
    ASSERT_TRUE(found.has_value());
    EXPECT_TRUE(found->has_value());  // A's committed write is visible
    EXPECT_TRUE((*uow)->PutAlert(MakeAlert(2)));
    EXPECT_TRUE((*uow)->Commit());
  });

  {
    auto uow = BeginOn(*store);
    a_began.set_value();
    b_calling.get_future().wait();
    ASSERT_TRUE(uow->PutAlert(MakeAlert(1)));
    a_wrote.store(true);
    ASSERT_TRUE(uow->Commit());
  }
  b.join();
  EXPECT_EQ(store->CountAlerts().value_or(-1), 2);
}

TEST_F(StoreTest, ConcurrentReadersNeverSeeAHalfCommittedBatch) {
  options_.max_readers = 2;  // fewer connections than reader threads
  auto store = OpenStore();
  ASSERT_TRUE(store);
  constexpr int kBatches = 40;
  constexpr int kBatchSize = 50;
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      int64_t last = 0;
      while (!done.load()) {
        auto count = store->CountAlerts();
        ASSERT_TRUE(count.has_value()) << count.error().message;
        EXPECT_EQ(*count % kBatchSize, 0) << "saw a partial batch";
        EXPECT_GE(*count, last);
        last = *count;
        ASSERT_TRUE(store->NextDue().has_value());
        reads.fetch_add(1);
      }
    });
  }
  for (int batch = 0; batch < kBatches; ++batch) {
    auto uow = BeginOn(*store);
    ASSERT_TRUE(uow);
    for (int i = 0; i < kBatchSize; ++i) {
      ASSERT_TRUE(uow->PutAlert(MakeAlert(static_cast<uint64_t>(batch * kBatchSize + i + 1))));
    }
    ASSERT_TRUE(uow->Commit());
  }
  done.store(true);
  for (auto& t : readers) t.join();
  EXPECT_EQ(store->CountAlerts().value_or(-1), kBatches * kBatchSize);
  EXPECT_GT(reads.load(), 0);
}

}  // namespace
}  // namespace klaxon::store::sqlite
