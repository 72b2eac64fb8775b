// Golden tests: the Slack message of a handoff brief, for the channel and
// for the incoming person, with and without open incidents, and its limits.

#include "notify/slack/brief.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "notify/test_support.h"
#include "notify/text.h"

namespace klaxon::notify::slack {
namespace {

using boost::json::parse;
using boost::json::value;

TEST(SlackBriefTest, ChannelPostListsTheOpenIncidentsMostSevereFirst) {
  Message m = HandoffMessage(testing::SampleBrief());
  value expected = parse(R"([
    {"type":"header","text":{"type":"plain_text","text":"🔁 HANDOFF: Primary on-call","emoji":true}},
    {"type":"section","text":{"type":"mrkdwn","text":
      "Diego Hernández is on call now, taking over from Maya Okafor (2025-08-11 16:00 UTC).\n2 open incidents:"}},
    {"type":"section","text":{"type":"mrkdwn","text":
      "*<https://klaxon.example/incidents/42|INC-42>* API down\nSEV1 · Identified · open 2h15m · lead maya\n*Summary:* Bad deploy of the API\n*Next:* Rolling back\n*ETA:* 16:30 UTC"}},
    {"type":"section","text":{"type":"mrkdwn","text":
      "*INC-43* Payments slow\nSEV2 · Investigating · open under a minute · lead none\n*Next:* no update yet"}},
    {"type":"context","elements":[{"type":"mrkdwn","text":"klaxon handoff brief · schedule primary"}]}
  ])");
  EXPECT_EQ(value(m.blocks), expected) << boost::json::serialize(m.blocks);
  EXPECT_EQ(m.text,
            "🔁 HANDOFF: Primary on-call\n"
            "Diego Hernández is on call now, taking over from Maya Okafor (2025-08-11 16:00 UTC).\n"
            "2 open incidents:\n"
            "- *<https://klaxon.example/incidents/42|INC-42>* API down\n"
            "SEV1 · Identified · open 2h15m · lead maya\n*Summary:* Bad deploy of the API\n"
            "*Next:* Rolling back\n*ETA:* 16:30 UTC\n"
            "- *INC-43* Payments slow\nSEV2 · Investigating · open under a minute · lead none\n"
            "*Next:* no update yet");
}

TEST(SlackBriefTest, ADirectCopySpeaksToTheIncomingPerson) {
  HandoffBrief b = testing::SampleBrief();
  b.recipient = "diego";
  b.slack_user = "U04DIEGO002";
  Message m = HandoffMessage(b);
  EXPECT_EQ(m.blocks.at(1).at("text").at("text"),
            "You are on call now for Primary on-call, taking over from Maya Okafor (2025-08-11 "
            "16:00 UTC).\n2 open incidents:");
  // Posted to the user: Slack delivers it as a DM from the bot.
  auto body = BriefPostBody("C0INCIDENTS", b);
  EXPECT_EQ(body.at("channel"), "U04DIEGO002");
  EXPECT_EQ(BriefPostBody("C0INCIDENTS", testing::SampleBrief()).at("channel"), "C0INCIDENTS");
}

TEST(SlackBriefTest, WithNothingOpenTheBriefSaysSo) {
  HandoffBrief b = testing::SampleBrief();
  b.incidents.clear();
  b.recipient = "diego";
  Message m = HandoffMessage(b);
  ASSERT_EQ(m.blocks.size(), 3u);  // header, the handoff, context
  EXPECT_EQ(m.blocks.at(1).at("text").at("text"),
            "You are on call now for Primary on-call, taking over from Maya Okafor (2025-08-11 "
            "16:00 UTC).\nNothing is open: nothing to hand over.");
}

TEST(SlackBriefTest, FirstShiftAndGapsNameNobody) {
  HandoffBrief b = testing::SampleBrief();
  b.incidents.clear();
  b.outgoing = {};
  EXPECT_EQ(HandoffMessage(b).blocks.at(1).at("text").at("text"),
            "Diego Hernández is on call now (2025-08-11 16:00 UTC).\nNothing is open: nothing to "
            "hand over.");
  b.outgoing = b.incoming;
  b.incoming = {};
  EXPECT_EQ(HandoffMessage(b).blocks.at(1).at("text").at("text"),
            "Nobody is on call now for Primary on-call; Diego Hernández went off call (2025-08-11 "
            "16:00 UTC).\nNothing is open: nothing to hand over.");
}

TEST(SlackBriefTest, EscapesPeoplesTextAndStaysWithinBlockKitLimits) {
  HandoffBrief b = testing::SampleBrief();
  b.incidents[0].title = "<!channel> & <https://evil|click>";
  b.incidents[0].summary = std::string(5000, 'x');
  b.unlisted = 100;
  for (int i = 0; i < 60; ++i) b.incidents.push_back(b.incidents[1]);
  Message m = HandoffMessage(b);
  std::string first(m.blocks.at(2).at("text").at("text").as_string());
  EXPECT_NE(first.find("&lt;!channel&gt; &amp; &lt;https://evil|click&gt;"), std::string::npos)
      << first;
  EXPECT_LE(m.blocks.size(), limits::kMaxBlocks);
  EXPECT_LE(CodePoints(first), limits::kSectionText);
  EXPECT_LE(CodePoints(m.text), limits::kFallbackText);
  // 40 listed, the other 22 and the 100 unlisted counted.
  EXPECT_EQ(m.blocks.at(m.blocks.size() - 2).at("text").at("text"),
            "…and 122 more open incidents in klaxon.");
  EXPECT_EQ(m.blocks.at(1).at("text").at("text").as_string().ends_with("162 open incidents:"),
            true);
}

}  // namespace
}  // namespace klaxon::notify::slack

namespace klaxon::notify::slack {
namespace {

TEST(SlackReminderTest, GoesToTheChannelOrAsADirectMessage) {
  Reminder r;
  r.kind = "postmortem_overdue";
  r.incident_ref = "INC-42";
  r.incident_title = "Payments <failing>";
  r.text = "The post-mortem of INC-42 is overdue";
  r.link = "https://klaxon.example/api/v1/incidents/INC-42";
  auto body = ReminderPostBody("C0INCIDENTS", r);
  EXPECT_EQ(body.at("channel"), "C0INCIDENTS");
  std::string text = boost::json::serialize(body.at("blocks"));
  EXPECT_NE(text.find("Payments &lt;failing&gt;"), std::string::npos) << text;
  EXPECT_NE(text.find("<https://klaxon.example/api/v1/incidents/INC-42|*INC-42*>"), std::string::npos) << text;
  r.slack_user = "U0MAYA";
  EXPECT_EQ(ReminderPostBody("C0INCIDENTS", r).at("channel"), "U0MAYA");
}

}  // namespace
}  // namespace klaxon::notify::slack
