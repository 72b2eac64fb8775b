#include "probe/schedule.h"

#include <gtest/gtest.h>

namespace klaxon::probe {
namespace {

using namespace std::chrono_literals;

const Time t0 = FromUnixMillis(1'750'000'000'000);

std::vector<Spec> Specs(std::vector<Duration> intervals) {
  std::vector<Spec> out;
  for (size_t i = 0; i < intervals.size(); ++i) {
    Spec s;
    s.id = "p" + std::to_string(i);
    s.interval = intervals[i];
    out.push_back(s);
  }
  return out;
}

TEST(ProbeSchedule, EveryProbeIsDueAtStartWithoutSpread) {
  auto specs = Specs({10s, 30s});
  Schedule s(specs, t0, false);
  EXPECT_EQ(s.NextDue(), t0);
  EXPECT_EQ(s.TakeDue(t0), (std::vector<size_t>{0, 1}));
  EXPECT_TRUE(s.running(0));
  EXPECT_EQ(s.NextDue(), std::nullopt) << "running probes are not due";
  EXPECT_TRUE(s.TakeDue(t0 + 1h).empty()) << "never twice at once";
}

TEST(ProbeSchedule, NextRunIsOneIntervalLater) {
  auto specs = Specs({10s, 30s});
  Schedule s(specs, t0, false);
  s.TakeDue(t0);
  s.Finished(0, t0 + 2s);
  s.Finished(1, t0 + 2s);
  EXPECT_EQ(s.NextOf(0), t0 + 10s);
  EXPECT_EQ(s.NextOf(1), t0 + 30s);
  EXPECT_EQ(s.NextDue(), t0 + 10s);
  EXPECT_TRUE(s.TakeDue(t0 + 9999ms).empty());
  EXPECT_EQ(s.TakeDue(t0 + 10s), (std::vector<size_t>{0}));
}

TEST(ProbeSchedule, MissedSlotsAreSkippedNotCaughtUp) {
  auto specs = Specs({10s});
  Schedule s(specs, t0, false);
  s.TakeDue(t0);
  s.Finished(0, t0 + 35s);  // a slow run, or the clock jumped
  EXPECT_EQ(s.NextOf(0), t0 + 40s) << "the next grid point after it ended";
  s.TakeDue(t0 + 40s);
  s.Finished(0, t0 + 40s);
  EXPECT_EQ(s.NextOf(0), t0 + 50s);
}

TEST(ProbeSchedule, SpreadOffsetsFirstRunsWithinOneInterval) {
  std::vector<Spec> specs;
  for (int i = 0; i < 200; ++i) {
    Spec sp;
    sp.id = "probe-" + std::to_string(i);
    sp.interval = 10s;
    specs.push_back(sp);
  }
  Schedule s(specs, t0, true);
  int at_start = 0;
  for (size_t i = 0; i < specs.size(); ++i) {
    ASSERT_TRUE(s.NextOf(i));
    EXPECT_GE(*s.NextOf(i), t0);
    EXPECT_LT(*s.NextOf(i), t0 + 10s);
    if (*s.NextOf(i) == t0) ++at_start;
  }
  EXPECT_LT(at_start, 5);
  Schedule again(specs, t0, true);
  EXPECT_EQ(again.NextOf(17), s.NextOf(17)) << "deterministic";
}

TEST(ProbeSchedule, SetNextOverridesAndNulloptParks) {
  auto specs = Specs({1h});
  Schedule s(specs, t0, false);
  s.SetNext(0, t0 + 65min);
  EXPECT_EQ(s.NextDue(), t0 + 65min);
  s.SetNext(0, std::nullopt);
  EXPECT_EQ(s.NextDue(), std::nullopt);
  EXPECT_TRUE(s.TakeDue(t0 + 1000h).empty());
}

}  // namespace
}  // namespace klaxon::probe
