// On-call schedules through the real binary: /api/v1/oncall, the calendar
// feed with a token in its URL, and `klaxon oncall`, under simulated time.
#include "core/time.h"
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

// Included by the fixture's configuration: a second person and a weekly
// rotation in New York, handing off Mondays at 09:00.
constexpr const char* kSchedules = R"yaml(
people:
  - {id: bob, name: "Bob Builder, Jr.", role: oncall}
schedules:
  - id: primary
    name: Primary on-call
    time_zone: America/New_York
    layers:
      - name: weekly
        participants: [alice, bob]
        shift: weekly
        handoff: "09:00"
        start: 2025-01-06
    overrides:
      - {person: alice, start: "2025-03-12T00:00:00-04:00", end: "2025-03-13T00:00:00-04:00"}
)yaml";

class OnCallE2E : public E2E {
 protected:
  void SetUp() override {
    std::ofstream(dir_.File("oncall.yaml")) << kSchedules;
    std::ofstream(ConfigPath()) << kConfig << "include: [oncall.yaml]\n";
    Start();
  }
  boost::json::value OnCall(const std::string& query) {
    auto r = Call("GET", "/api/v1/oncall" + query, "", Viewer());
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r);
  }
};

testing::RunResult Klaxon(std::vector<std::string> args, std::map<std::string, std::string> env) {
  args.insert(args.begin(), testing::KlaxonBinary());
  return testing::Run(args, env);
}

TEST_F(OnCallE2E, WhoIsOnCallAtAGivenTime) {
  // Week of 2025-03-10 (turn 9): bob, except alice's override on the 12th.
  auto v = OnCall("?schedule=primary&at=2025-03-11T12:00:00Z");
  const auto& p = v.at("schedules").as_array().at(0);
  EXPECT_EQ(Str(p.at("now"), "person"), "bob");
  EXPECT_EQ(Str(p.at("now"), "start"), "2025-03-10T13:00:00.000Z");  // 09:00 EDT
  EXPECT_EQ(Str(p.at("now"), "start_local"), "2025-03-10T09:00:00-04:00");
  EXPECT_EQ(Str(p.at("now"), "end"), "2025-03-12T04:00:00.000Z");
  EXPECT_EQ(Str(p.at("next"), "person"), "alice");
  EXPECT_EQ(Str(p.at("next"), "source"), "override");

  EXPECT_EQ(Call("GET", "/api/v1/oncall?at=soon", "", Viewer()).status, 400);
  auto missing = Call("GET", "/api/v1/oncall?schedule=nope", "", Viewer());
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Str(Json(missing), "error"), "schedule \"nope\" not found");
  EXPECT_EQ(Call("GET", "/api/v1/oncall").status, 401);
}

TEST_F(OnCallE2E, NowFollowsTheSimulatedClock) {
  auto before = OnCall("");
  const auto& now = before.at("schedules").as_array().at(0).at("now");
  std::string first = Str(now, "person");
  ASSERT_FALSE(first.empty());
  Time at = *ParseTimestamp(Str(before, "at"));
  EXPECT_LE(*ParseTimestamp(Str(now, "start")), at);
  EXPECT_GT(*ParseTimestamp(Str(now, "end")), at);
  // Two weeks on, the same person's turn again; one more week, the other's.
  AdvanceClock("14d");
  auto two_weeks = OnCall("");
  EXPECT_EQ(*ParseTimestamp(Str(two_weeks, "at")), at + std::chrono::days(14));
  AdvanceClock("7d");
  auto three_weeks = OnCall("");
  std::string third = Str(three_weeks.at("schedules").as_array().at(0).at("now"), "person");
  EXPECT_NE(third, first);
  EXPECT_EQ(Str(two_weeks.at("schedules").as_array().at(0).at("next"), "person"), third);
}

TEST_F(OnCallE2E, CalendarFeedTakesTheTokenFromTheUrl) {
  auto r = Call("GET", "/api/v1/schedules/primary.ics?token=" + Viewer());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.body.starts_with("BEGIN:VCALENDAR\r\n")) << r.body.substr(0, 200);
  EXPECT_TRUE(r.body.ends_with("END:VCALENDAR\r\n"));
  EXPECT_NE(r.body.find("SUMMARY:On call: Bob Builder\\, Jr. (Primary on-call)\r\n"),
            std::string::npos);
  EXPECT_NE(r.body.find("SUMMARY:On call: Alice Example (Primary on-call)\r\n"),
            std::string::npos);
  size_t events = 0;
  for (size_t p = 0; (p = r.body.find("BEGIN:VEVENT", p)) != std::string::npos; ++p) ++events;
  EXPECT_GE(events, 16u);  // 16 weeks of weekly turns
  EXPECT_LE(events, 20u);
  EXPECT_EQ(Call("GET", "/api/v1/schedules/primary.ics").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/schedules/primary.ics?token=nope-nope-nope-nope").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/schedules/other.ics?token=" + Viewer()).status, 404);
}

TEST_F(OnCallE2E, OnCallCommandPrintsATable) {
  std::map<std::string, std::string> env{{"KLAXON_TOKEN", Viewer()}};
  auto out = Klaxon({"oncall", "--server", server_->url(), "--schedule", "primary", "--at",
                     "2025-03-11T08:00:00-04:00"},
                    env);
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_NE(out.out.find("On call at 2025-03-11T12:00:00.000Z"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("SCHEDULE"), std::string::npos);
  EXPECT_NE(out.out.find("Bob Builder, Jr. (bob)"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("2025-03-10 09:00 -04:00"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("Alice Example (alice) [override]"), std::string::npos) << out.out;

  auto json = Klaxon({"oncall", "--server", server_->url(), "--json"}, env);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"schedules\""), std::string::npos);

  auto unknown = Klaxon({"oncall", "--server", server_->url(), "--schedule", "nope"}, env);
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("schedule \"nope\" not found (404)"), std::string::npos)
      << unknown.err;
  auto anon = Klaxon({"oncall", "--server", server_->url()}, {{"KLAXON_TOKEN", ""}});
  EXPECT_EQ(anon.exit_code, 1);
  auto help = Klaxon({"oncall", "--help"}, {});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--schedule"), std::string::npos);
  EXPECT_NE(help.out.find("--at"), std::string::npos);
}

}  // namespace
}  // namespace klaxon::e2e
