#pragma once
// The fixture for inbound interactivity end to end: the real binary with a
// Slack channel pointed at the Slack stand-in (messages, edits, thread
// replies, and the response URLs klaxon answers clicks on), a PagerDuty
// channel with a webhook secret, people with Slack users, a schedule and an
// escalation policy. Requests are signed with the same Sign() helpers the
// stand-ins use. Every wait is on an HTTP answer or on the stand-in's
// observer (a condition variable with a deadline), never a sleep.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

#include <fmt/format.h>

#include "notify/pagerduty/webhook_v3.h"
#include "notify/slack/signature.h"
#include "standins/slack_standin.h"
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {

inline constexpr const char* kSlackSecret = "slack-signing-secret-0123";
inline constexpr const char* kPdSecret = "pd-webhook-secret-0123";
inline constexpr const char* kSlackChannel = "C0INCIDENTS";

// Included by the fixture's configuration (alice, in the base, gets Slack
// user U0ALICE and an email; SEV1 gets the escalation policy).
inline constexpr const char* kInbound = R"yaml(
people:
  - {id: vera, name: Vera Viewer, role: viewer, slack: U0VERA}
  - {id: eddie, name: Eddie Engineer, role: engineer, slack: U0EDDIE}
  - {id: diego, name: Diego Hernández, role: oncall}
schedules:
  - id: primary
    name: Primary on-call
    time_zone: UTC
    layers:
      - {name: weekly, participants: [alice], shift: weekly, handoff: "09:00", start: 2020-01-06}
escalation_policies:
  - id: default
    levels:
      - schedules: [primary]
      - people: [diego]
notifications:
  retry: {initial: 1s, max: 5s, horizon: 1h}
  channels:
    - id: slack-incidents
      type: slack
      token: ${E2E_SLACK_TOKEN}
      channel: C0INCIDENTS
      api_url: ${E2E_SLACK_API}
      signing_secret: ${E2E_SLACK_SIGNING_SECRET}
    - id: pd
      type: pagerduty
      routing_key: ${E2E_PD_ROUTING_KEY}
      webhook_secret: ${E2E_PD_WEBHOOK_SECRET}
  routes:
    - notify: [slack-incidents]
)yaml";

