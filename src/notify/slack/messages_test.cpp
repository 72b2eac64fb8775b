// Golden tests: the exact Slack payloads klaxon builds for the handbook's
// three message shapes, and the limits and escaping they must respect.

#include "notify/slack/messages.h"

#include "notify/slack/actions.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "notify/test_support.h"
#include "notify/text.h"

namespace klaxon::notify::slack {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::parse;
using boost::json::value;
using std::chrono::minutes;

std::string SectionText(const Message& m) {
  for (const auto& b : m.blocks) {
    if (b.at("type") == "section") return std::string(b.at("text").at("text").as_string());
  }
  return {};
}

const value* FindBlock(const Message& m, std::string_view type) {
  for (const auto& b : m.blocks) {
    if (b.at("type").as_string() == type) return &b;
  }
  return nullptr;
}

TEST(SlackMessagesTest, TopMessageOfANewIncidentIsTheHandbooksIncidentShapeWithButtons) {
  Message m = TopMessage(testing::Sample());
  EXPECT_EQ(m.text,
            "🔴 INCIDENT: API down\nSeverity: SEV1\nDetected: 2025-08-07 09:14 UTC\n"
            "Status: Investigating\nLead: unassigned");
  value expected = parse(R"([
    {"type":"header","text":{"type":"plain_text","text":"🔴 INCIDENT: API down","emoji":true}},
    {"type":"section","text":{"type":"mrkdwn","text":
      "*Severity:* SEV1\n*Detected:* 2025-08-07 09:14 UTC\n*Status:* Investigating\n*Lead:* unassigned"}},
    {"type":"context","elements":[{"type":"mrkdwn",
      "text":"INC-42 · runbook RB-001 · <https://klaxon.example/incidents/42|Open in klaxon>"}]},
    {"type":"actions","block_id":"incident_actions:INC-42","elements":[
      {"type":"button","action_id":"incident_ack","value":"INC-42","style":"primary",
       "text":{"type":"plain_text","text":"Acknowledge","emoji":true}},
      {"type":"button","action_id":"incident_resolve","value":"INC-42",
       "text":{"type":"plain_text","text":"Resolve","emoji":true},
       "confirm":{"title":{"type":"plain_text","text":"Resolve?","emoji":true},
                  "text":{"type":"plain_text","text":"Mark INC-42 resolved","emoji":true},
                  "confirm":{"type":"plain_text","text":"Yes","emoji":true},
                  "deny":{"type":"plain_text","text":"No","emoji":true}}},
      {"type":"button","action_id":"incident_escalate","value":"INC-42","style":"danger",
       "text":{"type":"plain_text","text":"Escalate","emoji":true},
       "confirm":{"title":{"type":"plain_text","text":"Escalate?","emoji":true},
                  "text":{"type":"plain_text","text":"Page the next level for INC-42","emoji":true},
                  "confirm":{"type":"plain_text","text":"Yes","emoji":true},
                  "deny":{"type":"plain_text","text":"No","emoji":true}}}]}
  ])");
  EXPECT_EQ(value(m.blocks), expected) << boost::json::serialize(m.blocks);
}

TEST(SlackMessagesTest, TopMessageShowsAcknowledgementAndLatestUpdateAndDropsTheAckButton) {
  Notification n = testing::Sample();
  n.event = Event::kUpdated;
  n.incident.status = incident::Status::kIdentified;
  n.incident.lead = "alice";
  n.incident.ack = incident::Acknowledgement{"bob", "slack", n.incident.opened_at + minutes(3)};
  n.update = UpdateFields{incident::Status::kIdentified, "Bad deploy 1.4.2", "Rolling back", "10m"};
  Message m = TopMessage(n);
  EXPECT_EQ(SectionText(m),
            "*Severity:* SEV1\n*Detected:* 2025-08-07 09:14 UTC\n*Status:* Identified\n"
            "*Lead:* alice\n*Acknowledged:* bob at 2025-08-07 09:17 UTC\n"
            "*Summary:* Bad deploy 1.4.2\n*Next:* Rolling back\n*ETA:* 10m");
  const value* actions = FindBlock(m, "actions");
  ASSERT_NE(actions, nullptr);
  const auto& buttons = actions->at("elements").as_array();
  ASSERT_EQ(buttons.size(), 2u);
  EXPECT_EQ(buttons[0].at("action_id"), "incident_resolve");
  EXPECT_EQ(buttons[1].at("action_id"), "incident_escalate");
}

