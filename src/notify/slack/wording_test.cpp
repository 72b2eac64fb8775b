// Slack messages rendered from configured templates: a runbook's own wording
// reaches only its incidents, the Block Kit structure stays, and values stay
// escaped whatever braces the template uses.

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "notify/slack/messages.h"
#include "notify/test_support.h"

namespace klaxon::notify::slack {
namespace {

using boost::json::value;

std::string SectionText(const Message& m) {
  for (const auto& b : m.blocks) {
    if (b.at("type") == "section") return std::string(b.at("text").at("text").as_string());
  }
  return {};
}

// RB-002 (payments) has its own INCIDENT and UPDATE wording.
MessageTemplates PaymentsWording() {
  return MessageTemplates(
      {},
      {{"RB-002",
        {{MessageKind::kIncident,
          "💳 PAYMENTS INCIDENT: {{title}}\nSeverity: {{severity}}\nRelayr status: "
          "<https://status.relayr.example|check it>\n{{#top}}\n{{#acknowledged}}\nOn it: {{by}}\n"
          "{{/acknowledged}}\n{{/top}}\n"},
         {MessageKind::kUpdate, "🟡 PAYMENTS UPDATE: {{{title}}}\n{{&summary}}\nNext: {{next}}\n"}}}});
}

TEST(SlackWording, ARunbooksOwnTemplateChangesOnlyItsIncidentsMessages) {
  MessageTemplates wording = PaymentsWording();
  Notification other = testing::Sample();  // RB-001
  for (Event e : {Event::kOpened, Event::kUpdated, Event::kResolved}) {
    other.event = e;
    EXPECT_EQ(value(ThreadMessage(other, wording).blocks), value(ThreadMessage(other).blocks));
    EXPECT_EQ(ThreadMessage(other, wording).text, ThreadMessage(other).text);
  }
  EXPECT_EQ(value(TopMessage(other, wording).blocks), value(TopMessage(other).blocks));

  Notification payments = testing::Sample();
  payments.incident.runbook_id = "RB-002";
  payments.incident.title = "Payments failing";
  Message m = TopMessage(payments, wording);
  EXPECT_EQ(m.blocks[0].at("text").at("text"), "💳 PAYMENTS INCIDENT: Payments failing");
  EXPECT_EQ(SectionText(m),
            "*Severity:* SEV1\n*Relayr status:* <https://status.relayr.example|check it>");
  EXPECT_EQ(m.text,
            "💳 PAYMENTS INCIDENT: Payments failing\nSeverity: SEV1\nRelayr status: "
            "<https://status.relayr.example|check it>");
  EXPECT_EQ(m.blocks.back().at("type").as_string(), "actions") << "the buttons stay";
  payments.incident.ack = incident::Acknowledgement{"maya", "slack", payments.incident.opened_at};
  EXPECT_TRUE(SectionText(TopMessage(payments, wording)).ends_with("\n*On it:* maya"));
  EXPECT_EQ(SectionText(ThreadMessage(payments, wording)).find("On it"), std::string::npos)
      << "the opening reply is not the top message";
  // Its RESOLVED message has no override: the default wording.
  payments.event = Event::kResolved;
  EXPECT_EQ(ThreadMessage(payments, wording).text, ThreadMessage(payments).text);
}

TEST(SlackWording, ValuesStayEscapedWhateverBracesTheTemplateUses) {
  Notification n = testing::Sample();
  n.incident.runbook_id = "RB-002";
  n.incident.title = "<!channel> pay";
  n.event = Event::kUpdated;
  n.update = UpdateFields{incident::Status::kIdentified, "Relayr: <http://x|y> down", "a & b", ""};
  Message m = ThreadMessage(n, PaymentsWording());
  EXPECT_EQ(m.text,
            "🟡 PAYMENTS UPDATE: &lt;!channel&gt; pay\nRelayr: &lt;http://x|y&gt; down\nNext: a &amp; b");
  // A value's own "Label:" is not made bold: only the template's are.
  EXPECT_EQ(SectionText(m), "Relayr: &lt;http://x|y&gt; down\n*Next:* a &amp; b");
  EXPECT_EQ(m.blocks[0].at("text").at("text"), "🟡 PAYMENTS UPDATE: <!channel> pay")
      << "the header is plain_text, shown literally";
  std::string all = boost::json::serialize(m.blocks) + m.text;
  EXPECT_EQ(all.find("<!channel>", all.find("mrkdwn")), std::string::npos);
  EXPECT_EQ(all.find("<http://x|y>"), std::string::npos);
}

TEST(SlackWording, ALineBreakInsideAValueDoesNotEndTheTemplatesLine) {
  Notification n = testing::Sample();
  n.incident.title = "API down\nSeverity: fake";
  n.event = Event::kUpdated;
  n.update = UpdateFields{incident::Status::kFixing, "Pool\nNext: fake", "Restart", ""};
  Message m = ThreadMessage(n);
  EXPECT_EQ(m.blocks[0].at("text").at("text"), "🟡 UPDATE: API down\nSeverity: fake");
  EXPECT_EQ(SectionText(m),
            "*Status:* Fixing\n*Summary:* Pool\nNext: fake\n*Next:* Restart\n*ETA:* unknown");
}

TEST(SlackWording, TheReminderTemplateKeepsTheMentionAndEscapesTheRest) {
  Notification n = testing::Sample();
  n.event = Event::kUpdateDue;
  n.reminder = UpdateReminder{"maya", "lead", "U0MAYA", std::chrono::minutes(15)};
  MessageTemplates wording({{MessageKind::kReminder,
                             "{{who}}: {{id}} <{{title}}> waits for an update ({{every}}).\n"
                             "Post: `{{update_command}}`"}},
                           {});
  n.incident.title = "<!here>";
  Message m = ThreadMessage(n, wording);
  EXPECT_EQ(m.text,
            "<@U0MAYA>: INC-42 <&lt;!here&gt;> waits for an update (15m).\nPost: `/incident update "
            "INC-42 &lt;status&gt; | &lt;summary&gt; | &lt;next&gt; | &lt;eta&gt;`");
  ASSERT_EQ(m.blocks.size(), 1u);
  EXPECT_EQ(m.blocks[0].at("text").at("text").as_string(), m.text);
}

}  // namespace
}  // namespace klaxon::notify::slack
