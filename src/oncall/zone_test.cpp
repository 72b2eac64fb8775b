// Local wall-clock time <-> instants, with the gap and fold rules.
#include "oncall/zone.h"

#include <algorithm>

#include "oncall/test_support.h"

namespace klaxon::oncall {
namespace {

using test::At;
using test::Zone;

LocalTime Local(int y, unsigned m, unsigned d, int h, int min) {
  using namespace std::chrono;
  return LocalTime(local_days(year{y} / month{m} / day{d}).time_since_epoch()) + hours(h) +
         minutes(min);
}

TEST(Zone, UnknownNamesAreErrors) {
  auto z = TimeZone::Find("Europe/Berln");
  ASSERT_FALSE(z);
  EXPECT_EQ(z.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(z.error().message, "unknown time zone \"Europe/Berln\"");
  EXPECT_FALSE(TimeZone::Find(""));
  EXPECT_TRUE(TimeZone::Find("US/Eastern"));  // links work too
  EXPECT_FALSE(TimeZone().valid());
  EXPECT_EQ(Zone("UTC").name(), "UTC");
}

TEST(Zone, NamesForSuggestions) {
  auto names = ZoneNames();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_TRUE(std::binary_search(names.begin(), names.end(), "Europe/Berlin"));
  EXPECT_TRUE(std::binary_search(names.begin(), names.end(), "America/New_York"));
}

TEST(Zone, OrdinaryTimesUseTheOffsetInForce) {
  TimeZone berlin = Zone("Europe/Berlin");
  EXPECT_EQ(berlin.ToInstant(Local(2025, 1, 6, 9, 0)), At("2025-01-06T08:00:00Z"));
  EXPECT_EQ(berlin.ToInstant(Local(2025, 7, 7, 9, 0)), At("2025-07-07T07:00:00Z"));
  EXPECT_EQ(berlin.ToLocal(At("2025-07-07T07:00:00Z")), Local(2025, 7, 7, 9, 0));
  EXPECT_EQ(berlin.OffsetAt(At("2025-07-07T07:00:00Z")), std::chrono::hours(2));
  EXPECT_EQ(Zone("Asia/Kolkata").ToInstant(Local(2025, 7, 7, 9, 0)), At("2025-07-07T03:30:00Z"));
}

TEST(Zone, SpringForwardGapMapsToTheFirstInstantAfterIt) {
  TimeZone berlin = Zone("Europe/Berlin");  // 2025-03-30 02:00 CET -> 03:00 CEST at 01:00Z
  EXPECT_EQ(berlin.ToInstant(Local(2025, 3, 30, 1, 59)), At("2025-03-30T00:59:00Z"));
  EXPECT_EQ(berlin.ToInstant(Local(2025, 3, 30, 2, 0)), At("2025-03-30T01:00:00Z"));
  EXPECT_EQ(berlin.ToInstant(Local(2025, 3, 30, 2, 30)), At("2025-03-30T01:00:00Z"));
  EXPECT_EQ(berlin.ToInstant(Local(2025, 3, 30, 3, 0)), At("2025-03-30T01:00:00Z"));
  EXPECT_EQ(berlin.ToInstant(Local(2025, 3, 30, 3, 1)), At("2025-03-30T01:01:00Z"));
  TimeZone ny = Zone("America/New_York");  // 2025-03-09 02:00 EST -> 03:00 EDT at 07:00Z
  EXPECT_EQ(ny.ToInstant(Local(2025, 3, 9, 2, 30)), At("2025-03-09T07:00:00Z"));
}

TEST(Zone, FallBackFoldMapsToTheFirstOccurrence) {
  TimeZone berlin = Zone("Europe/Berlin");  // 2025-10-26 03:00 CEST -> 02:00 CET at 01:00Z
  EXPECT_EQ(berlin.ToInstant(Local(2025, 10, 26, 2, 30)), At("2025-10-26T00:30:00Z"));
  EXPECT_EQ(berlin.ToInstant(Local(2025, 10, 26, 3, 0)), At("2025-10-26T02:00:00Z"));
  TimeZone ny = Zone("America/New_York");  // 2025-11-02 02:00 EDT -> 01:00 EST at 06:00Z
  EXPECT_EQ(ny.ToInstant(Local(2025, 11, 2, 1, 30)), At("2025-11-02T05:30:00Z"));
  EXPECT_EQ(ny.ToLocal(At("2025-11-02T06:30:00Z")), Local(2025, 11, 2, 1, 30));
}

TEST(Zone, FormatLocalShowsTheOffset) {
  EXPECT_EQ(FormatLocal(At("2025-03-30T01:00:00Z"), Zone("Europe/Berlin")),
            "2025-03-30T03:00:00+02:00");
  EXPECT_EQ(FormatLocal(At("2025-03-30T00:59:59Z"), Zone("Europe/Berlin")),
            "2025-03-30T01:59:59+01:00");
  EXPECT_EQ(FormatLocal(At("2025-01-06T08:00:00Z"), Zone("America/New_York")),
            "2025-01-06T03:00:00-05:00");
  EXPECT_EQ(FormatLocal(At("2025-01-06T08:00:00Z"), Zone("Asia/Kolkata")),
            "2025-01-06T13:30:00+05:30");
}

}  // namespace
}  // namespace klaxon::oncall