TEST(SlackMessagesTest, TopMessageOfAResolvedIncidentHasNoButtons) {
  Notification n = testing::Sample();
  n.event = Event::kResolved;
  n.incident.status = incident::Status::kResolved;
  n.incident.resolved_at = n.incident.opened_at + minutes(47);
  n.resolution = ResolutionFields{{}, "Checkout API down for all users", "Bad deploy", ""};
  Message m = TopMessage(n);
  EXPECT_EQ(m.blocks[0].at("text").at("text"), "🟢 RESOLVED: API down");
  EXPECT_EQ(FindBlock(m, "actions"), nullptr);
  EXPECT_EQ(SectionText(m),
            "*Severity:* SEV1\n*Detected:* 2025-08-07 09:14 UTC\n*Duration:* 47m\n"
            "*Impact:* Checkout API down for all users\n*Root cause:* Bad deploy\n*Follow-up:* none");
}

TEST(SlackMessagesTest, UpdateReplyIsTheHandbooksUpdateShape) {
  Notification n = testing::Sample();
  n.event = Event::kUpdated;
  n.update = UpdateFields{incident::Status::kFixing, "Pool exhausted", "Restarting api", ""};
  Message m = ThreadMessage(n);
  EXPECT_EQ(m.text,
            "🟡 UPDATE: API down\nStatus: Fixing\nSummary: Pool exhausted\nNext: Restarting api\n"
            "ETA: unknown");
  EXPECT_EQ(m.blocks[0].at("text").at("text"), "🟡 UPDATE: API down");
  EXPECT_EQ(SectionText(m),
            "*Status:* Fixing\n*Summary:* Pool exhausted\n*Next:* Restarting api\n*ETA:* unknown");
  EXPECT_EQ(FindBlock(m, "actions"), nullptr);
}

TEST(SlackMessagesTest, AnUpdateAskingForAnApprovalCarriesTheApproveButton) {
  Notification n = testing::Sample();
  n.event = Event::kUpdated;
  n.update = UpdateFields{incident::Status::kInvestigating, "Step 2 waits for approval", "", ""};
  n.approval = ApprovalRequest{2, "Kill <idle> backends", "lead"};
  Message m = ThreadMessage(n);
  EXPECT_TRUE(m.text.ends_with("\nApproval needed: step 2 \"Kill &lt;idle&gt; backends\" (lead or above)"))
      << m.text;
  const value* actions = FindBlock(m, "actions");
  ASSERT_NE(actions, nullptr);
  EXPECT_EQ(actions->at("block_id"), "remediation_approval:INC-42:2");
  const auto& buttons = actions->at("elements").as_array();
  ASSERT_EQ(buttons.size(), 1u);
  EXPECT_EQ(buttons[0].at("action_id"), "remediation_approve");
  EXPECT_EQ(buttons[0].at("value"), "INC-42:2");
  EXPECT_EQ(buttons[0].at("text").at("text"), "Approve step 2");
  EXPECT_EQ(buttons[0].at("style"), "primary");
  EXPECT_TRUE(buttons[0].at("confirm").is_object());
  auto target = ParseApprovalValue(std::string(buttons[0].at("value").as_string()));
  ASSERT_TRUE(target);
  EXPECT_EQ(target->incident_ref, "INC-42");
  EXPECT_EQ(target->step, 2);
  EXPECT_EQ(FindBlock(TopMessage(n), "actions")->at("block_id"), "incident_actions:INC-42")
      << "the top message keeps its own buttons";
}

