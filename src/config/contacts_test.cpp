// People's contact routes (slack, pagerduty, email, webhook), the handoff
// brief settings (notifications.handoff), and every reference between them
// and the rest of the configuration, as exact "file:line:column: message".
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;

const EnvLookup kEnv = test::MapEnv({{"SLACK_BOT_TOKEN", "xoxb-secret-token"},
                                     {"SLACK_HOOK", "https://hooks.slack.test/services/T/B/K"},
                                     {"PD_KEY", "0123456789abcdef0123456789abcdef"},
                                     {"MAYA_PD_KEY", "fedcba9876543210fedcba9876543210"},
                                     {"HOOK_SECRET", "hook-secret"}});

// Lines 1-3: severities. Lines 4-9: channels slack (bot), slack-hook
// (incoming webhook), pd, hook (webhook).
const std::string kChannels = std::string(test::kSeverities) +
                              "notifications:\n"                          // 4
                              "  channels:\n"                             // 5
                              "    - {id: slack, type: slack, token: \"${SLACK_BOT_TOKEN}\", "
                              "channel: C0INCIDENTS}\n"                   // 6
                              "    - {id: slack-hook, type: slack, webhook_url: \"${SLACK_HOOK}\"}\n"
                              "    - {id: pd, type: pagerduty, routing_key: \"${PD_KEY}\"}\n"  // 8
                              "    - {id: hook, type: webhook, url: \"https://h.test/k\", "
                              "secret: \"${HOOK_SECRET}\"}\n";                // 9

std::expected<Config, std::vector<Diagnostic>> Load(const std::string& text) {
  return LoadString(text, "t.yaml", kEnv);
}
Lines Problems(const std::string& text) { return test::Problems(Load(text)); }

TEST(Contacts, EveryRouteIsRead) {
  auto cfg = Load(kChannels +
                  "people:\n"
                  "  - id: maya\n"
                  "    name: Maya\n"
                  "    email: maya@example.com\n"
                  "    slack: U04MAYA0001\n"
                  "    pagerduty: {user: PXPGF42}\n"
                  "    webhook: hook\n"
                  "  - {id: diego, name: Diego, slack: W0DIEGO, pagerduty: {routing_key: "
                  "\"${MAYA_PD_KEY}\"}}\n"
                  "  - {id: sam, name: Sam}\n");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  const Person* maya = cfg->FindPerson("maya");
  ASSERT_NE(maya, nullptr);
  EXPECT_EQ(maya->email, "maya@example.com");
  EXPECT_EQ(maya->slack_user, "U04MAYA0001");
  EXPECT_EQ(maya->pagerduty.user, "PXPGF42");
  EXPECT_EQ(maya->pagerduty.routing_key, "");
  EXPECT_EQ(maya->webhook, "hook");
  const Person* diego = cfg->FindPerson("diego");
  EXPECT_EQ(diego->slack_user, "W0DIEGO");
  EXPECT_EQ(diego->pagerduty.routing_key, "fedcba9876543210fedcba9876543210");
  const Person* sam = cfg->FindPerson("sam");
  EXPECT_TRUE(sam->slack_user.empty() && sam->pagerduty.empty() && sam->webhook.empty());
}

TEST(Contacts, MalformedSlackUserIds) {
  EXPECT_EQ(Problems(kChannels +
                     "people:\n"
                     "  - {id: a, name: A, slack: \"@alice\"}\n"  // 11
                     "  - {id: b, name: B, slack: C0INCIDENTS}\n"
                     "  - {id: c, name: C, slack: u04lower}\n"),
            (Lines{"t.yaml:11:29: invalid Slack user id \"@alice\": expected U or W followed by "
                   "upper-case letters and digits, e.g. U04MAYA0001 (the member ID in the "
                   "person's Slack profile)",
                   "t.yaml:12:29: invalid Slack user id \"C0INCIDENTS\": expected U or W followed "
                   "by upper-case letters and digits, e.g. U04MAYA0001 (the member ID in the "
                   "person's Slack profile)",
                   "t.yaml:13:29: invalid Slack user id \"u04lower\": expected U or W followed "
                   "by upper-case letters and digits, e.g. U04MAYA0001 (the member ID in the "
                   "person's Slack profile)"}));
}

