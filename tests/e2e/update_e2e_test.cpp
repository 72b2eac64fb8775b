// The update cadence end to end: the real binary on simulated time, its Slack
// channel pointed at the Slack stand-in. With no status update for the
// severity's update_every, the reminder is posted in the incident's thread
// mentioning who should post one; /incident update and the API render the
// handbook's 🟡 UPDATE and reset the reminder; resolving stops it. Waits are
// on the stand-in's observer and on the API, never sleeps.
#include "tests/e2e/inbound_fixture.h"

namespace klaxon::e2e {
namespace {

class UpdateCadenceE2E : public InboundE2E {
 protected:
  // Reminder rows in the outbox of INC-1 (committed once AdvanceClock returns).
  size_t ReminderRows() {
    auto rows = Json(Call("GET", "/api/v1/incidents/INC-1/notifications", "", Viewer()));
    size_t n = 0;
    for (const auto& r : rows.at("notifications").as_array()) {
      if (Str(r, "event") == "incident.update_due") ++n;
    }
    return n;
  }
  // `ts`: the top message's (TopTs(), which waits: not inside WaitFor).
  size_t RepliesSaying(const std::string& ts, const std::string& text) {
    size_t n = 0;
    for (const auto& m : slack_->Replies(kSlackChannel, ts)) {
      if (m.text.find(text) != std::string::npos) ++n;
    }
    return n;
  }
};

std::string Head(const std::string& text) { return text.substr(0, text.find('\n')); }

constexpr const char* kReminder = "has had no status update in the last 15m";

TEST_F(UpdateCadenceE2E, TheAcknowledgerIsRemindedInTheThreadUntilAnUpdateAndNotOnceResolved) {
  // A second alert of the same group that stays firing (the fixture's first
  // expires after resolve_timeout), so INC-1 stays open while the clock moves.
  ASSERT_EQ(Call("POST", "/api/v1/alerts",
                 R"({"labels":{"alertname":"HighErrorRate","service":"api"},)"
                 R"("ends_at":"2099-01-01T00:00:00Z"})",
                 GenericKey())
                .status,
            202);
  ASSERT_TRUE(Top());
  auto ack = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0ALICE", "ack INC-1")));
  ASSERT_EQ(Head(ack), "INC-1 acknowledged by Alice Example.");

  AdvanceClock("14m");
  EXPECT_EQ(ReminderRows(), 0u);
  AdvanceClock("1m");
  ASSERT_TRUE(WaitForReply(kReminder));
  auto replies = slack_->Replies(kSlackChannel, TopTs());
  const auto& reminder = replies.back();
  EXPECT_NE(reminder.text.find("<@U0ALICE> (acknowledger), please post one"), std::string::npos)
      << reminder.text;
  EXPECT_NE(reminder.text.find("/incident update INC-1"), std::string::npos) << reminder.text;
  auto missed = Lines("update_missed");
  ASSERT_EQ(missed.size(), 1u);
  EXPECT_EQ(Str(missed[0], "text"),
            "No status update in the last 15m (SEV1 cadence): reminding alice (acknowledger)");

  // /incident update with the handbook's four fields: a 🟡 UPDATE in the thread.
  auto up = SlackText(Slack("/api/v1/slack/commands",
                            CommandBody("U0ALICE", "update INC-1 identified | Pool exhausted by a slow "
                                                   "query | Killing it | 10m")));
  EXPECT_EQ(Head(up), "INC-1 updated by Alice Example.");
  ASSERT_TRUE(WaitForReply("🟡 UPDATE: API Health Check Failing"));
  bool rendered = false;
  for (const auto& m : slack_->Replies(kSlackChannel, TopTs())) {
    if (m.text.starts_with("🟡 UPDATE")) {
      EXPECT_EQ(m.text,
                "🟡 UPDATE: API Health Check Failing\nStatus: Identified\nSummary: Pool exhausted by "
                "a slow query\nNext: Killing it\nETA: 10m");
      rendered = true;
    }
  }
  EXPECT_TRUE(rendered);
  EXPECT_EQ(Str(Incident("INC-1"), "status"), "identified");

  // Reset: nothing 14 minutes after the update, the next reminder at 15.
  AdvanceClock("14m");
  EXPECT_EQ(ReminderRows(), 1u);
  // An update through the API resets it too.
  ASSERT_EQ(Call("POST", "/api/v1/incidents/INC-1/updates",
                 R"({"status":"fixing","summary":"Query killed","next":"Watching the pool","eta":"5m"})",
                 Alice())
                .status,
            200);
  AdvanceClock("14m");
  EXPECT_EQ(ReminderRows(), 1u);
  AdvanceClock("1m");
  EXPECT_EQ(ReminderRows(), 2u);
  const std::string ts = TopTs();
  ASSERT_TRUE(WaitFor([&] { return RepliesSaying(ts, kReminder) == 2; }));

  ASSERT_EQ(Call("POST", "/api/v1/incidents/INC-1/resolve", R"({"root_cause":"A slow query"})",
                 Alice())
                .status,
            200);
  AdvanceClock("2h");
  EXPECT_EQ(ReminderRows(), 2u) << "no reminder once resolved";
  EXPECT_EQ(Lines("update_missed").size(), 2u);
}

}  // namespace
}  // namespace klaxon::e2e
