// The hold/clear state machine, exhaustively: every phase against every
// verdict, with and without `for` / `clear_for`, at and around the edges,
// and what must be sent for every (phase, delivered) pair.
#include "probe/machine.h"

#include <gtest/gtest.h>

namespace klaxon::probe {
namespace {

using namespace std::chrono_literals;

const Time t0 = FromUnixMillis(1'750'000'000'000);

Verdict Fail(std::string severity = "") { return Verdict{true, std::move(severity), "down", {}}; }
Verdict Ok() { return Verdict{false, "", "up", {}}; }

State At(Phase phase, Time since, std::string severity = "") {
  State s;
  s.phase = phase;
  s.observed = true;
  s.since = since;
  s.failing_since = since;
  if (phase != Phase::kOk) s.severity = std::move(severity);
  return s;
}

TEST(ProbeMachine, FirstObservationSetsObservedAndSince) {
  State s = Observe(State{}, Ok(), {}, t0);
  EXPECT_TRUE(s.observed);
  EXPECT_EQ(s.phase, Phase::kOk);
  EXPECT_EQ(s.since, t0);
  EXPECT_EQ(s.detail, "up");
}

TEST(ProbeMachine, OkFailingWithoutForFiresAtOnce) {
  State s = Observe(At(Phase::kOk, t0), Fail(), {0ms, 0ms}, t0 + 10s);
  EXPECT_EQ(s.phase, Phase::kFiring);
  EXPECT_EQ(s.since, t0 + 10s);
  EXPECT_EQ(s.failing_since, t0 + 10s);
}

TEST(ProbeMachine, OkFailingWithForIsPending) {
  State s = Observe(At(Phase::kOk, t0), Fail(), {1min, 0ms}, t0 + 10s);
  EXPECT_EQ(s.phase, Phase::kPending);
  EXPECT_EQ(s.since, t0 + 10s);
  EXPECT_EQ(s.failing_since, t0 + 10s);
}

TEST(ProbeMachine, PendingFiresOnlyOnceForHasElapsed) {
  const Timing timing{1min, 0ms};
  State pending = At(Phase::kPending, t0);
  EXPECT_EQ(Observe(pending, Fail(), timing, t0 + 59'999ms).phase, Phase::kPending);
  State fired = Observe(pending, Fail(), timing, t0 + 1min);
  EXPECT_EQ(fired.phase, Phase::kFiring);
  EXPECT_EQ(fired.since, t0 + 1min);
  EXPECT_EQ(fired.failing_since, t0) << "the alert starts when the failure began";
}

TEST(ProbeMachine, PendingHealthyReturnsToOk) {
  State s = Observe(At(Phase::kPending, t0, "SEV2"), Ok(), {1min, 0ms}, t0 + 30s);
  EXPECT_EQ(s.phase, Phase::kOk);
  EXPECT_EQ(s.since, t0 + 30s);
  EXPECT_EQ(s.severity, "");
}

TEST(ProbeMachine, FiringFailingStaysFiringAndTakesTheLatestSeverity) {
  State s = Observe(At(Phase::kFiring, t0, "SEV3"), Fail("SEV2"), {}, t0 + 30s);
  EXPECT_EQ(s.phase, Phase::kFiring);
  EXPECT_EQ(s.since, t0);
  EXPECT_EQ(s.severity, "SEV2");
}

TEST(ProbeMachine, FiringHealthyWithoutClearForResolvesAtOnce) {
  State s = Observe(At(Phase::kFiring, t0, "SEV2"), Ok(), {0ms, 0ms}, t0 + 30s);
  EXPECT_EQ(s.phase, Phase::kOk);
  EXPECT_EQ(s.since, t0 + 30s);
  EXPECT_EQ(s.severity, "");
}

TEST(ProbeMachine, FiringHealthyWithClearForIsClearing) {
  State s = Observe(At(Phase::kFiring, t0, "SEV2"), Ok(), {0ms, 2min}, t0 + 30s);
  EXPECT_EQ(s.phase, Phase::kClearing);
  EXPECT_EQ(s.since, t0 + 30s);
  EXPECT_EQ(s.severity, "SEV2") << "still firing while it clears";
}

TEST(ProbeMachine, ClearingResolvesOnlyOnceClearForHasElapsed) {
  const Timing timing{0ms, 2min};
  State clearing = At(Phase::kClearing, t0, "SEV2");
  EXPECT_EQ(Observe(clearing, Ok(), timing, t0 + 119'999ms).phase, Phase::kClearing);
  State ok = Observe(clearing, Ok(), timing, t0 + 2min);
  EXPECT_EQ(ok.phase, Phase::kOk);
  EXPECT_EQ(ok.severity, "");
}

TEST(ProbeMachine, ClearingFailingFiresAgainWithoutWaitingForFor) {
  State s = Observe(At(Phase::kClearing, t0, "SEV2"), Fail("SEV2"), {5min, 2min}, t0 + 30s);
  EXPECT_EQ(s.phase, Phase::kFiring);
  EXPECT_EQ(s.since, t0 + 30s);
}

TEST(ProbeMachine, OkHealthyStaysOkAndKeepsSince) {
  State s = Observe(At(Phase::kOk, t0), Ok(), {1min, 1min}, t0 + 30s);
  EXPECT_EQ(s.phase, Phase::kOk);
  EXPECT_EQ(s.since, t0);
}

// Every phase x verdict x timing: the phase reached, against a table.
TEST(ProbeMachine, TransitionTable) {
  struct Row {
    Phase from;
    bool failing;
    bool held;  // the phase's wait (for or clear_for) has elapsed at the observation
    Phase to;
  };
  const Row rows[] = {
      {Phase::kOk, false, false, Phase::kOk},           {Phase::kOk, false, true, Phase::kOk},
      {Phase::kOk, true, false, Phase::kPending},       {Phase::kOk, true, true, Phase::kPending},
      {Phase::kPending, false, false, Phase::kOk},      {Phase::kPending, false, true, Phase::kOk},
      {Phase::kPending, true, false, Phase::kPending},  {Phase::kPending, true, true, Phase::kFiring},
      {Phase::kFiring, false, false, Phase::kClearing}, {Phase::kFiring, false, true, Phase::kClearing},
      {Phase::kFiring, true, false, Phase::kFiring},    {Phase::kFiring, true, true, Phase::kFiring},
      {Phase::kClearing, false, false, Phase::kClearing},
      {Phase::kClearing, false, true, Phase::kOk},
      {Phase::kClearing, true, false, Phase::kFiring},  {Phase::kClearing, true, true, Phase::kFiring},
  };
  const Timing timing{1min, 1min};
  for (const auto& row : rows) {
    Time now = t0 + (row.held ? 1min : 30s);
    State s = Observe(At(row.from, t0), row.failing ? Fail() : Ok(), timing, now);
    EXPECT_EQ(s.phase, row.to) << ToString(row.from) << (row.failing ? " failing" : " healthy")
                               << (row.held ? " held" : " not held");
    EXPECT_EQ(s.last_failing, row.failing);
  }
}

TEST(ProbeMachine, FlappingWithinForNeverFires) {
  const Timing timing{1min, 0ms};
  State s;
  for (int i = 0; i < 20; ++i) {
    s = Observe(s, i % 2 == 0 ? Fail() : Ok(), timing, t0 + i * 30s);
    EXPECT_NE(s.phase, Phase::kFiring) << i;
  }
}

TEST(ProbeMachine, OutgoingTable) {
  using A = Delivered::Alert;
  struct Row {
    Phase phase;
    A delivered;
    std::string delivered_severity;
    Send want;
  };
  const Row rows[] = {
      {Phase::kOk, A::kUnknown, "", Send::kResolve},
      {Phase::kOk, A::kResolved, "", Send::kNothing},
      {Phase::kOk, A::kFiring, "", Send::kResolve},
      {Phase::kPending, A::kUnknown, "", Send::kNothing},
      {Phase::kPending, A::kResolved, "", Send::kNothing},
      {Phase::kPending, A::kFiring, "", Send::kResolve},
      {Phase::kFiring, A::kUnknown, "", Send::kFire},
      {Phase::kFiring, A::kResolved, "", Send::kFire},
      {Phase::kFiring, A::kFiring, "SEV3", Send::kNothing},
      {Phase::kFiring, A::kFiring, "SEV2", Send::kFire},
      {Phase::kClearing, A::kUnknown, "", Send::kFire},
      {Phase::kClearing, A::kResolved, "", Send::kFire},
      {Phase::kClearing, A::kFiring, "SEV3", Send::kNothing},
      {Phase::kClearing, A::kFiring, "SEV2", Send::kFire},
  };
  for (const auto& row : rows) {
    State s = At(row.phase, t0, "SEV3");
    EXPECT_EQ(Outgoing(s, Delivered{row.delivered, row.delivered_severity}), row.want)
        << ToString(row.phase) << " delivered " << static_cast<int>(row.delivered) << " "
        << row.delivered_severity;
  }
}

TEST(ProbeMachine, NothingIsSentBeforeTheFirstObservation) {
  EXPECT_EQ(Outgoing(State{}, Delivered{}), Send::kNothing);
}

}  // namespace
}  // namespace klaxon::probe
