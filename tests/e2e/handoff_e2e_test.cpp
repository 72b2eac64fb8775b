// Handoff briefs end to end: the real binary on simulated time, a daily
// rotation, its Slack channel pointed at the Slack stand-in. Moving the
// clock past a handoff posts the brief to the channel and DMs the incoming
// person; a restart sends nothing twice. Waits are on the stand-in's
// observer (a condition variable), never sleeps.
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "standins/slack_standin.h"
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

using standins::SlackStandin;

// alice and bob take daily turns at 09:00 UTC; both have a Slack user.
constexpr const char* kHandoff = R"yaml(
schedules:
  - id: primary
    name: Primary on-call
    time_zone: UTC
    layers:
      - {participants: [alice, bob], shift: daily, handoff: "09:00", start: 2025-01-01}
notifications:
  channels:
    - id: slack-incidents
      type: slack
      token: ${E2E_SLACK_TOKEN}
      channel: C0INCIDENTS
      api_url: ${E2E_SLACK_API}
  handoff:
    notify: [slack-incidents]
)yaml";

class HandoffE2E : public E2E {
 protected:
  void SetUp() override {
    auto s = SlackStandin::Start({.users = {"U0ALICE", "U0BOB"}},
                                 [this](const SlackStandin::Received&, const SlackStandin::Message*) {
                                   std::lock_guard lock(mu_);
                                   cv_.notify_all();
                                 });
    ASSERT_TRUE(s) << s.error().message;
    slack_ = std::move(*s);
    std::string config = kConfig;
    const std::string alice = "  - {id: alice, name: Alice Example, role: oncall}\n";
    auto at = config.find(alice);
    ASSERT_NE(at, std::string::npos);
    config.replace(at, alice.size(),
                   "  - {id: alice, name: Alice Example, role: oncall, slack: U0ALICE}\n"
                   "  - {id: bob, name: Bob Example, role: oncall, slack: U0BOB}\n");
    std::ofstream(ConfigPath()) << config << kHandoff;
    StartWithSlack();
  }
  void StartWithSlack() {
    auto env = kEnv;
    env["E2E_SLACK_TOKEN"] = slack_->options().bot_token;
    env["E2E_SLACK_API"] = slack_->BaseUrl() + "/api";
    server_.reset();
    server_ = std::make_unique<testing::KlaxonServer>(ConfigPath(), DataDir(), env, ExtraArgs());
    ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
  }
  bool WaitForMessages(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30),
                        [&] { return slack_->Messages().size() >= n; });
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::unique_ptr<SlackStandin> slack_;
};

TEST_F(HandoffE2E, TheNextHandoffBriefsTheChannelAndTheIncomingPersonOnce) {
  // Firing with a known end, so it stays open while the clock moves.
  ASSERT_EQ(Call("POST", "/api/v1/alerts",
                 R"({"labels":{"alertname":"ApiDown","service":"api"},)"
                 R"("ends_at":"2099-01-01T00:00:00Z"})",
                 GenericKey())
                .status,
            202);
  // A daily rotation hands over within any 25 hours (once: a late timer
  // announces only the latest handoff).
  AdvanceClock("25h");
  ASSERT_TRUE(WaitForMessages(2));
  auto messages = slack_->Messages();
  ASSERT_EQ(messages.size(), 2u);
  // The channel post and the DM go out concurrently, in either order.
  const auto& post = messages[0].channel == "C0INCIDENTS" ? messages[0] : messages[1];
  const auto& dm = messages[0].channel == "C0INCIDENTS" ? messages[1] : messages[0];
  EXPECT_EQ(post.channel, "C0INCIDENTS");
  EXPECT_TRUE(post.text.starts_with("🔁 HANDOFF: Primary on-call\n")) << post.text;
  EXPECT_TRUE(dm.channel == "D0ALICE" || dm.channel == "D0BOB") << dm.channel;
  EXPECT_NE(dm.text.find("You are on call now for Primary on-call"), std::string::npos) << dm.text;
  const std::string first_dm = dm.channel;
  for (const auto& m : messages) {
    EXPECT_NE(m.text.find("1 open incident:"), std::string::npos) << m.text;
    EXPECT_NE(m.text.find("INC-1"), std::string::npos) << m.text;
  }
  auto metrics = Call("GET", "/metrics");
  EXPECT_NE(metrics.body.find("klaxon_oncall_handoffs_total{schedule=\"primary\"} 1"),
            std::string::npos)
      << metrics.body;

  // A restart after the handoff sends nothing again; the next day's does.
  // The restarted server's simulated clock starts from the wall clock again,
  // so moving it 25 hours reaches the same handoff once more: its brief is
  // the same outbox row (same idempotency key) and is not sent twice.
  // (A stop, not kill -9: a kill between Slack accepting a message and the
  // commit of that attempt posts it again, the at-least-once window of
  // docs/notifications.md.)
  server_->process().Signal(SIGTERM);
  int status = server_->process().Wait();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  StartWithSlack();
  AdvanceClock("25h");
  AdvanceClock("24h");
  ASSERT_TRUE(WaitForMessages(4));
  messages = slack_->Messages();
  ASSERT_EQ(messages.size(), 4u);
  std::vector<std::string> channels = {messages[2].channel, messages[3].channel};
  std::sort(channels.begin(), channels.end());
  EXPECT_EQ(channels[0], "C0INCIDENTS");
  EXPECT_NE(channels[1], first_dm) << "the other person's turn";
}

}  // namespace
}  // namespace klaxon::e2e
