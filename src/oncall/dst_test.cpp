// Handoffs stay at the local wall-clock time across daylight-saving changes.
#include "oncall/resolve.h"

#include "oncall/test_support.h"

namespace klaxon::oncall {
namespace {

using namespace std::chrono;
using test::At;
using test::kDay;
using test::kWeek;
using test::MakeLayer;
using test::MakeSchedule;
using test::Who;

Duration Length(const OnCall& s) { return s.end - s.start; }

TEST(Dst, BerlinDailyShiftIs23hInSpringAnd25hInAutumn) {
  auto s = MakeSchedule("Europe/Berlin", {MakeLayer({"a", "b"}, kDay, "09:00", "2025-01-01")});
  OnCall spring = Who(s, "2025-03-29T12:00:00Z");
  EXPECT_EQ(spring.start, At("2025-03-29T08:00:00Z"));  // 09:00 CET
  EXPECT_EQ(spring.end, At("2025-03-30T07:00:00Z"));    // 09:00 CEST
  EXPECT_EQ(Length(spring), hours(23));
  EXPECT_EQ(Length(Who(s, "2025-03-30T12:00:00Z")), hours(24));
  OnCall autumn = Who(s, "2025-10-25T12:00:00Z");
  EXPECT_EQ(autumn.start, At("2025-10-25T07:00:00Z"));
  EXPECT_EQ(autumn.end, At("2025-10-26T08:00:00Z"));
  EXPECT_EQ(Length(autumn), hours(25));
}

TEST(Dst, NewYorkDailyShiftIs23hInSpringAnd25hInAutumn) {
  auto s = MakeSchedule("America/New_York",
                        {MakeLayer({"a", "b"}, kDay, "09:00", "2025-01-01")});
  OnCall spring = Who(s, "2025-03-08T20:00:00Z");
  EXPECT_EQ(spring.start, At("2025-03-08T14:00:00Z"));  // 09:00 EST
  EXPECT_EQ(spring.end, At("2025-03-09T13:00:00Z"));    // 09:00 EDT
  OnCall autumn = Who(s, "2025-11-01T20:00:00Z");
  EXPECT_EQ(autumn.start, At("2025-11-01T13:00:00Z"));
  EXPECT_EQ(autumn.end, At("2025-11-02T14:00:00Z"));
  EXPECT_EQ(Length(autumn), hours(25));
}

TEST(Dst, WeeklyShiftOverTheChangeIs167h) {
  auto s = MakeSchedule("Europe/Berlin",
                        {MakeLayer({"maya", "diego"}, kWeek, "09:00", "2025-01-06")});
  OnCall w = Who(s, "2025-03-30T12:00:00Z");
  EXPECT_EQ(w.start, At("2025-03-24T08:00:00Z"));
  EXPECT_EQ(w.end, At("2025-03-31T07:00:00Z"));
  EXPECT_EQ(Length(w), hours(167));
}

TEST(Dst, HandoffInTheSpringGapHappensWhenTheGapEnds) {
  // 02:30 does not exist in Berlin on 2025-03-30; the handoff is at 03:00 CEST.
  auto s = MakeSchedule("Europe/Berlin", {MakeLayer({"a", "b"}, kDay, "02:30", "2025-01-01")});
  OnCall before = Who(s, "2025-03-29T12:00:00Z");
  EXPECT_EQ(before.start, At("2025-03-29T01:30:00Z"));
  EXPECT_EQ(before.end, At("2025-03-30T01:00:00Z"));
  OnCall gap_day = Who(s, "2025-03-30T01:00:00Z");
  EXPECT_EQ(gap_day.start, At("2025-03-30T01:00:00Z"));
  EXPECT_EQ(gap_day.end, At("2025-03-31T00:30:00Z"));  // 02:30 CEST again
  EXPECT_NE(gap_day.person, before.person);
  auto ny = MakeSchedule("America/New_York", {MakeLayer({"a"}, kDay, "02:00", "2025-01-01")});
  EXPECT_EQ(Who(ny, "2025-03-09T12:00:00Z").start, At("2025-03-09T07:00:00Z"));  // 03:00 EDT
}

TEST(Dst, HandoffInTheAutumnFoldHappensAtTheFirstOccurrence) {
  // 01:30 happens twice in New York on 2025-11-02: 05:30Z (EDT) and 06:30Z (EST).
  auto s = MakeSchedule("America/New_York",
                        {MakeLayer({"a", "b"}, kDay, "01:30", "2025-01-01")});
  OnCall fold_day = Who(s, "2025-11-02T06:00:00Z");
  EXPECT_EQ(fold_day.start, At("2025-11-02T05:30:00Z"));
  EXPECT_EQ(fold_day.end, At("2025-11-03T06:30:00Z"));
  EXPECT_EQ(Length(fold_day), hours(25));
  EXPECT_EQ(Who(s, "2025-11-02T05:29:59Z").start, At("2025-11-01T05:30:00Z"));
  auto berlin = MakeSchedule("Europe/Berlin", {MakeLayer({"a"}, kDay, "02:30", "2025-01-01")});
  EXPECT_EQ(Who(berlin, "2025-10-26T12:00:00Z").start, At("2025-10-26T00:30:00Z"));  // CEST
}

TEST(Dst, HourlyShiftSwallowedByTheGapIsSkipped) {
  // Local 02:00 and 03:00 are the same instant on 2025-03-30 in Berlin, so
  // turn 2 (02:00-03:00) is empty; turns 1 and 3 (both b) are neighbours.
  auto s = MakeSchedule("Europe/Berlin",
                        {MakeLayer({"a", "b"}, hours(1), "00:00", "2025-03-30")});
  auto shifts = Shifts(s, At("2025-03-29T23:00:00Z"), At("2025-03-30T02:00:00Z"));
  ASSERT_TRUE(shifts);
  ASSERT_EQ(shifts->size(), 3u);
  EXPECT_EQ((*shifts)[0].turn, 0);
  EXPECT_EQ((*shifts)[1].turn, 1);
  EXPECT_EQ((*shifts)[1].end, At("2025-03-30T01:00:00Z"));
  EXPECT_EQ((*shifts)[2].turn, 3);
  EXPECT_EQ((*shifts)[2].person, "b");
  EXPECT_EQ((*shifts)[2].start, At("2025-03-30T01:00:00Z"));
  // In the fold the hour from 01:00 lasts two real hours.
  auto ny = MakeSchedule("America/New_York",
                         {MakeLayer({"a", "b"}, hours(1), "00:00", "2025-11-02")});
  OnCall long_hour = Who(ny, "2025-11-02T06:30:00Z");
  EXPECT_EQ(long_hour.turn, 1);
  EXPECT_EQ(Length(long_hour), hours(2));
}

TEST(Dst, ZoneWithoutDstKeepsEveryDayAt24h) {
  auto s = MakeSchedule("Asia/Kolkata", {MakeLayer({"a", "b", "c"}, kDay, "09:00", "2025-01-01")});
  auto shifts = Shifts(s, At("2025-01-01T03:30:00Z"), At("2026-01-01T03:30:00Z"));
  ASSERT_TRUE(shifts);
  ASSERT_EQ(shifts->size(), 365u);
  for (const auto& sh : *shifts) {
    ASSERT_EQ(Length(sh), hours(24)) << FormatTimestamp(sh.start);
    ASSERT_EQ((sh.start - At("2025-01-01T03:30:00Z")) % kDay, Duration(0));
  }
}

}  // namespace
}  // namespace klaxon::oncall
