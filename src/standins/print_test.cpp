// The stand-ins' readable printing: a message in full, an edit as the lines
// it brought, a PagerDuty event on one line, refusals with their reasons.
#include "standins/print.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace klaxon::standins {
namespace {

TEST(PrintSlack, PrintsAMessageInFullAndAnEditAsTheLinesItBrought) {
  std::vector<std::string> out;
  auto observe = PrintSlack([&](const std::string& block) { out.push_back(block); });
  SlackStandin::Received post{.endpoint = "chat.postMessage", .status = 200};
  SlackStandin::Message m{.channel = "#incidents", .ts = "1.000001",
                          .text = "🔴 INCIDENT: API down\nStatus: Investigating"};
  observe(post, &m);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0],
            "[slack] chat.postMessage #incidents ts 1.000001\n"
            "    🔴 INCIDENT: API down\n    Status: Investigating\n");

  SlackStandin::Received update{.endpoint = "chat.update", .status = 200};
  m.text = "🔴 INCIDENT: API down\nStatus: Identified";
  m.edits = 1;
  observe(update, &m);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1], "[slack] chat.update #incidents ts 1.000001 (edited)\n    Status: Identified\n");
  observe(update, &m);
  EXPECT_EQ(out[2], "[slack] chat.update #incidents ts 1.000001 (edited, unchanged)\n");

  SlackStandin::Message reply{.channel = "C0INCIDENTS", .ts = "1.000002", .thread_ts = "1.000001",
                              .text = "🟡 UPDATE"};
  observe(post, &reply);
  EXPECT_EQ(out[3], "[slack] chat.postMessage #C0INCIDENTS ts 1.000002 thread 1.000001\n    🟡 UPDATE\n");

  SlackStandin::Received refused{.endpoint = "chat.postMessage", .status = 200, .error = "invalid_auth"};
  observe(refused, nullptr);
  EXPECT_EQ(out[4], "[slack] chat.postMessage -> 200 invalid_auth\n");
}

TEST(PrintPagerDuty, PrintsAnEventOnOneLineAndARefusalWithItsErrors) {
  std::vector<std::string> out;
  auto observe = PrintPagerDuty([&](const std::string& block) { out.push_back(block); });
  PagerDutyStandin::Event e{
      .event_action = "trigger",
      .dedup_key = "INC-1",
      .body = boost::json::parse(R"({"payload":{"severity":"critical","summary":"API down"}})").as_object()};
  observe(PagerDutyStandin::Received{.status = 202}, &e);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], "[pagerduty] trigger INC-1 \"critical\" \"API down\"\n");
  observe(PagerDutyStandin::Received{.status = 400, .errors = {"Summary is missing."}}, nullptr);
  EXPECT_EQ(out[1], "[pagerduty] /v2/enqueue -> 400\n    Summary is missing.\n");
}

}  // namespace
}  // namespace klaxon::standins
