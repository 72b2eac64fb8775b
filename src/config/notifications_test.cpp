// The `notifications` section: channels, routes, retry, and its problems as
// exact "file:line:column: message" lines.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const EnvLookup kEnv = test::MapEnv({{"SLACK_BOT_TOKEN", "xoxb-secret-token"},
                                     {"PD_KEY", "0123456789abcdef0123456789abcdef"},
                                     {"HOOK_SECRET", "hook-secret"}});

std::expected<Config, std::vector<Diagnostic>> Load(const std::string& rest) {
  return LoadString(test::kSeverities + rest, "t.yaml", kEnv);
}
Lines Problems(const std::string& rest) { return test::Problems(Load(rest)); }

TEST(NotificationsConfig, ChannelsRoutesAndRetryAreRead) {
  auto cfg = Load(R"(runbooks:
  - {id: RB-1, title: T, severity: SEV1}
notifications:
  retry: {initial: 2s, max: 1m, horizon: 30m}
  channels:
    - id: slack-incidents
      type: slack
      token: ${SLACK_BOT_TOKEN}
      channel: "#incidents"
      api_url: ${SLACK_API_URL:-http://127.0.0.1:9101/api}
    - id: pd
      type: pagerduty
      routing_key: ${PD_KEY}
      retry: {horizon: 2h}
    - id: hook
      type: webhook
      url: https://example.com/klaxon
      secret: ${HOOK_SECRET}
  routes:
    - {notify: [hook], runbooks: [RB-1], stop: true}
    - notify: [slack-incidents]
    - {notify: [pd], severities: [SEV1], on: [escalated, opened]}
)");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  const auto& n = cfg->notifications;
  EXPECT_EQ(n.retry.initial, seconds(2));
  EXPECT_EQ(n.retry.max, minutes(1));
  EXPECT_EQ(n.retry.horizon, minutes(30));
  ASSERT_EQ(n.channels.size(), 3u);
  const auto* slack = n.FindChannel("slack-incidents");
  ASSERT_NE(slack, nullptr);
  EXPECT_EQ(slack->type, "slack");
  EXPECT_EQ(slack->token, "xoxb-secret-token");
  EXPECT_EQ(slack->channel, "#incidents");
  EXPECT_EQ(slack->api_url, "http://127.0.0.1:9101/api");
  EXPECT_EQ(slack->retry.initial, seconds(2)) << "inherits notifications.retry";
  const auto* pd = n.FindChannel("pd");
  ASSERT_NE(pd, nullptr);
  EXPECT_EQ(pd->routing_key, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(pd->events_url, "https://events.pagerduty.com/v2/enqueue");
  EXPECT_EQ(pd->retry.horizon, hours(2));
  EXPECT_EQ(pd->retry.max, minutes(1));
  EXPECT_EQ(n.FindChannel("hook")->secret, "hook-secret");
  ASSERT_EQ(n.routes.size(), 3u);
  EXPECT_TRUE(n.routes[0].stop);
  EXPECT_EQ(n.routes[0].runbooks, std::vector<std::string>{"RB-1"});
  EXPECT_EQ(n.routes[2].events, (std::vector<std::string>{"escalated", "opened"}));
  EXPECT_EQ(n.routes[2].severities, std::vector<std::string>{"SEV1"});
}

TEST(NotificationsConfig, NoSectionMeansNoChannels) {
  auto cfg = Load("");
  ASSERT_TRUE(cfg);
  EXPECT_TRUE(cfg->notifications.channels.empty());
  EXPECT_TRUE(cfg->notifications.routes.empty());
}

TEST(NotificationsConfig, SecretsMustComeFromTheEnvironment) {
  EXPECT_EQ(Problems("notifications:\n"
                     "  channels:\n"
                     "    - {id: s, type: slack, token: xoxb-literal, channel: C1}\n"
                     "    - {id: p, type: pagerduty, routing_key: 0123456789abcdef0123456789abcdef}\n"),
            (Lines{"t.yaml:6:35: token is a secret: write a reference to the environment, e.g. "
                   "\"${SLACK_BOT_TOKEN}\", not the value",
                   "t.yaml:7:45: routing_key is a secret: write a reference to the environment, "
                   "e.g. \"${SLACK_BOT_TOKEN}\", not the value"}));
}

TEST(NotificationsConfig, InboundSecretsAreReadFromTheEnvironment) {
  auto cfg = Load("notifications:\n"
                  "  channels:\n"
                  "    - {id: s, type: slack, token: \"${SLACK_BOT_TOKEN}\", channel: C1, signing_secret: \"${HOOK_SECRET}\"}\n"
                  "    - {id: p, type: pagerduty, routing_key: \"${PD_KEY}\", webhook_secret: \"${HOOK_SECRET}\"}\n");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  EXPECT_EQ(cfg->notifications.FindChannel("s")->signing_secret, "hook-secret");
  EXPECT_EQ(cfg->notifications.FindChannel("p")->webhook_secret, "hook-secret");
  EXPECT_EQ(Problems("notifications:\n"
                     "  channels:\n"
                     "    - {id: s, type: slack, token: \"${SLACK_BOT_TOKEN}\", channel: C1, signing_secret: abc}\n"
                     "    - {id: p, type: pagerduty, routing_key: \"${PD_KEY}\", webhook_secret: abc}\n"
                     "    - {id: w, type: webhook, url: https://x.example, secret: \"${HOOK_SECRET}\", webhook_secret: \"${HOOK_SECRET}\"}\n"),
            (Lines{"t.yaml:6:86: signing_secret is a secret: write a reference to the environment, "
                   "e.g. \"${SLACK_BOT_TOKEN}\", not the value",
                   "t.yaml:7:74: webhook_secret is a secret: write a reference to the environment, "
                   "e.g. \"${SLACK_BOT_TOKEN}\", not the value",
                   "t.yaml:8:80: \"webhook_secret\" does not apply to a webhook channel (its keys: "
                   "url, secret)"}));
}

TEST(NotificationsConfig, ProblemsArePositioned) {
  EXPECT_EQ(Problems("notifications:\n"
                     "  channels:\n"
                     "    - {id: s, type: slak}\n"
                     "    - {id: w, type: webhook, url: ftp://x, secret: \"${HOOK_SECRET}\", channel: C1}\n"
                     "    - {id: t, type: slack, token: \"${SLACK_BOT_TOKEN}\"}\n"
                     "  routes:\n"
                     "    - {notify: [nowhere], severities: [SEV9], on: [opend]}\n"
                     "  retry: {initial: 1m, max: 1s}\n"),
            (Lines{"t.yaml:6:21: unknown channel type \"slak\"; did you mean \"slack\"? "
                   "(expected one of: slack, pagerduty, webhook)",
                   "t.yaml:7:35: invalid url \"ftp://x\": expected an http:// or https:// URL",
                   "t.yaml:7:70: \"channel\" does not apply to a webhook channel (its keys: url, "
                   "secret)",
                   "t.yaml:8:7: a slack channel with a token needs \"channel\" (e.g. "
                   "\"#incidents\" or a channel ID)",
                   "t.yaml:10:17: unknown notification channel \"nowhere\" (declared: s, w, t)",
                   "t.yaml:10:40: unknown severity \"SEV9\"; did you mean \"SEV1\"? (declared: "
                   "SEV1, SEV2)",
                   "t.yaml:10:52: unknown event \"opend\"; did you mean \"opened\"? (expected one "
                   "of: opened, acknowledged, updated, severity_changed, escalated, reopened, "
                   "resolved, update_due)",
                   "t.yaml:11:10: retry max (1s) must not be less than initial (1m)"}));
}

}  // namespace
}  // namespace klaxon::config