TEST(Contacts, OneSlackUserIsOnePerson) {
  EXPECT_EQ(Problems(kChannels +
                     "people:\n"
                     "  - {id: a, name: A, slack: U0SHARED}\n"  // 11
                     "  - {id: b, name: B, slack: U0SHARED}\n"),
            Lines{"t.yaml:12:29: duplicate Slack user id \"U0SHARED\" (first declared at "
                  "t.yaml:11:29)"});
}

TEST(Contacts, PagerDutyRoutes) {
  EXPECT_EQ(Problems(kChannels +
                     "people:\n"
                     "  - {id: a, name: A, pagerduty: {user: pxpgf42}}\n"  // 11
                     "  - {id: b, name: B, pagerduty: {routing_key: literal-key}}\n"
                     "  - {id: c, name: C, pagerduty: {user: PXPGF42, routing_key: \"${PD_KEY}\"}}\n"
                     "  - {id: d, name: D, pagerduty: {}}\n"
                     "  - {id: e, name: E, pagerduty: {team: PXPGF42}}\n"
                     "  - {id: f, name: F, pagerduty: PXPGF42}\n"),
            (Lines{"t.yaml:11:40: invalid PagerDuty user id \"pxpgf42\": expected upper-case "
                   "letters and digits, e.g. PXPGF42",
                   "t.yaml:12:47: routing_key is a secret: write a reference to the environment, "
                   "e.g. \"${MAYA_PAGERDUTY_KEY}\", not the value",
                   "t.yaml:13:33: a pagerduty contact has one of \"user\" or \"routing_key\", "
                   "not both",
                   "t.yaml:14:33: a pagerduty contact needs \"user\" (a PagerDuty user id) or "
                   "\"routing_key\" (the person's own Events API key)",
                   "t.yaml:15:34: unknown key \"team\" in pagerduty contact (allowed: user, "
                   "routing_key)",
                   "t.yaml:16:33: expected a map, got a string"}));
}

TEST(Contacts, WebhookNamesAWebhookChannel) {
  EXPECT_EQ(Problems(kChannels +
                     "people:\n"
                     "  - {id: a, name: A, webhook: hok}\n"  // 11
                     "  - {id: b, name: B, webhook: pd}\n"
                     "  - {id: c, name: C, webhook: slack-hook}\n"),
            (Lines{"t.yaml:11:31: unknown notification channel \"hok\"; did you mean \"hook\"? "
                   "(declared: slack, slack-hook, pd, hook)",
                   "t.yaml:12:31: notification channel \"pd\" is a pagerduty channel; a person's "
                   "\"webhook\" names a channel of type webhook",
                   "t.yaml:13:31: notification channel \"slack-hook\" is a slack incoming-webhook "
                   "channel; a person's \"webhook\" names a channel of type webhook"}));
  // Without any channels at all.
  EXPECT_EQ(Problems(std::string(test::kSeverities) +
                     "people:\n"
                     "  - {id: a, name: A, webhook: hook}\n"),
            Lines{"t.yaml:5:31: unknown notification channel \"hook\"; no notification channels "
                  "are declared"});
}

TEST(Contacts, PeopleReferencedElsewhereMustExist) {
  EXPECT_EQ(Problems(kChannels +
                     "people:\n"
                     "  - {id: maya, name: Maya}\n"  // 11
                     "schedules:\n"
                     "  - id: primary\n"
                     "    time_zone: UTC\n"
                     "    layers:\n"
                     "      - {participants: [maya, diego], shift: weekly, handoff: \"09:00\", "
                     "start: 2025-01-06}\n"  // 16
                     "    overrides:\n"
                     "      - {person: mya, start: \"2025-08-07T00:00:00Z\", end: "
                     "\"2025-08-08T00:00:00Z\"}\n"  // 18
                     "escalation_policies:\n"
                     "  - id: default\n"
                     "    levels:\n"
                     "      - schedules: [primary]\n"
                     "      - people: [sam]\n"  // 23
                     "api_tokens:\n"
                     "  - {name: t, token: 0123456789abcdef, role: admin, person: jordan}\n"),
            (Lines{"t.yaml:16:31: unknown person \"diego\" (declared: maya)",
                   "t.yaml:18:18: unknown person \"mya\"; did you mean \"maya\"? (declared: maya)",
                   "t.yaml:23:18: unknown person \"sam\" (declared: maya)",
                   "t.yaml:25:61: unknown person \"jordan\" (declared: maya)"}));
}

