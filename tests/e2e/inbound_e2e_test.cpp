// Inbound requests through the real binary: what is refused (unsigned,
// wrong, stale, tampered and replayed Slack requests; answers to URLs that
// are not Slack's), PagerDuty v3 webhooks, and acknowledgement recorded the
// same way whichever channel it came through.
#include "tests/e2e/inbound_fixture.h"

namespace klaxon::e2e {
namespace {

TEST_F(InboundE2E, UnsignedWrongStaleTamperedAndReplayedRequestsAre401AndChangeNothing) {
  const std::string url = slack_->ResponseUrl();
  std::string body = ClickBody("U0ALICE", "incident_ack", "INC-1", url);
  EXPECT_EQ(Slack("/api/v1/slack/actions", body, UnixNow(), "not-the-secret").status, 401);
  EXPECT_EQ(Slack("/api/v1/slack/actions", body, UnixNow() - 6 * 60).status, 401);
  EXPECT_EQ(Slack("/api/v1/slack/actions", body, UnixNow() + 6 * 60).status, 401);
  // A signature captured for one body, sent with another.
  std::string original = ClickBody("U0ALICE", "incident_resolve", "INC-1", url);
  EXPECT_EQ(Slack("/api/v1/slack/actions", body, UnixNow(), kSlackSecret, &original).status, 401);
  auto unsigned_answer = Send({.method = "POST", .url = server_->url() + "/api/v1/slack/actions",
                               .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
                               .body = body});
  EXPECT_EQ(unsigned_answer.status, 401);
  EXPECT_NE(Str(Json(unsigned_answer), "error"), "") << "a JSON reason";
  EXPECT_EQ(Slack("/api/v1/slack/commands", CommandBody("U0ALICE", "ack INC-1"), UnixNow(),
                  "not-the-secret").status, 401);
  EXPECT_EQ(Slack("/api/v1/slack/commands", CommandBody("U0ALICE", "ack INC-1"), UnixNow() - 301).status,
            401);
  EXPECT_FALSE(Acknowledged());
  EXPECT_EQ(Str(Incident("INC-1"), "status"), "investigating");

  // A valid request, captured and sent again unchanged within the 5 minutes.
  const std::string update = CommandBody("U0ALICE", "update INC-1 Rolled back 1.4.2");
  const int64_t ts = UnixNow();
  EXPECT_EQ(Slack("/api/v1/slack/commands", update, ts).status, 200);
  auto replayed = Slack("/api/v1/slack/commands", update, ts);
  EXPECT_EQ(replayed.status, 401) << replayed.body;
  EXPECT_NE(Str(Json(replayed), "error").find("replayed"), std::string::npos) << replayed.body;
  EXPECT_EQ(Lines("update").size(), 1u);
  const std::string escalate = ClickBody("U0ALICE", "incident_escalate", "INC-1", url, TopTs());
  EXPECT_EQ(Slack("/api/v1/slack/actions", escalate, ts).status, 200);
  EXPECT_NE(AnswerAt(url).find("escalated by Alice Example"), std::string::npos);
  EXPECT_EQ(Slack("/api/v1/slack/actions", escalate, ts).status, 401);
  EXPECT_EQ(Lines("escalated").size(), 2u) << "level 1 when it opened, level 2 once";
  EXPECT_EQ(slack_->Responses().size(), 1u) << "nothing answered for the replay";
}

TEST_F(InboundE2E, AClickWhoseResponseUrlIsNotSlacksIs400AndChangesNothing) {
  for (std::string url : {"https://evil.example/actions/T1/1/x", "http://127.0.0.1:1/actions/T1/1/x",
                          "https://hooks.slack.com@evil.example/actions/T1/1/x"}) {
    auto r = Slack("/api/v1/slack/actions", ClickBody("U0ALICE", "incident_ack", "INC-1", url));
    EXPECT_EQ(r.status, 400) << url;
    EXPECT_NE(Str(Json(r), "error").find("response_url"), std::string::npos) << r.body;
  }
  EXPECT_FALSE(Acknowledged());
  // The stand-in's own URL (the configured api_url's origin) is accepted.
  std::string url = slack_->ResponseUrl();
  EXPECT_EQ(Slack("/api/v1/slack/actions", ClickBody("U0ALICE", "incident_ack", "INC-1", url)).status, 200);
  EXPECT_NE(AnswerAt(url).find("INC-1 acknowledged by Alice Example."), std::string::npos);
}

TEST_F(InboundE2E, PagerDutyWebhookAcknowledgesOnceAndRejectsBadSignatures) {
  std::string body = PdEvent("incident.acknowledged", "01EV1", "INC-1");
  EXPECT_EQ(PagerDuty(body, "wh-1", "wrong-secret").status, 401);
  EXPECT_FALSE(Acknowledged());

  auto ok = PagerDuty(body, "wh-1");
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Str(Json(ok), "status"), "ok");
  auto ack = Incident("INC-1").at("acknowledged");
  EXPECT_EQ(Str(ack, "by"), "alice");
  EXPECT_EQ(Str(ack, "via"), "pagerduty");