TEST(SlackMessagesTest, ApprovalValuesParseOnlyWhenWellFormed) {
  EXPECT_EQ(ApprovalValue("INC-7", 12), "INC-7:12");
  for (std::string_view bad : {"", "INC-7", "INC-7:", ":3", "INC-7:0", "INC-7:-1", "INC-7:3x"}) {
    EXPECT_FALSE(ParseApprovalValue(bad)) << bad;
  }
}

TEST(SlackMessagesTest, ResolvedReplyIsTheHandbooksResolvedShape) {
  Notification n = testing::Sample();
  n.event = Event::kResolved;
  n.incident.status = incident::Status::kResolved;
  n.resolution = ResolutionFields{minutes(90), "Payments delayed", "Relayr outage",
                                  "https://wiki/pm/42"};
  Message m = ThreadMessage(n);
  EXPECT_EQ(m.text,
            "🟢 RESOLVED: API down\nDuration: 1h30m\nImpact: Payments delayed\n"
            "Root cause: Relayr outage\nFollow-up: https://wiki/pm/42");
  EXPECT_EQ(FindBlock(m, "actions"), nullptr);
}

TEST(SlackMessagesTest, OtherEventsAreOneLineReplies) {
  Notification n = testing::Sample();
  n.event = Event::kAcknowledged;
  n.actor = "alice";
  Message m = ThreadMessage(n);
  EXPECT_EQ(m.text, "INC-42 acknowledged by alice");
  ASSERT_EQ(m.blocks.size(), 1u);
  EXPECT_EQ(m.blocks[0].at("text").at("text"), "INC-42 acknowledged by alice");
  n.event = Event::kSeverityChanged;
  n.incident.severity = "SEV2";
  EXPECT_EQ(ThreadMessage(n).text, "INC-42 severity changed to SEV2 by alice");
}

TEST(SlackMessagesTest, EscapesControlCharactersInUserText) {
  Notification n = testing::Sample();
  n.incident.title = "<!channel> a&b";
  n.event = Event::kUpdated;
  n.update = UpdateFields{incident::Status::kIdentified, "<https://evil|click> & more", "x>y", ""};
  Message m = ThreadMessage(n);
  EXPECT_EQ(SectionText(m),
            "*Status:* Identified\n*Summary:* &lt;https://evil|click&gt; &amp; more\n"
            "*Next:* x&gt;y\n*ETA:* unknown");
  EXPECT_EQ(m.text.substr(0, m.text.find('\n')), "🟡 UPDATE: &lt;!channel&gt; a&amp;b");
  // The header is plain_text, which Slack shows literally: no escaping there.
  EXPECT_EQ(m.blocks[0].at("text").at("text"), "🟡 UPDATE: <!channel> a&b");
  n.actor = "<@U1>";
  n.event = Event::kEscalated;
  EXPECT_EQ(ThreadMessage(n).text, "INC-42 escalated by &lt;@U1&gt;");
}

TEST(SlackMessagesTest, LinkCannotBreakOutOfItsAngleBrackets) {
  Notification n = testing::Sample();
  n.link = "https://k.example/i?a=1&b=<2>|x";
  Message m = TopMessage(n);
  EXPECT_EQ(FindBlock(m, "context")->at("elements").at(0).at("text"),
            "INC-42 · runbook RB-001 · <https://k.example/i?a=1&amp;b=&lt;2&gt;%7Cx|Open in klaxon>");
}

