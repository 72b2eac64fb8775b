// Parsing the schedule's values, and what Validate refuses.
#include "oncall/schedule.h"

#include "oncall/test_support.h"

namespace klaxon::oncall {
namespace {

using namespace std::chrono;

TEST(Schedule, ParsesHandoffTimes) {
  EXPECT_EQ(ParseHandoff("09:00").value(), hours(9));
  EXPECT_EQ(ParseHandoff("00:00").value(), Duration(0));
  EXPECT_EQ(ParseHandoff("23:59").value(), hours(23) + minutes(59));
  for (const char* bad : {"24:00", "9:00", "09:60", "0900", "09:00:00", "", "ab:cd", "-1:00"}) {
    auto r = ParseHandoff(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().message, std::string("invalid handoff time \"") + bad +
                                     "\": expected HH:MM from 00:00 to 23:59");
  }
}

TEST(Schedule, ParsesDates) {
  EXPECT_EQ(ParseDate("2025-01-06").value(), year{2025} / 1 / 6);
  EXPECT_EQ(ParseDate("2024-02-29").value(), year{2024} / 2 / 29);
  EXPECT_EQ(ParseDate("2025-02-29").error().message,
            "invalid date \"2025-02-29\": there is no such day");
  EXPECT_EQ(ParseDate("2025-1-6").error().message,
            "invalid date \"2025-1-6\": expected YYYY-MM-DD");
  EXPECT_FALSE(ParseDate("2025-13-01"));
  EXPECT_FALSE(ParseDate("2025-01-06T00:00"));
}

TEST(Schedule, ParsesShiftLengths) {
  EXPECT_EQ(ParseShift("daily").value(), days(1));
  EXPECT_EQ(ParseShift("weekly").value(), weeks(1));
  EXPECT_EQ(ParseShift("12h").value(), hours(12));
  EXPECT_EQ(ParseShift("2d").value(), days(2));
  EXPECT_EQ(ParseShift("1h30m").value(), minutes(90));
  EXPECT_EQ(ParseShift("fortnightly").error().message,
            "invalid shift \"fortnightly\": use daily, weekly or a duration such as 12h or 2d");
  EXPECT_EQ(ParseShift("30m").error().message, "shift must be between 1h and 366d");
  EXPECT_EQ(ParseShift("400d").error().message, "shift must be between 1h and 366d");
  EXPECT_TRUE(ParseShift("2x").error().message.starts_with("invalid duration \"2x\""));
}

TEST(Schedule, ValidateRefusesWhatCannotBeResolved) {
  auto good = test::MakeSchedule("UTC", {test::MakeLayer({"a"}, test::kDay, "09:00", "2025-01-01")});
  EXPECT_TRUE(Validate(good));
  auto message = [](const Schedule& s) {
    auto st = Validate(s);
    return st ? std::string("ok") : st.error().message;
  };
  Schedule s = good;
  s.zone = TimeZone();
  EXPECT_EQ(message(s), "schedule \"primary\" has no time zone");
  s = good;
  s.layers.clear();
  EXPECT_EQ(message(s), "schedule \"primary\" has no layers");
  s = good;
  s.layers[0].participants.clear();
  EXPECT_EQ(message(s), "schedule \"primary\" layer 1: no participants");
  s = good;
  s.layers[0].participants = {""};
  EXPECT_EQ(message(s), "schedule \"primary\" layer 1: empty participant");
  s = good;
  s.layers[0].shift = minutes(59);
  EXPECT_EQ(message(s), "schedule \"primary\" layer 1: shift must be between 1h and 366d");
  s = good;
  s.layers[0].handoff = hours(24);
  EXPECT_EQ(message(s), "schedule \"primary\" layer 1: handoff must be a time of day");
  s = good;
  s.layers[0].start_date = year{2025} / 2 / 30;
  EXPECT_EQ(message(s), "schedule \"primary\" layer 1: invalid start date");
  s = good;
  s.overrides = {{"a", test::At("2025-01-02T00:00:00Z"), test::At("2025-01-02T00:00:00Z")}};
  EXPECT_EQ(message(s), "schedule \"primary\" override 1: end must be after start");
  s.overrides = {{"", test::At("2025-01-02T00:00:00Z"), test::At("2025-01-03T00:00:00Z")}};
  EXPECT_EQ(message(s), "schedule \"primary\" override 1: no person");
  // The resolvers refuse the same schedules as values.
  auto r = OnCallAt(s, test::At("2025-01-02T00:00:00Z"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace klaxon::oncall
