// A verified Slack request is accepted once: the same signature again, while
// its timestamp is still inside the window, is a replay.
#include "notify/slack/replay_guard.h"

#include <gtest/gtest.h>

namespace klaxon::notify::slack {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Time kT0 = ParseTimestamp("2025-08-07T10:00:00Z").value();
constexpr std::string_view kSigA = "v0=aaaa000000000000000000000000000000000000000000000000000000000001";
constexpr std::string_view kSigB = "v0=bbbb000000000000000000000000000000000000000000000000000000000002";

TEST(ReplayGuard, TheSameSignatureIsAcceptedOnceWhileItsTimestampIsValid) {
  ReplayGuard guard(minutes(5));
  EXPECT_TRUE(guard.FirstSeen(kSigA, kT0, kT0));
  EXPECT_FALSE(guard.FirstSeen(kSigA, kT0, kT0 + seconds(1)));
  EXPECT_FALSE(guard.FirstSeen(kSigA, kT0, kT0 + minutes(5))) << "still inside the window";
  EXPECT_TRUE(guard.FirstSeen(kSigB, kT0, kT0 + seconds(2))) << "another request";
}

TEST(ReplayGuard, SignaturesCompareWithoutRegardToHexCase) {
  ReplayGuard guard(minutes(5));
  EXPECT_TRUE(guard.FirstSeen("v0=ABCDEF", kT0, kT0));
  EXPECT_FALSE(guard.FirstSeen("v0=abcdef", kT0, kT0));
}

TEST(ReplayGuard, SignaturesAreForgottenOnceTheirTimestampLeavesTheWindow) {
  ReplayGuard guard(minutes(5));
  EXPECT_TRUE(guard.FirstSeen(kSigA, kT0, kT0));
  // A request signed 4 minutes in the future stays remembered longer.
  EXPECT_TRUE(guard.FirstSeen(kSigB, kT0 + minutes(4), kT0));
  EXPECT_EQ(guard.size(), 2u);
  EXPECT_TRUE(guard.FirstSeen("v0=cc", kT0 + minutes(6), kT0 + minutes(6)));
  EXPECT_EQ(guard.size(), 2u) << "A expired at T0+5m; B lasts until T0+9m";
  EXPECT_FALSE(guard.FirstSeen(kSigB, kT0 + minutes(4), kT0 + minutes(6)));
}

TEST(ReplayGuard, HoldsAtMostItsCapacityForgettingTheSoonestToExpire) {
  ReplayGuard guard(minutes(5), 2);
  EXPECT_TRUE(guard.FirstSeen("v0=01", kT0 + seconds(1), kT0));
  EXPECT_TRUE(guard.FirstSeen("v0=02", kT0 + seconds(2), kT0));
  EXPECT_TRUE(guard.FirstSeen("v0=03", kT0 + seconds(3), kT0));
  EXPECT_EQ(guard.size(), 2u);
  EXPECT_FALSE(guard.FirstSeen("v0=03", kT0 + seconds(3), kT0));
  EXPECT_FALSE(guard.FirstSeen("v0=02", kT0 + seconds(2), kT0));
  EXPECT_TRUE(guard.FirstSeen("v0=01", kT0 + seconds(1), kT0)) << "01 expired first, so it went";
}

}  // namespace
}  // namespace klaxon::notify::slack
