// The sender's team of threads: every index once, calls that overlap, and
// the caller's thread alone for a team of one. Waits are condition variables
// with generous timeouts (a failure, not a sleep), never sleeps.

#include "notify/outbox/team.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>

namespace klaxon::notify::outbox {
namespace {

TEST(TeamTest, RunsEveryIndexExactlyOnceJobAfterJob) {
  Team team(4);
  for (int job = 0; job < 50; ++job) {
    std::vector<std::atomic<int>> calls(1 + job * 7);
    team.ForEach(calls.size(), [&](size_t i) { calls[i].fetch_add(1); });
    for (size_t i = 0; i < calls.size(); ++i) ASSERT_EQ(calls[i].load(), 1) << "job " << job << " index " << i;
  }
  team.ForEach(0, [](size_t) { FAIL() << "nothing to do"; });
}

TEST(TeamTest, TheCallsOfAJobRunAtTheSameTime) {
  Team team(3);
  std::mutex mu;
  std::condition_variable cv;
  int entered = 0;
  bool all_in = false;
  team.ForEach(3, [&](size_t) {
    std::unique_lock lock(mu);
    ++entered;
    cv.notify_all();
    // Only a team running all three at once gets past this before the timeout.
    if (cv.wait_for(lock, std::chrono::seconds(30), [&] { return entered == 3; })) all_in = true;
  });
  EXPECT_TRUE(all_in);
}

TEST(TeamTest, ATeamOfOneRunsOnTheCallersThread) {
  Team team(1);
  std::set<std::thread::id> threads;
  team.ForEach(5, [&](size_t) { threads.insert(std::this_thread::get_id()); });
  EXPECT_EQ(threads, std::set<std::thread::id>{std::this_thread::get_id()});
}

}  // namespace
}  // namespace klaxon::notify::outbox
