// NextHandoff: the instants the person on call changes, across rotations,
// daylight-saving changes, overrides and several layers.
#include <gtest/gtest.h>

#include "oncall/handoff.h"
#include "oncall/test_support.h"

namespace klaxon::oncall {
namespace {

using test::At;
using test::kDay;
using test::kWeek;
using test::MakeLayer;
using test::MakeSchedule;

std::optional<Handover> Next(const Schedule& s, const std::string& after) {
  auto h = NextHandoff(s, At(after));
  EXPECT_TRUE(h) << (h ? "" : h.error().message);
  return h.value_or(std::nullopt);
}

Handover H(const std::string& at, std::string from, std::string to) {
  return Handover{At(at), std::move(from), std::move(to)};
}

TEST(NextHandoff, WeeklyRotationHandsOverOnMondayMorning) {
  Schedule s = test::Weekly("primary", {"maya", "diego"}, "2025-01-06");
  // Thursday 2025-08-07: maya's week (week 30 since 2025-01-06 is even).
  EXPECT_EQ(Next(s, "2025-08-07T10:00:00Z"), H("2025-08-11T09:00:00Z", "maya", "diego"));
  EXPECT_EQ(Next(s, "2025-08-11T08:59:59Z"), H("2025-08-11T09:00:00Z", "maya", "diego"));
}

TEST(NextHandoff, IsStrictlyAfterTheGivenInstant) {
  Schedule s = test::Weekly("primary", {"maya", "diego"}, "2025-01-06");
  EXPECT_EQ(Next(s, "2025-08-11T09:00:00Z"), H("2025-08-18T09:00:00Z", "diego", "maya"));
}

TEST(NextHandoff, TheFirstShiftStartsFromNobody) {
  Schedule s = test::Weekly("primary", {"maya", "diego"}, "2025-01-06");
  EXPECT_EQ(Next(s, "2024-12-31T00:00:00Z"), H("2025-01-06T09:00:00Z", "", "maya"));
}

TEST(NextHandoff, FollowsLocalTimeAcrossDaylightSaving) {
  // Los Angeles springs forward on Sunday 2025-03-09: 09:00 local is 17:00Z
  // before and 16:00Z after.
  Schedule s = MakeSchedule("America/Los_Angeles",
                            {MakeLayer({"maya", "diego"}, kWeek, "09:00", "2025-01-06")});
  EXPECT_EQ(Next(s, "2025-02-25T00:00:00Z"), H("2025-03-03T17:00:00Z", "diego", "maya"));
  EXPECT_EQ(Next(s, "2025-03-03T17:30:00Z"), H("2025-03-10T16:00:00Z", "maya", "diego"));
  // And back on Sunday 2025-11-02.
  EXPECT_EQ(Next(s, "2025-10-28T00:00:00Z"), H("2025-11-03T17:00:00Z", "maya", "diego"));
}

TEST(NextHandoff, AnOverrideHandsOverAtItsStartAndBack) {
  Schedule s = test::Weekly("primary", {"maya", "diego"}, "2025-01-06");
  s.overrides = {Override{"sam", At("2025-08-08T12:00:00Z"), At("2025-08-09T12:00:00Z")}};
  EXPECT_EQ(Next(s, "2025-08-07T10:00:00Z"), H("2025-08-08T12:00:00Z", "maya", "sam"));
  EXPECT_EQ(Next(s, "2025-08-08T12:00:00Z"), H("2025-08-09T12:00:00Z", "sam", "maya"));
  EXPECT_EQ(Next(s, "2025-08-09T12:00:00Z"), H("2025-08-11T09:00:00Z", "maya", "diego"));
}

TEST(NextHandoff, AnOverrideOfWhoeverIsOnCallIsNoHandoff) {
  Schedule s = test::Weekly("primary", {"maya", "diego"}, "2025-01-06");
  s.overrides = {Override{"maya", At("2025-08-08T12:00:00Z"), At("2025-08-09T12:00:00Z")}};
  EXPECT_EQ(Next(s, "2025-08-07T10:00:00Z"), H("2025-08-11T09:00:00Z", "maya", "diego"));
}

TEST(NextHandoff, AnOverrideAcrossARotationHandoffMovesIt) {
  Schedule s = test::Weekly("primary", {"maya", "diego"}, "2025-01-06");
  // sam covers Monday morning; diego takes over from sam, not from maya.
  s.overrides = {Override{"sam", At("2025-08-11T06:00:00Z"), At("2025-08-11T12:00:00Z")}};
  EXPECT_EQ(Next(s, "2025-08-10T00:00:00Z"), H("2025-08-11T06:00:00Z", "maya", "sam"));
  EXPECT_EQ(Next(s, "2025-08-11T06:00:00Z"), H("2025-08-11T12:00:00Z", "sam", "diego"));
}

TEST(NextHandoff, TurnsOfTheSamePersonAreNoHandoff) {
  Schedule s = MakeSchedule("UTC", {MakeLayer({"maya", "maya", "diego"}, kDay, "09:00",
                                              "2025-08-04")});
  EXPECT_EQ(Next(s, "2025-08-04T10:00:00Z"), H("2025-08-06T09:00:00Z", "maya", "diego"));
}

TEST(NextHandoff, AOnePersonRotationNeverHandsOverOnceSettled) {
  Schedule s = MakeSchedule("UTC", {MakeLayer({"maya"}, kWeek, "09:00", "2025-01-06")});
  EXPECT_EQ(Next(s, "2025-08-07T10:00:00Z"), std::nullopt);
  s.overrides = {Override{"sam", At("2025-08-08T12:00:00Z"), At("2025-08-09T12:00:00Z")}};
  EXPECT_EQ(Next(s, "2025-08-08T12:00:00Z"), H("2025-08-09T12:00:00Z", "sam", "maya"));
  EXPECT_EQ(Next(s, "2025-08-09T12:00:00Z"), std::nullopt);
}

TEST(NextHandoff, ALaterLayerTakesOverWhenItStarts) {
  Schedule s = MakeSchedule("UTC", {MakeLayer({"maya"}, kWeek, "09:00", "2025-01-06"),
                                    MakeLayer({"diego"}, kWeek, "09:00", "2025-09-01")});
  EXPECT_EQ(Next(s, "2025-08-07T10:00:00Z"), H("2025-09-01T09:00:00Z", "maya", "diego"));
  EXPECT_EQ(Next(s, "2025-09-01T09:00:00Z"), std::nullopt);
}

TEST(NextHandoff, AnInvalidScheduleIsAnError) {
  Schedule s = test::Weekly("primary", {}, "2025-01-06");
  EXPECT_EQ(NextHandoff(s, At("2025-08-07T10:00:00Z")).error().code, ErrorCode::kInvalidArgument);
}

// Every handoff NextHandoff reports is a change of OnCallAt, and between two
// consecutive ones nobody changes, over a year of a three-person daily
// rotation with overrides, in a zone with daylight saving.
TEST(NextHandoff, AgreesWithOnCallAtOverAYear) {
  Schedule s = MakeSchedule("Europe/Berlin",
                            {MakeLayer({"a", "b", "c"}, kDay, "08:30", "2025-01-01")},
                            {Override{"d", At("2025-03-30T00:00:00Z"), At("2025-03-31T00:00:00Z")},
                             Override{"a", At("2025-06-01T05:00:00Z"), At("2025-06-03T05:00:00Z")}});
  Time t = At("2025-01-01T00:00:00Z");
  const Time end = At("2026-01-01T00:00:00Z");
  int handoffs = 0;
  while (t < end) {
    auto h = NextHandoff(s, t);
    ASSERT_TRUE(h && *h);
    const Handover& next = **h;
    ASSERT_GT(next.at, t);
    EXPECT_EQ(OnCallAt(s, next.at - Duration(1))->person, next.from);
    EXPECT_EQ(OnCallAt(s, next.at)->person, next.to);
    EXPECT_NE(next.from, next.to);
    // No change in between: every shift boundary in (t, next.at) keeps the person.
    auto shifts = Shifts(s, t, next.at);
    ASSERT_TRUE(shifts);
    for (const auto& shift : *shifts) EXPECT_EQ(shift.person, next.from);
    t = next.at;
    ++handoffs;
  }
  EXPECT_GT(handoffs, 360);
}

}  // namespace
}  // namespace klaxon::oncall
