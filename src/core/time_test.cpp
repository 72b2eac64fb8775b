#include "core/time.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace klaxon {
namespace {

TEST(Timestamp, ParsesTheFormsSendersUse) {
  auto base = ParseTimestamp("2025-08-07T09:14:22Z");
  ASSERT_TRUE(base);
  EXPECT_EQ(ToUnixMillis(*base), 1754558062000);
  EXPECT_EQ(ToUnixMillis(*ParseTimestamp("2025-08-07T09:14:22.114Z")), 1754558062114);
  EXPECT_EQ(ToUnixMillis(*ParseTimestamp("2025-08-07T09:14:22.1149999Z")), 1754558062114);
  EXPECT_EQ(ToUnixMillis(*ParseTimestamp("2025-08-07T11:14:22+02:00")), 1754558062000);
  EXPECT_EQ(ToUnixMillis(*ParseTimestamp("2025-07-17T08:42:58.315+0000")), 1752741778315);
  EXPECT_TRUE(IsZeroTime(*ParseTimestamp("0001-01-01T00:00:00Z")));
  EXPECT_FALSE(IsZeroTime(*base));
}

TEST(Timestamp, RejectsGarbage) {
  for (const char* bad : {"", "2025", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z",
                          "2025-08-07 09:14", "2025-08-07T09:14:22", "2025-08-07T09:14:22Zjunk",
                          "2025-08-07T25:00:00Z", "2025-08-07T09:14:22.Z"}) {
    auto r = ParseTimestamp(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

TEST(Timestamp, FormatRoundTrips) {
  auto t = *ParseTimestamp("2025-08-07T09:14:22.114Z");
  EXPECT_EQ(FormatTimestamp(t), "2025-08-07T09:14:22.114Z");
  EXPECT_EQ(*ParseTimestamp(FormatTimestamp(t)), t);
}

TEST(Durations, ParseAndFormat) {
  using namespace std::chrono;
  EXPECT_EQ(*ParseDuration("15m"), minutes(15));
  EXPECT_EQ(*ParseDuration("1h30m"), minutes(90));
  EXPECT_EQ(*ParseDuration("2m30s"), seconds(150));
  EXPECT_EQ(*ParseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(*ParseDuration("7d"), hours(168));
  EXPECT_EQ(*ParseDuration("1w"), hours(168));
  EXPECT_EQ(*ParseDuration("0"), milliseconds(0));
  for (const char* bad : {"", "2x", "15", "m", "-5m", "1.5h", "5 m"}) {
    auto r = ParseDuration(bad);
    EXPECT_FALSE(r) << bad;
  }
  EXPECT_NE(ParseDuration("2x").error().message.find("unknown unit \"x\""), std::string::npos);
  EXPECT_EQ(FormatDuration(minutes(90)), "1h30m");
  EXPECT_EQ(FormatDuration(seconds(150)), "2m30s");
  EXPECT_EQ(FormatDuration(hours(24)), "1d");
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
}

TEST(ManualClock, MovesOnlyWhenToldAndNotifies) {
  ManualClock clock(FromUnixMillis(1000));
  int calls = 0;
  clock.OnAdvance([&] { ++calls; });
  EXPECT_EQ(ToUnixMillis(clock.Now()), 1000);
  clock.Advance(std::chrono::minutes(15));
  EXPECT_EQ(ToUnixMillis(clock.Now()), 1000 + 15 * 60'000);
  clock.Set(FromUnixMillis(5));
  EXPECT_EQ(ToUnixMillis(clock.Now()), 5);
  EXPECT_EQ(calls, 2);
}

TEST(ScaledClock, RunsScaleTimesFasterThanTheSystemClockFromItsOrigin) {
  SystemClock system;
  Time origin = system.Now();
  ScaledClock clock(origin, 60);
  EXPECT_EQ(clock.scale(), 60);
  // Let some real time pass (a poll of the clock, not a pause).
  while (system.Now() - origin < Duration(30)) {
  }
  Duration before = system.Now() - origin;
  Duration scaled = clock.Now() - origin;
  Duration after = system.Now() - origin;
  EXPECT_GE(scaled, before * 60);
  EXPECT_LE(scaled, after * 60 + Duration(60));  // whole milliseconds of real time
  EXPECT_GE(scaled, std::chrono::milliseconds(1800));
}

}  // namespace
}  // namespace klaxon
