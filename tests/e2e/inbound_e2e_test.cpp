// Inbound interactivity through the real binary: Slack buttons and
// /incident commands, and PagerDuty v3 webhooks. Requests are signed with
// the same Sign() helpers Slack's and PagerDuty's stand-ins use; every wait
// is on an HTTP answer, never a sleep.
#include <chrono>

#include <fmt/format.h>

#include "notify/pagerduty/webhook_v3.h"
#include "notify/slack/signature.h"
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

constexpr const char* kSlackSecret = "slack-signing-secret-0123";
constexpr const char* kPdSecret = "pd-webhook-secret-0123";

// Included by the fixture's configuration: a viewer with a Slack user, a
// schedule with alice on call, and the two inbound secrets.
constexpr const char* kInbound = R"yaml(
people:
  - {id: vera, name: Vera Viewer, role: viewer, slack: U0VERA}
schedules:
  - id: primary
    name: Primary on-call
    time_zone: UTC
    layers:
      - {name: weekly, participants: [alice], shift: weekly, handoff: "09:00", start: 2020-01-06}
notifications:
  channels:
    - id: slack-incidents
      type: slack
      webhook_url: ${E2E_SLACK_HOOK}
      signing_secret: ${E2E_SLACK_SIGNING_SECRET}
    - id: pd
      type: pagerduty
      routing_key: ${E2E_PD_ROUTING_KEY}
      webhook_secret: ${E2E_PD_WEBHOOK_SECRET}
)yaml";

constexpr const char* kApiDown = R"({"labels":{"alertname":"ApiDown","service":"api"}})";

std::string FormEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string ClickBody(std::string_view user, std::string_view action_id, std::string_view ref) {
  std::string payload = fmt::format(
      R"({{"type":"block_actions","user":{{"id":"{}","username":"x"}},"team":{{"id":"T1"}},)"
      R"("container":{{"type":"message","message_ts":"1719936116.634509","channel_id":"C0INC"}},)"
      R"("channel":{{"id":"C0INC"}},"response_url":"https://hooks.slack.com/actions/T1/1/x",)"
      R"("actions":[{{"action_id":"{}","block_id":"b","value":"{}","type":"button"}}]}})",
      user, action_id, ref);
  return "payload=" + FormEncode(payload);
}

std::string CommandBody(std::string_view user, std::string_view text) {
  return fmt::format("team_id=T1&channel_id=C0INC&user_id={}&user_name=x&command=%2Fincident&text={}"
                     "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F1%2Fx",
                     user, FormEncode(text));
}

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class InboundE2E : public E2E {
 protected:
  void SetUp() override {
    std::string config = kConfig;
    const std::string alice = "{id: alice, name: Alice Example, role: oncall}";
    config.replace(config.find(alice), alice.size(),
                   "{id: alice, name: Alice Example, role: oncall, slack: U0ALICE, email: alice@example.com}");
    std::ofstream(dir_.File("inbound.yaml")) << kInbound;
    std::ofstream(ConfigPath()) << config << "include: [inbound.yaml]\n";
    auto env = kEnv;
    env["E2E_SLACK_HOOK"] = "http://127.0.0.1:9/hooks/unused";
    env["E2E_SLACK_SIGNING_SECRET"] = kSlackSecret;
    env["E2E_PD_ROUTING_KEY"] = "0123456789abcdef0123456789abcdef";
    env["E2E_PD_WEBHOOK_SECRET"] = kPdSecret;
    server_ = std::make_unique<testing::KlaxonServer>(ConfigPath(), DataDir(), env, ExtraArgs());
    ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
    ASSERT_EQ(Call("POST", "/api/v1/alerts", kApiDown, GenericKey()).status, 202);
  }

  // POSTs a form body as Slack would, signed at `timestamp` with `secret`.
  http::ClientResponse Slack(const std::string& path, const std::string& body,
                             int64_t timestamp = UnixNow(), const std::string& secret = kSlackSecret,
                             const std::string* signed_body = nullptr) {
    std::string ts = std::to_string(timestamp);
    http::ClientRequest r;
    r.method = "POST";
    r.url = server_->url() + path;
    r.body = body;
    r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    r.headers.emplace_back("X-Slack-Request-Timestamp", ts);
    r.headers.emplace_back("X-Slack-Signature",
                           notify::slack::Sign(secret, ts, signed_body ? *signed_body : body));
    auto resp = http::Send(r);
    EXPECT_TRUE(resp) << (resp ? "" : resp.error().message);
    return resp.value_or(http::ClientResponse{});
  }
  std::string SlackText(const http::ClientResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    auto v = Json(r);
    EXPECT_EQ(Str(v, "response_type"), "ephemeral");
    return Str(v, "text");
  }

  http::ClientResponse PagerDuty(const std::string& body, const std::string& webhook_id,
                                 const std::string& secret = kPdSecret) {
    http::ClientRequest r;
    r.method = "POST";
    r.url = server_->url() + "/api/v1/webhooks/pagerduty";
    r.body = body;
    r.headers.emplace_back("Content-Type", "application/json");
    r.headers.emplace_back("X-Webhook-Id", webhook_id);
    r.headers.emplace_back("X-PagerDuty-Signature", notify::pagerduty::SignWebhook(secret, body));
    auto resp = http::Send(r);
    EXPECT_TRUE(resp) << (resp ? "" : resp.error().message);
    return resp.value_or(http::ClientResponse{});
  }

  // The timeline lines of INC-1 of this kind.
  std::vector<boost::json::value> Lines(const std::string& kind) {
    std::vector<boost::json::value> out;
    auto inc = Incident("INC-1");
    for (const auto& e : inc.at("timeline").as_array()) {
      if (Str(e, "kind") == kind) out.push_back(e);
    }
    return out;
  }
  bool Acknowledged() { return Incident("INC-1").at("acknowledged").is_object(); }
};