TEST(Handoff, SettingsAreReadWithDefaults) {
  auto cfg = Load(kChannels +
                  "  handoff:\n"
                  "    notify: [slack, hook]\n"
                  "    schedules: [primary]\n"
                  "people:\n"
                  "  - {id: maya, name: Maya, slack: U0MAYA}\n"
                  "schedules:\n"
                  "  - id: primary\n"
                  "    time_zone: UTC\n"
                  "    layers:\n"
                  "      - {participants: [maya], shift: weekly, handoff: \"09:00\", "
                  "start: 2025-01-06}\n");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  ASSERT_TRUE(cfg->notifications.handoff);
  const HandoffSettings& h = *cfg->notifications.handoff;
  EXPECT_EQ(h.channels, (std::vector<std::string>{"slack", "hook"}));
  EXPECT_EQ(h.schedules, std::vector<std::string>{"primary"});
  EXPECT_TRUE(h.direct);
  EXPECT_EQ(h.dm_via, "slack");  // the first slack channel with a token
  EXPECT_TRUE(h.Covers("primary"));
  EXPECT_FALSE(h.Covers("secondary"));

  auto none = Load(kChannels);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->notifications.handoff);
}

TEST(Handoff, EveryReferenceIsChecked) {
  EXPECT_EQ(Problems(kChannels +
                     "  handoff:\n"                          // 10
                     "    notify: [slack, pd, slak]\n"        // 11
                     "    schedules: [primary]\n"             // 12
                     "    dm_via: slack-hook\n"               // 13
                     "    direct: yes\n"),                    // 14
            (Lines{"t.yaml:11:21: notification channel \"pd\" is a pagerduty channel; handoff "
                   "briefs go to slack or webhook channels (a brief is not a page)",
                   "t.yaml:11:25: unknown notification channel \"slak\"; did you mean \"slack\"? "
                   "(declared: slack, slack-hook, pd, hook)",
                   "t.yaml:12:17: unknown schedule \"primary\"; no schedules are declared",
                   "t.yaml:13:13: notification channel \"slack-hook\" is a slack incoming-webhook "
                   "channel; dm_via names a slack channel with a token: its bot sends the direct "
                   "messages",
                   "t.yaml:14:13: invalid boolean \"yes\": expected true or false"}));
}

TEST(Handoff, MustSendSomething) {
  EXPECT_EQ(Problems(kChannels +
                     "  handoff: {direct: false}\n"),
            Lines{"t.yaml:10:12: notifications.handoff sends nothing: list channels in "
                  "\"notify\" or set direct: true"});
}

TEST(Handoff, DirectBriefsToSlackNeedABot) {
  const std::string text = std::string(test::kSeverities) +
                           "notifications:\n"                                      // 4
                           "  channels:\n"
                           "    - {id: hook, type: webhook, url: \"https://h.test/k\", "
                           "secret: \"${HOOK_SECRET}\"}\n"
                           "  handoff:\n"                                          // 7
                           "    notify: [hook]\n"
                           "people:\n"
                           "  - {id: maya, name: Maya, slack: U0MAYA}\n"
                           "  - {id: sam, name: Sam, slack: U0SAM}\n"
                           "schedules:\n"
                           "  - id: primary\n"
                           "    time_zone: UTC\n"
                           "    layers:\n"
                           "      - {participants: [maya], shift: weekly, handoff: \"09:00\", "
                           "start: 2025-01-06}\n";
  // sam is on no schedule: nobody would brief him.
  EXPECT_EQ(Problems(text), Lines{"t.yaml:8:5: handoff briefs go to the incoming person's Slack "
                                  "user (maya), but no slack channel with a token can send "
                                  "them: add one (and name it in dm_via), or set direct: false"});
  std::string without_direct = text;
  without_direct.replace(without_direct.find("    notify: [hook]\n"), 19,
                         "    notify: [hook]\n    direct: false\n");
  EXPECT_EQ(Problems(without_direct), Lines{});
}

}  // namespace
}  // namespace klaxon::config
