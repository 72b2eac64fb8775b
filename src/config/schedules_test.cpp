// The `schedules` section: what loads, and each problem as one exact
// "file:line:column: message".
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"
#include "oncall/resolve.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;

// Severities on lines 1-3, people on lines 4-6, then `rest` from line 7.
std::string Doc(const std::string& rest) {
  return std::string(test::kSeverities) +
         "people:\n"
         "  - {id: maya, name: Maya}\n"
         "  - {id: diego, name: Diego}\n" +
         rest;
}

Lines Problems(const std::string& rest, const EnvLookup& env = test::NoEnv()) {
  return test::Problems(LoadString(Doc(rest), "t.yaml", env));
}

TEST(Schedules, LoadsLayersAndOverrides) {
  auto cfg = LoadString(Doc("schedules:\n"
                            "  - id: primary\n"
                            "    name: Primary on-call\n"
                            "    time_zone: Europe/Berlin\n"
                            "    layers:\n"
                            "      - name: weekly\n"
                            "        participants: [maya, diego]\n"
                            "        shift: weekly\n"
                            "        handoff: \"09:00\"\n"
                            "        start: 2025-01-06\n"
                            "      - {participants: [diego], shift: 12h, handoff: 21:30, "
                            "start: 2025-02-01}\n"
                            "    overrides:\n"
                            "      - {person: maya, start: 2025-01-15T00:00:00Z, "
                            "end: \"2025-01-16T09:00:00+01:00\"}\n"
                            "  - id: secondary\n"
                            "    time_zone: UTC\n"
                            "    layers: [{participants: [diego], shift: daily, handoff: 00:00, "
                            "start: 2025-01-01}]\n"),
                        "t.yaml", test::NoEnv());
  ASSERT_TRUE(cfg) << ::testing::PrintToString(test::Problems(cfg));
  ASSERT_EQ(cfg->schedules.size(), 2u);
  const oncall::Schedule& p = cfg->schedules[0].spec;
  EXPECT_EQ(p.id, "primary");
  EXPECT_EQ(p.name, "Primary on-call");
  EXPECT_EQ(p.zone.name(), "Europe/Berlin");
  ASSERT_EQ(p.layers.size(), 2u);
  EXPECT_EQ(p.layers[0].name, "weekly");
  EXPECT_EQ(p.layers[0].participants, (std::vector<std::string>{"maya", "diego"}));
  EXPECT_EQ(p.layers[0].shift, std::chrono::weeks(1));
  EXPECT_EQ(p.layers[0].handoff, std::chrono::hours(9));
  EXPECT_EQ(p.layers[0].start_date, std::chrono::year{2025} / 1 / 6);
  EXPECT_EQ(p.layers[1].shift, std::chrono::hours(12));
  EXPECT_EQ(p.layers[1].handoff, std::chrono::hours(21) + std::chrono::minutes(30));
  ASSERT_EQ(p.overrides.size(), 1u);
  EXPECT_EQ(FormatTimestamp(p.overrides[0].end), "2025-01-16T08:00:00.000Z");
  EXPECT_EQ(cfg->schedules[0].origin.line, 8);
  EXPECT_EQ(cfg->schedules[1].spec.name, "secondary");  // defaults to the id
  ASSERT_NE(cfg->FindSchedule("secondary"), nullptr);
  EXPECT_EQ(cfg->FindSchedule("nope"), nullptr);
  EXPECT_TRUE(oncall::Validate(p));
}

TEST(Schedules, UnknownTimeZoneSuggestsTheNearest) {
  EXPECT_EQ(Problems("schedules:\n"
                     "  - id: p\n"
                     "    time_zone: Europe/Berln\n"
                     "    layers: [{participants: [maya], shift: daily, handoff: 09:00, "
                     "start: 2025-01-01}]\n"),
            Lines{"t.yaml:9:16: unknown time zone \"Europe/Berln\"; did you mean "
                  "\"Europe/Berlin\"? (use an IANA name such as Europe/Berlin, America/New_York "
                  "or UTC)"});
  EXPECT_EQ(Problems("schedules:\n"
                     "  - id: p\n"
                     "    time_zone: ${TEAM_TZ}\n"
                     "    layers: [{participants: [maya], shift: daily, handoff: 09:00, "
                     "start: 2025-01-01}]\n",
                     test::MapEnv({{"TEAM_TZ", "Mars/Olympus"}})),
            Lines{"t.yaml:9:16: unknown time zone from ${TEAM_TZ} (use an IANA name such as "
                  "Europe/Berlin, America/New_York or UTC)"});
}