inline std::string FormEncode(std::string_view text) {
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

// A block_actions payload as Slack sends it for a click on `action_id`.
inline std::string ClickBody(std::string_view user, std::string_view action_id, std::string_view ref,
                             std::string_view response_url,
                             std::string_view message_ts = "1719936116.634509") {
  std::string payload = fmt::format(
      R"({{"type":"block_actions","user":{{"id":"{}","username":"x"}},"team":{{"id":"T1"}},)"
      R"("container":{{"type":"message","message_ts":"{}","channel_id":"{}"}},)"
      R"("channel":{{"id":"{}"}},"response_url":"{}","trigger_id":"1.2.3",)"
      R"("actions":[{{"action_id":"{}","block_id":"incident_actions:{}","value":"{}","type":"button"}}]}})",
      user, message_ts, kSlackChannel, kSlackChannel, response_url, action_id, ref, ref);
  return "payload=" + FormEncode(payload);
}

inline std::string CommandBody(std::string_view user, std::string_view text) {
  return fmt::format("team_id=T1&channel_id={}&user_id={}&user_name=x&command=%2Fincident&text={}"
                     "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F1%2Fx",
                     kSlackChannel, user, FormEncode(text));
}

inline int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline std::string PdEvent(std::string_view type, std::string_view id, std::string_view key) {
  return fmt::format(
      R"({{"event":{{"id":"{}","event_type":"{}","occurred_at":"2025-08-07T09:20:01.000Z",)"
      R"("agent":{{"id":"PLH1HKV","summary":"Alice","email":"Alice@Example.com","type":"user_reference"}},)"
      R"("data":{{"id":"Q2W","type":"incident","incident_key":"{}"}}}}}})",
      id, type, key);
}

inline constexpr const char* kApiDown = R"({"labels":{"alertname":"ApiDown","service":"api"}})";

class InboundE2E : public E2E {
 protected:
  void SetUp() override {
    auto s = standins::SlackStandin::Start(
        {}, [this](const standins::SlackStandin::Received&, const standins::SlackStandin::Message*) {
          std::lock_guard lock(mu_);  // a waiter between its check and its wait still sees this
          cv_.notify_all();
        });
    ASSERT_TRUE(s) << s.error().message;
    slack_ = std::move(*s);
    std::string config = kConfig;
    auto replace = [&](const std::string& from, const std::string& to) {
      auto at = config.find(from);
      ASSERT_NE(at, std::string::npos) << from;
      config.replace(at, from.size(), to);
    };
    replace("{id: alice, name: Alice Example, role: oncall}",
            "{id: alice, name: Alice Example, role: oncall, slack: U0ALICE, email: alice@example.com}");
    replace("response_time: 15m, update_every: 15m}",
            "response_time: 15m, update_every: 15m, escalation_policy: default}");
    std::ofstream(dir_.File("inbound.yaml")) << kInbound;
    std::string extra = ExtraYaml();
    std::ofstream(dir_.File("extra.yaml")) << extra;
    std::ofstream(ConfigPath()) << config
                                << (extra.empty() ? "include: [inbound.yaml]\n"
                                                  : "include: [inbound.yaml, extra.yaml]\n");
    auto env = kEnv;
    env["E2E_SLACK_TOKEN"] = slack_->options().bot_token;
    env["E2E_SLACK_API"] = slack_->BaseUrl() + "/api";
    env["E2E_SLACK_SIGNING_SECRET"] = kSlackSecret;
    env["E2E_PD_ROUTING_KEY"] = "0123456789abcdef0123456789abcdef";
    env["E2E_PD_WEBHOOK_SECRET"] = kPdSecret;
    for (const auto& [k, v] : MoreEnv()) env[k] = v;
    env_ = env;
    server_ = std::make_unique<testing::KlaxonServer>(ConfigPath(), DataDir(), env, ExtraArgs());
    ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
    ASSERT_EQ(Call("POST", "/api/v1/alerts", FirstAlert(), GenericKey()).status, 202);
  }
  // More configuration (lists add to the base's: people, runbooks), included last.
  virtual std::string ExtraYaml() const { return ""; }
  // The alert posted once klaxon is up: it opens INC-1.
  virtual std::string FirstAlert() const { return kApiDown; }

  // Variables the extra configuration names.
  virtual std::map<std::string, std::string> MoreEnv() const { return {}; }

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
    return Send(r);
  }
  http::ClientResponse Send(const http::ClientRequest& r) {
    auto resp = http::Send(r);
    EXPECT_TRUE(resp) << (resp ? "" : resp.error().message);
    return resp.value_or(http::ClientResponse{});
  }
  // The ephemeral text of a slash command's answer.
  std::string SlackText(const http::ClientResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    auto v = Json(r);
    EXPECT_EQ(Str(v, "response_type"), "ephemeral");
    return Str(v, "text");
  }

  // Clicks a button as `user` on the incident's message; returns the
  // response_url the answer will arrive at.
  std::string Click(std::string_view user, std::string_view action_id, std::string_view ref = "INC-1") {
    std::string url = slack_->ResponseUrl();
    auto r = Slack("/api/v1/slack/actions", ClickBody(user, action_id, ref, url, TopTs()));
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, "") << "the answer goes to the response_url";
    return url;
  }
  // Waits for the answer posted to `url`; "" if none arrives in time.
  std::string AnswerAt(const std::string& url) {
    std::optional<standins::SlackStandin::Response> got;
    bool arrived = WaitFor([&] {
      for (auto& r : slack_->Responses()) {
        if (r.url == url) got = r;
      }
      return got.has_value();
    });
    EXPECT_TRUE(arrived) << "no answer at the response_url";
    if (!got) return "";
    EXPECT_EQ(got->response_type, "ephemeral");
    return got->text;
  }

  // Waits until `ready` (a check of the stand-in's state) holds, re-checking
  // after every request the stand-in answers; false after 30 seconds.
  bool WaitFor(const std::function<bool()>& ready) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), ready);
  }
  // The incident's top message in the channel, once posted.
  std::optional<standins::SlackStandin::Message> Top(size_t index = 0) {
    std::optional<standins::SlackStandin::Message> top;
    WaitFor([&] {
      size_t seen = 0;
      for (auto& m : slack_->Messages()) {
        if (m.thread_ts.empty() && seen++ == index) top = m;
      }
      return top.has_value();
    });
    return top;
  }
  std::string TopTs() {
    auto top = Top();
    return top ? top->ts : "1719936116.634509";
  }
  // Waits for a thread reply under the top message whose text contains `text`.
  bool WaitForReply(const std::string& text) {
    std::string ts = TopTs();
    return WaitFor([&] {
      for (const auto& m : slack_->Replies(kSlackChannel, ts)) {
        if (m.text.find(text) != std::string::npos) return true;
      }
      return false;
    });
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
    return Send(r);
  }

  // The timeline lines of an incident of this kind.
  std::vector<boost::json::value> Lines(const std::string& kind, const std::string& id = "INC-1") {
    std::vector<boost::json::value> out;
    auto inc = Incident(id);
    for (const auto& e : inc.at("timeline").as_array()) {
      if (Str(e, "kind") == kind) out.push_back(e);
    }
    return out;
  }
  bool Acknowledged(const std::string& id = "INC-1") {
    return Incident(id).at("acknowledged").is_object();
  }

  std::map<std::string, std::string> env_;  // the server's environment
  std::mutex mu_;                // with cv_: wakes WaitFor after each stand-in request
  std::condition_variable cv_;
  std::unique_ptr<standins::SlackStandin> slack_;
};

}  // namespace klaxon::e2e
