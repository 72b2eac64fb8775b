// Post-mortem records and action items in the SQLite store: put replaces,
// reads inside and outside the unit of work, overdue counts, item updates.
#include <gtest/gtest.h>

#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::At;
using testing::MakeIncident;
using testing::StoreTest;

class PostmortemStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store_ = OpenStore();
    ASSERT_TRUE(store_);
    auto uow = BeginOn(*store_);
    ASSERT_TRUE(uow->InsertIncident(inc_).has_value());
    ASSERT_TRUE(uow->Commit());
  }
  std::unique_ptr<Store> store_;
  incident::Incident inc_ = MakeIncident("g");
};

TEST_F(PostmortemStoreTest, RecordsArePutReadAndCountedWhenOverdue) {
  EXPECT_FALSE(*store_->GetPostmortem(inc_.id));
  postmortem::Record rec;
  rec.incident_id = inc_.id;
  rec.state = postmortem::State::kRequired;
  rec.reasons = {"SEV1", "affects \"payments\""};
  rec.decided_at = At(1000);
  rec.due = At(5000);
  {
    auto uow = BeginOn(*store_);
    ASSERT_TRUE(uow->PutPostmortem(rec));
    auto in = uow->GetPostmortem(inc_.id);
    ASSERT_TRUE(in && *in);
    EXPECT_EQ((*in)->reasons, rec.reasons);
    ASSERT_TRUE(uow->Commit());
  }
  EXPECT_EQ(*store_->CountOverduePostmortems(), 0);
  rec.overdue = true;
  {
    auto uow = BeginOn(*store_);
    ASSERT_TRUE(uow->PutPostmortem(rec));
    ASSERT_TRUE(uow->Commit());
  }
  EXPECT_EQ(*store_->CountOverduePostmortems(), 1);
  rec.state = postmortem::State::kWritten;
  rec.written_at = At(6000);
  rec.written_by = "maya";
  rec.url = "https://docs.example/pm/42";
  {
    auto uow = BeginOn(*store_);
    ASSERT_TRUE(uow->PutPostmortem(rec));
    ASSERT_TRUE(uow->Commit());
  }
  EXPECT_EQ(*store_->CountOverduePostmortems(), 0);  // written, however late
  auto got = store_->GetPostmortem(inc_.id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->state, postmortem::State::kWritten);
  EXPECT_EQ((*got)->reasons, rec.reasons);
  EXPECT_EQ((*got)->decided_at, At(1000));
  EXPECT_EQ((*got)->due, At(5000));
  EXPECT_TRUE((*got)->overdue);
  EXPECT_EQ((*got)->written_at, At(6000));
  EXPECT_EQ((*got)->written_by, "maya");
  EXPECT_EQ((*got)->url, "https://docs.example/pm/42");
}

TEST_F(PostmortemStoreTest, ActionItemsAreInsertedUpdatedAndListed) {
  postmortem::ActionItem a;
  a.incident_id = inc_.id;
  a.action = "Cap the pool";
  a.owner = "diego";
  a.due = At(9000);
  a.created_at = At(100);
  a.created_by = "maya";
  postmortem::ActionItem b = a;
  b.action = "Document it";
  b.due.reset();
  {
    auto uow = BeginOn(*store_);
    ASSERT_TRUE(uow->InsertActionItem(a));
    ASSERT_TRUE(uow->InsertActionItem(b));
    EXPECT_GT(b.id, a.id);
    a.status = postmortem::ItemStatus::kDone;
    a.reminded_at = At(9001);
    ASSERT_TRUE(uow->UpdateActionItem(a));
    ASSERT_TRUE(uow->Commit());
  }
  {
    auto uow = BeginOn(*store_);
    postmortem::ActionItem ghost = a;
    ghost.id = 999;
    EXPECT_EQ(uow->UpdateActionItem(ghost).error().code, ErrorCode::kNotFound);
  }
  auto items = store_->ListActionItems(inc_.id);
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].action, "Cap the pool");
  EXPECT_EQ((*items)[0].status, postmortem::ItemStatus::kDone);
  EXPECT_EQ((*items)[0].reminded_at, At(9001));
  EXPECT_EQ((*items)[0].created_by, "maya");
  EXPECT_EQ((*items)[1].due, std::nullopt);
  auto uow = BeginOn(*store_);
  auto one = uow->GetActionItem(b.id);
  ASSERT_TRUE(one && *one);
  EXPECT_EQ((*one)->action, "Document it");
  EXPECT_TRUE(store_->ListActionItems(inc_.id + 1)->empty());
}

}  // namespace
}  // namespace klaxon::store::sqlite