TEST(SlackMessagesTest, LongTextIsCutToBlockKitLimitsWithAnEllipsis) {
  Notification n = testing::Sample();
  n.incident.title = std::string(500, 'T');
  n.incident.lead = std::string(5000, 'L');
  n.incident.ack = incident::Acknowledgement{std::string(5000, 'b'), "slack", n.incident.opened_at};
  n.update = UpdateFields{incident::Status::kFixing, std::string(5000, '<'),
                          std::string(5000, '&'), std::string(5000, 'e')};
  n.incident_ref = "INC-" + std::string(400, '9');
  for (const Message& m : {TopMessage(n), ThreadMessage(n), UpdateMessage(n)}) {
    EXPECT_LE(m.blocks.size(), limits::kMaxBlocks);
    EXPECT_LE(CodePoints(m.text), limits::kFallbackText);
    for (const auto& b : m.blocks) {
      std::string_view type = b.at("type").as_string();
      if (type == "header") {
        std::string_view text = b.at("text").at("text").as_string();
        EXPECT_EQ(CodePoints(text), limits::kHeaderText);
        EXPECT_TRUE(text.ends_with("…"));
      }
      if (type == "section") {
        std::string_view text = b.at("text").at("text").as_string();
        EXPECT_LE(CodePoints(text), limits::kSectionText);
        EXPECT_TRUE(text.ends_with("…"));
        EXPECT_EQ(text.find("&l…"), std::string_view::npos);  // no half entity
      }
      if (type == "actions") {
        EXPECT_LE(CodePoints(b.at("block_id").as_string()), limits::kBlockId);
        for (const auto& button : b.at("elements").as_array()) {
          EXPECT_LE(CodePoints(button.at("value").as_string()), limits::kButtonValue);
          EXPECT_LE(CodePoints(button.at("action_id").as_string()), limits::kActionId);
          EXPECT_LE(CodePoints(button.at("text").at("text").as_string()), limits::kButtonText);
        }
      }
    }
  }
  // One huge field does not crowd out the fields after it.
  std::string section = SectionText(UpdateMessage(n));
  EXPECT_NE(section.find("*Next:* &amp;"), std::string::npos);
}

TEST(SlackMessagesTest, RequestBodiesForEachCall) {
  Message m{"fallback", array{object{{"type", "divider"}}}};
  EXPECT_EQ(value(PostMessageBody("C0INCIDENTS", m)),
            parse(R"({"channel":"C0INCIDENTS","text":"fallback","blocks":[{"type":"divider"}]})"));
  EXPECT_EQ(value(PostMessageBody("C0INCIDENTS", m, "1754550000.000001")),
            parse(R"({"channel":"C0INCIDENTS","text":"fallback","blocks":[{"type":"divider"}],
                      "thread_ts":"1754550000.000001"})"));
  EXPECT_EQ(value(UpdateBody("C0INCIDENTS", "1754550000.000001", m)),
            parse(R"({"channel":"C0INCIDENTS","ts":"1754550000.000001","text":"fallback",
                      "blocks":[{"type":"divider"}]})"));
  EXPECT_EQ(value(WebhookBody(m)), parse(R"({"text":"fallback","blocks":[{"type":"divider"}]})"));
}

TEST(SlackMessagesTest, FormatsDetectedTimeInUtcMinutes) {
  EXPECT_EQ(FormatDetected(testing::Opened()), "2025-08-07 09:14 UTC");
  EXPECT_EQ(FormatDetected(FromUnixMillis(0)), "1970-01-01 00:00 UTC");
}

TEST(SlackMessages, TheUpdateReminderMentionsWhoShouldPostInTheThread) {
  Notification n = testing::Sample();
  n.event = Event::kUpdateDue;
  n.reminder = UpdateReminder{"maya", "lead", "U0MAYA", std::chrono::minutes(15)};
  Message m = ThreadMessage(n);
  EXPECT_EQ(m.text,
            ":alarm_clock: INC-42 has had no status update in the last 15m (SEV1). <@U0MAYA> (lead), "
            "please post one: `/incident update INC-42 &lt;status&gt; | &lt;summary&gt; | "
            "&lt;next&gt; | &lt;eta&gt;`");
  n.reminder = UpdateReminder{"", "channel", "", std::chrono::hours(1)};
  EXPECT_NE(ThreadMessage(n).text.find("in the last 1h (SEV1). Please post one:"), std::string::npos)
      << ThreadMessage(n).text;
}

}  // namespace
}  // namespace klaxon::notify::slack