TEST_F(InboundE2E, ASignedButtonClickAcknowledgesAsThePersonViaSlack) {
  auto r = Slack("/api/v1/slack/actions", ClickBody("U0ALICE", "incident_ack", "INC-1"));
  EXPECT_EQ(r.status, 200) << r.body;
  auto ack = Incident("INC-1").at("acknowledged");
  EXPECT_EQ(Str(ack, "by"), "alice");
  EXPECT_EQ(Str(ack, "via"), "slack");
  auto lines = Lines("acknowledged");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(Str(lines[0], "actor"), "alice");
  EXPECT_EQ(Str(lines[0], "via"), "slack");
}

TEST_F(InboundE2E, BadStaleOrTamperedSignaturesAre401AndChangeNothing) {
  std::string body = ClickBody("U0ALICE", "incident_ack", "INC-1");
  EXPECT_EQ(Slack("/api/v1/slack/actions", body, UnixNow(), "not-the-secret").status, 401);
  EXPECT_EQ(Slack("/api/v1/slack/actions", body, UnixNow() - 6 * 60).status, 401);
  // A signature captured for one body, replayed with another.
  std::string original = ClickBody("U0ALICE", "incident_resolve", "INC-1");
  EXPECT_EQ(Slack("/api/v1/slack/actions", body, UnixNow(), kSlackSecret, &original).status, 401);
  EXPECT_EQ(Slack("/api/v1/slack/commands", CommandBody("U0ALICE", "ack INC-1"), UnixNow(),
                  "not-the-secret").status, 401);
  http::ClientRequest unsigned_request{.method = "POST", .url = server_->url() + "/api/v1/slack/actions", .headers = {},
                                       .body = body};
  auto u = http::Send(unsigned_request);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->status, 401);
  EXPECT_FALSE(Acknowledged());
  EXPECT_EQ(Str(Incident("INC-1"), "status"), "investigating");
}

TEST_F(InboundE2E, UnknownSlackUsersAndTooLowRolesChangeNothing) {
  auto r = Slack("/api/v1/slack/actions", ClickBody("U0NOBODY", "incident_ack", "INC-1"));
  EXPECT_NE(SlackText(r).find("not a person"), std::string::npos) << r.body;
  auto v = Slack("/api/v1/slack/commands", CommandBody("U0VERA", "ack INC-1"));
  EXPECT_NE(SlackText(v).find("role viewer"), std::string::npos) << v.body;
  EXPECT_FALSE(Acknowledged());
}

TEST_F(InboundE2E, SlashCommandsAckUpdateStatusAndOncall) {
  auto ack = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0ALICE", "ack INC-1")));
  EXPECT_NE(ack.find("acknowledged by alice via slack"), std::string::npos) << ack;
  auto up = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0ALICE", "update INC-1 DB failover in progress")));
  EXPECT_NE(up.find("INC-1"), std::string::npos) << up;
  EXPECT_EQ(Str(Incident("INC-1"), "summary"), "DB failover in progress");
  auto status = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0VERA", "status INC-1")));
  EXPECT_EQ(status.find("INC-1 [SEV1] API Health Check Failing: investigating"), 0u) << status;
  auto oncall = SlackText(Slack("/api/v1/slack/commands", CommandBody("U0VERA", "oncall")));
  EXPECT_EQ(oncall, "Primary on-call: Alice Example (alice)");
}

std::string PdEvent(std::string_view type, std::string_view id, std::string_view key) {
  return fmt::format(
      R"({{"event":{{"id":"{}","event_type":"{}","occurred_at":"2025-08-07T09:20:01.000Z",)"
      R"("agent":{{"id":"PLH1HKV","summary":"Alice","email":"Alice@Example.com","type":"user_reference"}},)"
      R"("data":{{"id":"Q2W","type":"incident","incident_key":"{}"}}}}}})",
      id, type, key);
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

}  // namespace
}  // namespace klaxon::e2e
