// Slack buttons and /incident through the real binary and the Slack
// stand-in: each click changes the incident as the clicking person, via
// Slack, edits the incident's message and replies in its thread, and the
// clicker gets an ephemeral answer on the click's response_url.
#include "tests/e2e/inbound_fixture.h"

namespace klaxon::e2e {
namespace {

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

class SlackE2E : public InboundE2E {
 protected:
  // Waits until the top message has been edited into something containing `text`.
  bool WaitForTopToSay(const std::string& text) {
    std::string ts = TopTs();
    return WaitFor([&] {
      auto m = slack_->Find(kSlackChannel, ts);
      return m && m->edits > 0 && m->text.find(text) != std::string::npos;
    });
  }
};

TEST_F(SlackE2E, TheAcknowledgeButton) {
  ASSERT_TRUE(Top()) << "the incident's message was posted";
  auto answer = AnswerAt(Click("U0ALICE", "incident_ack"));
  EXPECT_EQ(FirstLine(answer), "INC-1 acknowledged by Alice Example.");
  EXPECT_NE(answer.find("acknowledged by alice via slack"), std::string::npos) << answer;

  auto inc = Incident("INC-1");
  EXPECT_EQ(Str(inc.at("acknowledged"), "by"), "alice");
  EXPECT_EQ(Str(inc.at("acknowledged"), "via"), "slack");
  EXPECT_EQ(Str(inc.at("escalation"), "state"), "acknowledged");
  auto lines = Lines("acknowledged");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(Str(lines[0], "text"), "Acknowledged by alice via slack");
  EXPECT_EQ(Str(lines[0], "actor"), "alice");
  EXPECT_EQ(Str(lines[0], "via"), "slack");

  EXPECT_TRUE(WaitForReply("INC-1 acknowledged by alice"));
  EXPECT_TRUE(WaitForTopToSay("Acknowledged: alice"));
}

TEST_F(SlackE2E, TheResolveButtonThenAgainOnAResolvedIncident) {
  ASSERT_TRUE(Top());
  auto answer = AnswerAt(Click("U0ALICE", "incident_resolve"));
  EXPECT_EQ(FirstLine(answer), "INC-1 resolved by Alice Example.");
  auto inc = Incident("INC-1");
  EXPECT_EQ(Str(inc, "status"), "resolved");
  EXPECT_EQ(Str(inc.at("escalation"), "state"), "resolved");
  auto lines = Lines("resolved");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(Str(lines[0], "text").find("Resolved by alice via slack"), 0u) << Str(lines[0], "text");
  EXPECT_EQ(Str(lines[0], "actor"), "alice");
  EXPECT_EQ(Str(lines[0], "via"), "slack");
  EXPECT_TRUE(WaitForReply("🟢 RESOLVED"));
  EXPECT_TRUE(WaitForTopToSay("🟢 RESOLVED"));

  // The button is still on messages people have open: a second click says why nothing happens.
  auto again = AnswerAt(Click("U0ALICE", "incident_resolve"));
  EXPECT_EQ(again, "Could not resolve INC-1: it is resolved. Nothing was changed.");
  EXPECT_EQ(Lines("resolved").size(), 1u);
}

TEST_F(SlackE2E, TheEscalateButtonNeedsTheOnCallRole) {
  ASSERT_TRUE(Top());
  auto refused = AnswerAt(Click("U0EDDIE", "incident_escalate"));
  EXPECT_EQ(refused, "You are not allowed to escalate: role engineer (escalate needs oncall or above). "
                     "Nothing was changed.");
  EXPECT_EQ(Lines("escalated").size(), 1u) << "only level 1, paged when it opened";

  auto answer = AnswerAt(Click("U0ALICE", "incident_escalate"));
  EXPECT_EQ(FirstLine(answer), "INC-1 escalated by Alice Example: level 2 paged (diego).");
  auto escalation = Incident("INC-1").at("escalation");
  EXPECT_EQ(escalation.at("level").to_number<int>(), 2);
  EXPECT_EQ(escalation.at("paged").as_array(), boost::json::array{"diego"});
  auto lines = Lines("escalated");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(Str(lines[1], "text"), "Escalated by alice via slack: paging level 2: diego");
  EXPECT_EQ(Str(lines[1], "actor"), "alice");
  EXPECT_EQ(Str(lines[1], "via"), "slack");
  EXPECT_TRUE(WaitForReply("INC-1 escalated by alice"));
}

TEST_F(SlackE2E, UnknownUsersAndTooLowRolesAreToldAndChangeNothing) {
  ASSERT_TRUE(Top());
  auto stranger = AnswerAt(Click("U0NOBODY", "incident_ack"));
  EXPECT_EQ(stranger,
            "Your Slack user (U0NOBODY) is not a person in klaxon's configuration; nothing was changed.");
  auto viewer = AnswerAt(Click("U0VERA", "incident_resolve"));
  EXPECT_EQ(viewer, "You are not allowed to resolve: role viewer (resolve needs engineer or above). "
                    "Nothing was changed.");
  auto command = Slack("/api/v1/slack/commands", CommandBody("U0VERA", "ack INC-1"));
  EXPECT_NE(SlackText(command).find("role viewer"), std::string::npos) << command.body;
  EXPECT_FALSE(Acknowledged());
  EXPECT_EQ(Str(Incident("INC-1"), "status"), "investigating");
  auto missing = AnswerAt(Click("U0ALICE", "incident_ack", "INC-99"));
  EXPECT_EQ(missing.find("Could not acknowledge INC-99:"), 0u) << missing;
}

TEST_F(SlackE2E, SlashCommandsAckUpdateStatusAndOncall) {
  auto ack = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0ALICE", "ack INC-1")));
  EXPECT_EQ(FirstLine(ack), "INC-1 acknowledged by Alice Example.");
  EXPECT_NE(ack.find("acknowledged by alice via slack"), std::string::npos) << ack;

  auto up = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0ALICE", "update INC-1 DB failover in progress")));
  EXPECT_EQ(FirstLine(up), "INC-1 updated by Alice Example.");
  EXPECT_EQ(Str(Incident("INC-1"), "summary"), "DB failover in progress");
  auto updates = Lines("update");
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(Str(updates[0], "actor"), "alice");
  EXPECT_EQ(Str(updates[0], "via"), "slack");
  EXPECT_TRUE(WaitForReply("DB failover in progress"));
  EXPECT_TRUE(WaitForTopToSay("DB failover in progress"));

  auto status = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0VERA", "status INC-1")));
  EXPECT_EQ(status, "INC-1 [SEV1] API Health Check Failing: investigating, acknowledged by alice via slack");
  auto open = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0VERA", "status")));
  EXPECT_EQ(open, status) << "every open incident, one line each";
  auto oncall = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0VERA", "oncall")));
  EXPECT_EQ(oncall, "Primary on-call: Alice Example (alice)");
  auto unknown = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0VERA", "oncall nightly")));
  EXPECT_EQ(unknown, "No schedule \"nightly\" is configured.");
}

TEST_F(SlackE2E, SlashResolveRecordsTheRootCause) {
  auto text = SlackText(Slack("/api/v1/slack/commands",
                              CommandBody("U0ALICE", "resolve INC-1 Bad deploy of 1.4.2, rolled back")));
  EXPECT_EQ(FirstLine(text), "INC-1 resolved by Alice Example.");
  auto inc = Incident("INC-1");
  EXPECT_EQ(Str(inc, "status"), "resolved");
  EXPECT_EQ(Str(inc, "root_cause"), "Bad deploy of 1.4.2, rolled back");
  auto lines = Lines("resolved");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(Str(lines[0], "text").find("Resolved by alice via slack: Bad deploy of 1.4.2, rolled back"), 0u)
      << Str(lines[0], "text");
  EXPECT_EQ(Str(lines[0], "via"), "slack");
  EXPECT_TRUE(WaitForReply("Bad deploy of 1.4.2, rolled back"));
  auto again = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0ALICE", "resolve INC-1")));
  EXPECT_EQ(again, "Could not resolve INC-1: it is resolved. Nothing was changed.");
}

}  // namespace
}  // namespace klaxon::e2e
