// Remediation runs and steps in the SQLite store: the target hold, budget
// counts, started -> finished steps (finished once), unfinished steps after a
// reopen, and the incident listings.
#include <gtest/gtest.h>

#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::At;
using testing::MakeIncident;
using testing::StoreTest;

class RemediationStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store_ = OpenStore();
    ASSERT_TRUE(store_);
    auto uow = BeginOn(*store_);
    ASSERT_TRUE(uow->InsertIncident(inc_).has_value());
    ASSERT_TRUE(uow->Commit());
  }
  RemediationRun Run(int64_t at_ms, std::string target = "RB-1/service=api") {
    RemediationRun r;
    r.incident_id = inc_.id;
    r.runbook_id = "RB-1";
    r.target_key = std::move(target);
    r.started_at = At(at_ms);
    r.progress = R"({"next":0})";
    return r;
  }
  std::unique_ptr<Store> store_;
  incident::Incident inc_ = MakeIncident("g");
};

TEST_F(RemediationStoreTest, RunsHoldTargetsAndCountForBudgets) {
  auto uow = BeginOn(*store_);
  RemediationRun a = Run(1000), b = Run(5000, "RB-1/service=db");
  ASSERT_TRUE(uow->InsertRemediationRun(a));
  ASSERT_TRUE(uow->InsertRemediationRun(b));
  EXPECT_GT(b.id, a.id);
  auto held = uow->ActiveRemediationRun("RB-1/service=api");
  ASSERT_TRUE(held && *held);
  EXPECT_EQ((*held)->id, a.id);
  auto of = uow->ActiveRemediationRunOf(inc_.id);
  ASSERT_TRUE(of && *of);
  EXPECT_EQ((*of)->id, b.id);
  a.active = false;
  a.outcome = "recovered";
  a.finished_at = At(2000);
  ASSERT_TRUE(uow->UpdateRemediationRun(a));
  EXPECT_FALSE(*uow->ActiveRemediationRun("RB-1/service=api"));
  EXPECT_EQ(*uow->CountRemediationRuns("RB-1", At(1000)), 2);
  EXPECT_EQ(*uow->CountRemediationRuns("RB-1", At(1001)), 1);
  EXPECT_EQ(*uow->CountRemediationRuns("RB-2", At(0)), 0);
  ASSERT_TRUE(uow->Commit());
  {
    auto other = BeginOn(*store_);
    RemediationRun missing = Run(1);
    missing.id = 999;
    EXPECT_EQ(other->UpdateRemediationRun(missing).error().code, ErrorCode::kNotFound);
  }
  auto runs = store_->ListRemediationRuns(inc_.id);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].outcome, "recovered");
  EXPECT_EQ((*runs)[0].finished_at, At(2000));
  EXPECT_EQ((*runs)[1].progress, R"({"next":0})");
}

TEST_F(RemediationStoreTest, StepsFinishOnceAndSurviveReopenUnfinished) {
  RemediationStepRecord s;
  {
    auto uow = BeginOn(*store_);
    s.incident_id = inc_.id;
    s.step = 1;
    s.kind = "exec";
    s.name = "Restart";
    s.actor = "klaxon";
    s.via = "auto_remediate";
    s.command = R"({"argv":["railway","service","restart","api"]})";
    s.state = "started";
    s.started_at = At(1000);
    s.result = "{}";
    ASSERT_TRUE(uow->InsertRemediationStep(s));
    RemediationStepRecord other = s;
    ASSERT_TRUE(uow->InsertRemediationStep(other));
    other.state = "succeeded";
    other.finished_at = At(1500);
    other.result = R"({"exit_code":0})";
    ASSERT_TRUE(uow->FinishRemediationStep(other));
    EXPECT_EQ(uow->FinishRemediationStep(other).error().code, ErrorCode::kConflict);
    ASSERT_TRUE(uow->Commit());
  }
  store_.reset();
  store_ = OpenStore();
  ASSERT_TRUE(store_);
  auto uow = BeginOn(*store_);
  auto open = uow->UnfinishedRemediationSteps();
  ASSERT_TRUE(open);
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].id, s.id);
  EXPECT_EQ((*open)[0].command, s.command);
  auto listed = store_->ListRemediationSteps(inc_.id);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[1].result, R"({"exit_code":0})");
  EXPECT_EQ((*listed)[1].finished_at, At(1500));
}

}  // namespace
}  // namespace klaxon::store::sqlite
