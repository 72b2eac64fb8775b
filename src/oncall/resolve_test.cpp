// The final schedule: rotations of every length, layers and overrides.
#include "oncall/resolve.h"

#include "oncall/test_support.h"

namespace klaxon::oncall {
namespace {

using test::At;
using test::kDay;
using test::kWeek;
using test::MakeLayer;
using test::MakeSchedule;
using test::Who;

TEST(Resolve, DailyRotationInOrder) {
  auto s = MakeSchedule("UTC", {MakeLayer({"a", "b", "c"}, kDay, "09:00", "2025-01-01")});
  OnCall first = Who(s, "2025-01-01T09:00:00Z");
  EXPECT_EQ(first.person, "a");
  EXPECT_EQ(first.source, Source::kLayer);
  EXPECT_EQ(first.layer, 0);
  EXPECT_EQ(first.turn, 0);
  EXPECT_EQ(first.start, At("2025-01-01T09:00:00Z"));
  EXPECT_EQ(first.end, At("2025-01-02T09:00:00Z"));
  EXPECT_EQ(Who(s, "2025-01-02T08:59:59.999Z").person, "a");
  EXPECT_EQ(Who(s, "2025-01-02T09:00:00Z").person, "b");
  EXPECT_EQ(Who(s, "2025-01-03T12:00:00Z").person, "c");
  OnCall wrap = Who(s, "2025-01-04T09:00:00Z");
  EXPECT_EQ(wrap.person, "a");
  EXPECT_EQ(wrap.turn, 3);
}

TEST(Resolve, WeeklyRotationHandsOffOnTheStartWeekday) {
  // 2025-01-06 is a Monday; 09:00 in Berlin is 08:00Z in winter.
  auto s = MakeSchedule("Europe/Berlin",
                        {MakeLayer({"maya", "diego"}, kWeek, "09:00", "2025-01-06")});
  OnCall wed = Who(s, "2025-01-15T12:00:00Z");
  EXPECT_EQ(wed.person, "diego");
  EXPECT_EQ(wed.start, At("2025-01-13T08:00:00Z"));
  EXPECT_EQ(wed.end, At("2025-01-20T08:00:00Z"));
  EXPECT_EQ(Who(s, "2025-01-20T07:59:59.999Z").person, "diego");
  EXPECT_EQ(Who(s, "2025-01-20T08:00:00Z").person, "maya");
  // In summer the Monday 09:00 handoff is 07:00Z.
  OnCall summer = Who(s, "2025-07-09T12:00:00Z");
  EXPECT_EQ(summer.start, At("2025-07-07T07:00:00Z"));
  EXPECT_EQ(summer.end, At("2025-07-14T07:00:00Z"));
  EXPECT_EQ(summer.person, "maya");  // 26 weeks after the start: an even turn
}

TEST(Resolve, CustomLengths) {
  auto twelve = MakeSchedule("UTC", {MakeLayer({"a", "b"}, std::chrono::hours(12), "08:00",
                                               "2025-01-01")});
  EXPECT_EQ(Who(twelve, "2025-01-01T19:59:00Z").person, "a");
  EXPECT_EQ(Who(twelve, "2025-01-01T20:00:00Z").person, "b");
  EXPECT_EQ(Who(twelve, "2025-01-02T07:59:00Z").person, "b");
  EXPECT_EQ(Who(twelve, "2025-01-02T08:00:00Z").person, "a");
  auto two_days = MakeSchedule("UTC", {MakeLayer({"a", "b", "c"}, 2 * kDay, "00:00",
                                                 "2025-01-01")});
  OnCall c = Who(two_days, "2025-01-06T00:00:00Z");
  EXPECT_EQ(c.person, "c");
  EXPECT_EQ(c.start, At("2025-01-05T00:00:00Z"));
  EXPECT_EQ(c.end, At("2025-01-07T00:00:00Z"));
  auto odd = MakeSchedule("UTC", {MakeLayer({"a", "b"}, std::chrono::minutes(90), "00:00",
                                            "2025-01-01")});
  EXPECT_EQ(Who(odd, "2025-01-01T01:29:00Z").person, "a");
  EXPECT_EQ(Who(odd, "2025-01-01T01:30:00Z").person, "b");
  EXPECT_EQ(Who(odd, "2025-01-01T03:00:00Z").person, "a");
}

TEST(Resolve, ManyParticipantsTakeTurnsInListOrder) {
  std::vector<std::string> people;
  for (int i = 0; i < 11; ++i) people.push_back("p" + std::to_string(i));
  people.push_back("p3");  // a person may appear twice in a rotation
  auto s = MakeSchedule("UTC", {MakeLayer(people, kDay, "00:00", "2025-01-01")});
  Time t = At("2025-01-01T12:00:00Z");
  for (int k = 0; k < 40; ++k, t += kDay) {
    auto who = OnCallAt(s, t);
    ASSERT_TRUE(who);
    EXPECT_EQ(who->person, people[static_cast<size_t>(k) % people.size()]) << k;
    EXPECT_EQ(who->turn, k);
  }
}

TEST(Resolve, NobodyBeforeTheStartDate) {
  auto s = MakeSchedule("UTC", {MakeLayer({"a", "b"}, kDay, "09:00", "2025-01-01")});
  OnCall before = Who(s, "2025-01-01T08:59:59.999Z");
  EXPECT_EQ(before.person, "");
  EXPECT_EQ(before.source, Source::kNobody);
  EXPECT_EQ(before.start, kUnboundedStart);
  EXPECT_EQ(before.end, At("2025-01-01T09:00:00Z"));
  EXPECT_EQ(Who(s, "1999-06-01T00:00:00Z").end, At("2025-01-01T09:00:00Z"));
  auto next = NextOnCall(s, before);
  ASSERT_TRUE(next && *next);
  EXPECT_EQ((*next)->person, "a");
  EXPECT_EQ((*next)->start, At("2025-01-01T09:00:00Z"));
}

TEST(Resolve, LaterLayersWinWhereTheyHaveSomeone) {
  auto s = MakeSchedule("UTC", {MakeLayer({"a", "b"}, kWeek, "09:00", "2025-01-06"),
                                MakeLayer({"c", "d"}, kDay, "18:00", "2025-02-01")});
  OnCall early = Who(s, "2025-01-31T12:00:00Z");
  EXPECT_EQ(early.person, "b");  // turn 3 of layer 0 (2025-01-27 .. 2025-02-03)
  EXPECT_EQ(early.layer, 0);
  EXPECT_EQ(early.start, At("2025-01-27T09:00:00Z"));
  EXPECT_EQ(early.end, At("2025-02-01T18:00:00Z"));  // cut short where layer 1 begins
  OnCall late = Who(s, "2025-02-01T18:00:00Z");
  EXPECT_EQ(late.person, "c");
  EXPECT_EQ(late.layer, 1);
  EXPECT_EQ(Who(s, "2025-02-03T09:30:00Z").person, "d");  // layer 0's a is hidden
  EXPECT_EQ(Who(s, "2025-02-03T18:00:00Z").person, "c");
}

TEST(Resolve, OverridesWinInclusiveStartExclusiveEnd) {
  auto s = MakeSchedule("UTC", {MakeLayer({"a"}, kDay, "09:00", "2025-01-01")},
                        {{"z", At("2025-01-02T12:00:00Z"), At("2025-01-02T14:00:00Z")}});
  OnCall before = Who(s, "2025-01-02T11:59:59.999Z");
  EXPECT_EQ(before.person, "a");
  EXPECT_EQ(before.start, At("2025-01-02T09:00:00Z"));
  EXPECT_EQ(before.end, At("2025-01-02T12:00:00Z"));
  OnCall during = Who(s, "2025-01-02T12:00:00Z");
  EXPECT_EQ(during.person, "z");
  EXPECT_EQ(during.source, Source::kOverride);
  EXPECT_EQ(during.override_index, 0);
  EXPECT_EQ(during.start, At("2025-01-02T12:00:00Z"));
  EXPECT_EQ(during.end, At("2025-01-02T14:00:00Z"));
  EXPECT_EQ(Who(s, "2025-01-02T13:59:59.999Z").person, "z");
  OnCall after = Who(s, "2025-01-02T14:00:00Z");
  EXPECT_EQ(after.person, "a");
  EXPECT_EQ(after.turn, 1);  // the same turn resumes
  EXPECT_EQ(after.start, At("2025-01-02T14:00:00Z"));
  EXPECT_EQ(after.end, At("2025-01-03T09:00:00Z"));
}

TEST(Resolve, LaterOverridesWinAndOverridesCoverTheGapBeforeTheStart) {
  auto s = MakeSchedule("UTC", {MakeLayer({"a"}, kDay, "09:00", "2025-01-10")},
                        {{"x", At("2025-01-01T00:00:00Z"), At("2025-01-03T00:00:00Z")},
                         {"y", At("2025-01-02T00:00:00Z"), At("2025-01-02T06:00:00Z")},
                         {"z", At("2025-01-09T00:00:00Z"), At("2025-01-11T00:00:00Z")}});
  auto shifts = Shifts(s, At("2025-01-01T00:00:00Z"), At("2025-01-12T00:00:00Z"));
  ASSERT_TRUE(shifts);
  std::vector<std::tuple<std::string, Time, Time>> got;
  for (const auto& sh : *shifts) got.emplace_back(sh.person, sh.start, sh.end);
  std::vector<std::tuple<std::string, Time, Time>> want = {
      {"x", At("2025-01-01T00:00:00Z"), At("2025-01-02T00:00:00Z")},
      {"y", At("2025-01-02T00:00:00Z"), At("2025-01-02T06:00:00Z")},
      {"x", At("2025-01-02T06:00:00Z"), At("2025-01-03T00:00:00Z")},
      {"", At("2025-01-03T00:00:00Z"), At("2025-01-09T00:00:00Z")},
      {"z", At("2025-01-09T00:00:00Z"), At("2025-01-11T00:00:00Z")},
      {"a", At("2025-01-11T00:00:00Z"), At("2025-01-11T09:00:00Z")},
      {"a", At("2025-01-11T09:00:00Z"), At("2025-01-12T09:00:00Z")},
  };
  EXPECT_EQ(got, want);
  // Before the first override nobody has been on call, since always.
  OnCall never = Who(s, "2024-12-31T23:00:00Z");
  EXPECT_EQ(never.start, kUnboundedStart);
  EXPECT_EQ(never.end, At("2025-01-01T00:00:00Z"));
  // From the gap, the next person on call is z.
  auto next = NextOnCall(s, Who(s, "2025-01-05T00:00:00Z"));
  ASSERT_TRUE(next && *next);
  EXPECT_EQ((*next)->person, "z");
}

TEST(Resolve, ShiftsHaveTheirFullExtentAtTheWindowEdges) {
  auto s = MakeSchedule("UTC", {MakeLayer({"a", "b"}, kWeek, "09:00", "2025-01-06")});
  auto shifts = Shifts(s, At("2025-01-08T00:00:00Z"), At("2025-01-14T00:00:00Z"));
  ASSERT_TRUE(shifts);
  ASSERT_EQ(shifts->size(), 2u);
  EXPECT_EQ((*shifts)[0].start, At("2025-01-06T09:00:00Z"));
  EXPECT_EQ((*shifts)[0].end, At("2025-01-13T09:00:00Z"));
  EXPECT_EQ((*shifts)[1].person, "b");
  EXPECT_EQ((*shifts)[1].end, At("2025-01-20T09:00:00Z"));
}

TEST(Resolve, OneParticipantStillHasOneShiftPerTurn) {
  auto s = MakeSchedule("UTC", {MakeLayer({"a"}, kDay, "09:00", "2025-01-01")});
  auto shifts = Shifts(s, At("2025-01-02T00:00:00Z"), At("2025-01-04T00:00:00Z"));
  ASSERT_TRUE(shifts);
  ASSERT_EQ(shifts->size(), 3u);
  EXPECT_EQ((*shifts)[1].start, At("2025-01-02T09:00:00Z"));
  EXPECT_EQ((*shifts)[1].turn, 1);
}

TEST(Resolve, BadWindowsAreErrors) {
  auto s = MakeSchedule("UTC", {MakeLayer({"a"}, std::chrono::hours(1), "09:00", "2025-01-01")});
  auto empty = Shifts(s, At("2025-01-02T00:00:00Z"), At("2025-01-02T00:00:00Z"));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  auto huge = Shifts(s, At("2025-01-01T00:00:00Z"), At("2040-01-01T00:00:00Z"));
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, ErrorCode::kTooLarge);
  EXPECT_FALSE(OnCallAt(s, kUnboundedEnd));
}

}  // namespace
}  // namespace klaxon::oncall