TEST(Schedules, DanglingPeopleAreReportedWhereTheyAreNamed) {
  EXPECT_EQ(Problems("schedules:\n"
                     "  - id: p\n"
                     "    time_zone: UTC\n"
                     "    layers:\n"
                     "      - participants: [maya, dieg0]\n"
                     "        shift: daily\n"
                     "        handoff: 09:00\n"
                     "        start: 2025-01-01\n"
                     "    overrides:\n"
                     "      - {person: priya, start: 2025-01-02T00:00:00Z, "
                     "end: 2025-01-03T00:00:00Z}\n"),
            (Lines{"t.yaml:11:30: unknown person \"dieg0\"; did you mean \"diego\"? (declared: "
                   "maya, diego)",
                   "t.yaml:16:18: unknown person \"priya\" (declared: maya, diego)"}));
}

TEST(Schedules, BadValuesHaveTheirPositions) {
  EXPECT_EQ(Problems("schedules:\n"
                     "  - id: p\n"
                     "    time_zone: UTC\n"
                     "    layers:\n"
                     "      - participants: [maya]\n"
                     "        shift: fortnightly\n"
                     "        handoff: \"24:00\"\n"
                     "        start: 2025-02-30\n"
                     "      - participants: []\n"
                     "        shift: 30m\n"
                     "        handoff: 9:00\n"
                     "        start: 2025/01/01\n"),
            (Lines{"t.yaml:12:16: invalid shift \"fortnightly\": use daily, weekly or a duration "
                   "such as 12h or 2d",
                   "t.yaml:13:18: invalid handoff time \"24:00\": expected HH:MM from 00:00 to "
                   "23:59",
                   "t.yaml:14:16: invalid date \"2025-02-30\": there is no such day",
                   "t.yaml:15:23: a layer needs at least one participant",
                   "t.yaml:16:16: shift must be between 1h and 366d",
                   "t.yaml:17:18: invalid handoff time \"9:00\": expected HH:MM from 00:00 to "
                   "23:59",
                   "t.yaml:18:16: invalid date \"2025/01/01\": expected YYYY-MM-DD"}));
}

TEST(Schedules, OverridesNeedTimestampsInOrder) {
  EXPECT_EQ(Problems("schedules:\n"
                     "  - id: p\n"
                     "    time_zone: UTC\n"
                     "    layers: [{participants: [maya], shift: daily, handoff: 09:00, "
                     "start: 2025-01-01}]\n"
                     "    overrides:\n"
                     "      - person: diego\n"
                     "        start: 2025-01-03T00:00:00Z\n"
                     "        end: 2025-01-02T00:00:00Z\n"
                     "      - person: diego\n"
                     "        start: tomorrow\n"
                     "        end: 2025-01-02T00:00:00Z\n"),
            (Lines{"t.yaml:14:14: override end 2025-01-02T00:00:00.000Z must be after its start "
                   "2025-01-03T00:00:00.000Z",
                   "t.yaml:16:16: invalid timestamp \"tomorrow\": expected RFC 3339 such as "
                   "2025-08-07T09:14:22Z"}));
}

TEST(Schedules, StructureIsChecked) {
  EXPECT_EQ(Problems("schedules:\n"
                     "  - id: p\n"
                     "    timezone: UTC\n"
                     "    layers: []\n"
                     "  - id: p\n"
                     "    time_zone: UTC\n"
                     "    layers:\n"
                     "      - {participants: [maya], shift: daily, handoff: 09:00}\n"),
            (Lines{"t.yaml:8:5: schedule is missing required key \"time_zone\"",
                   "t.yaml:9:5: unknown key \"timezone\" in schedule; did you mean \"time_zone\"? "
                   "(allowed: id, name, time_zone, layers, overrides)",
                   "t.yaml:10:13: a schedule needs at least one layer",
                   "t.yaml:11:9: duplicate schedule id \"p\" (first declared at t.yaml:8:9)",
                   "t.yaml:14:9: layer is missing required key \"start\""}));
}

}  // namespace
}  // namespace klaxon::config