  auto again = PagerDuty(body, "wh-1");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(Str(Json(again), "status"), "duplicate");
  // A redelivery under a new id still adds no second acknowledgement.
  EXPECT_EQ(PagerDuty(PdEvent("incident.acknowledged", "01EV2", "INC-1"), "wh-2").status, 200);
  EXPECT_EQ(Lines("acknowledged").size(), 1u);

  auto resolved = PagerDuty(PdEvent("incident.resolved", "01EV3", "INC-1"), "wh-3");
  EXPECT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(Str(Incident("INC-1"), "status"), "resolved");
  auto other = PagerDuty(PdEvent("incident.resolved", "01EV4", "OTHER-KEY-x"), "wh-4");
  EXPECT_EQ(Str(Json(other), "status"), "ignored");
}

// Issue 3: acknowledgement "works everywhere the same: API, CLI, Slack
// button, PagerDuty, all recorded with who and through which channel".
TEST_F(InboundE2E, AcknowledgementIsRecordedTheSameWayThroughApiCliSlackAndPagerDuty) {
  for (std::string service : {"web", "cli", "chat"}) {
    ASSERT_EQ(Call("POST", "/api/v1/alerts",
                   R"({"labels":{"alertname":"ApiDown","service":")" + service + R"("}})", GenericKey())
                  .status,
              202);
  }
  ASSERT_EQ(Incidents("status=open").size(), 4u);
  // INC-1 through the API, INC-2 the CLI, INC-3 a Slack button, INC-4 PagerDuty.
  ASSERT_EQ(Call("POST", "/api/v1/incidents/INC-1/ack", "", Alice()).status, 200);
  std::map<std::string, std::string> env{{"KLAXON_TOKEN", Alice()}};
  for (const auto& [k, v] : kEnv) env.emplace(k, v);
  auto cli = testing::Run({testing::KlaxonBinary(), "incidents", "--server", server_->url(), "ack", "INC-2"},
                          env);
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  std::string url = slack_->ResponseUrl();
  ASSERT_EQ(Slack("/api/v1/slack/actions", ClickBody("U0ALICE", "incident_ack", "INC-3", url)).status, 200);
  EXPECT_NE(AnswerAt(url).find("INC-3 acknowledged by Alice Example."), std::string::npos);
  ASSERT_EQ(PagerDuty(PdEvent("incident.acknowledged", "01EV9", "INC-4"), "wh-9").status, 200);

  const std::vector<std::pair<std::string, std::string>> channels = {
      {"INC-1", "api"}, {"INC-2", "cli"}, {"INC-3", "slack"}, {"INC-4", "pagerduty"}};
  for (const auto& [id, via] : channels) {
    SCOPED_TRACE(id + " via " + via);
    auto inc = Incident(id);
    ASSERT_TRUE(inc.at("acknowledged").is_object());
    EXPECT_EQ(Str(inc.at("acknowledged"), "by"), "alice");
    EXPECT_EQ(Str(inc.at("acknowledged"), "via"), via);
    auto lines = Lines("acknowledged", id);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(Str(lines[0], "actor"), "alice");
    EXPECT_EQ(Str(lines[0], "via"), via);
    EXPECT_EQ(Str(lines[0], "text"), "Acknowledged by alice via " + via);
    EXPECT_EQ(Str(lines[0], "at"), Str(inc.at("acknowledged"), "at"));
    // Escalation stops the same way too.
    EXPECT_EQ(Str(inc.at("escalation"), "state"), "acknowledged");
  }
}

}  // namespace
}  // namespace klaxon::e2e
