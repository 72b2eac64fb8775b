// Notifications end to end: the real binary, its Slack channel pointed at the
// Slack stand-in started by the test. Waits are on the stand-in's observer
// (a condition variable), never sleeps.
#include <signal.h>
#include <sys/wait.h>

#include <condition_variable>
#include <mutex>

#include "standins/slack_standin.h"
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

using standins::SlackStandin;

constexpr const char* kNotifications = R"yaml(
notifications:
  retry: {initial: 1s, max: 5s, horizon: 1h}
  channels:
    - id: slack-incidents
      type: slack
      token: ${E2E_SLACK_TOKEN}
      channel: C0INCIDENTS
      api_url: ${E2E_SLACK_API}
  routes:
    - notify: [slack-incidents]
)yaml";

class NotifyE2E : public E2E {
 protected:
  void SetUp() override {
    auto s = SlackStandin::Start({}, [this](const SlackStandin::Received&, const SlackStandin::Message*) {
      std::lock_guard lock(mu_);
      ++requests_;
      cv_.notify_all();
    });
    ASSERT_TRUE(s) << s.error().message;
    slack_ = std::move(*s);
    std::ofstream(ConfigPath()) << kConfig << kNotifications;
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
  // Waits until the stand-in has answered `n` requests in all.
  bool WaitForRequests(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return requests_ >= n; });
  }
  // Waits until the stand-in has `n` accepted messages (top-level and replies).
  bool WaitForMessages(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return slack_->Messages().size() >= n; });
  }
  std::vector<SlackStandin::Message> TopLevel() {
    std::vector<SlackStandin::Message> out;
    for (auto& m : slack_->Messages()) {
      if (m.thread_ts.empty()) out.push_back(m);
    }
    return out;
  }
  static std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

  std::mutex mu_;
  std::condition_variable cv_;
  int requests_ = 0;  // guarded by mu_
  std::unique_ptr<SlackStandin> slack_;
};

constexpr const char* kApiDown = R"({"labels":{"alertname":"ApiDown","service":"api"}})";

TEST_F(NotifyE2E, AnAlertPostsOneIncidentMessageAndAnAckEditsItAndReplies) {
  ASSERT_EQ(Call("POST", "/api/v1/alerts", kApiDown, GenericKey()).status, 202);
  ASSERT_TRUE(WaitForMessages(1));
  auto top = TopLevel();
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(FirstLine(top[0].text), "🔴 INCIDENT: API Health Check Failing");
  EXPECT_EQ(top[0].channel, "C0INCIDENTS");

  ASSERT_EQ(Call("POST", "/api/v1/incidents/INC-1/ack", "", Alice()).status, 200);
  ASSERT_TRUE(WaitForMessages(2));
  ASSERT_TRUE(WaitForRequests(3));  // postMessage, then chat.update + the reply
  top = TopLevel();
  ASSERT_EQ(top.size(), 1u) << "still exactly one incident message";
  EXPECT_EQ(top[0].edits, 1);
  auto replies = slack_->Replies("C0INCIDENTS", top[0].ts);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_NE(replies[0].text.find("acknowledged"), std::string::npos) << replies[0].text;
  std::vector<std::string> endpoints;
  for (const auto& r : slack_->Requests()) endpoints.push_back(r.endpoint);
  EXPECT_EQ(endpoints, (std::vector<std::string>{"chat.postMessage", "chat.update", "chat.postMessage"}));

  // Visible through the API once recorded (the ack reply is the last request;
  // its row is committed right after, so poll the API until it says so).
  auto rows = Json(Call("GET", "/api/v1/incidents/INC-1/notifications", "", Viewer()));
  ASSERT_TRUE(rows.is_object()) << "notifications listing";
  EXPECT_GE(rows.at("notifications").as_array().size(), 2u);
  EXPECT_EQ(Str(rows.at("notifications").as_array()[0], "state"), "delivered");
  EXPECT_EQ(Call("GET", "/api/v1/incidents/INC-9/notifications", "", Viewer()).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/incidents/INC-1/notifications").status, 401);
}

TEST_F(NotifyE2E, AfterKillNineEveryPendingNotificationIsDeliveredExactlyOnce) {
  slack_->FailNext(1000000, 503);
  ASSERT_EQ(Call("POST", "/api/v1/alerts", kApiDown, GenericKey()).status, 202);
  ASSERT_EQ(Call("POST", "/api/v1/incidents/INC-1/ack", "", Alice()).status, 200);
  ASSERT_TRUE(WaitForRequests(1)) << "the sender tried (and failed) at least once";

  server_->process().Signal(SIGKILL);
  int status = server_->process().Wait();
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  ASSERT_TRUE(slack_->Messages().empty()) << "nothing was accepted before the crash";

  slack_->FailNext(0, 503);  // healthy again
  StartWithSlack();
  AdvanceClock("10s");  // past any backoff; wakes the sender
  ASSERT_TRUE(WaitForMessages(2));
  auto top = TopLevel();
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(FirstLine(top[0].text), "🔴 INCIDENT: API Health Check Failing");
  EXPECT_EQ(slack_->Replies("C0INCIDENTS", top[0].ts).size(), 1u);
  EXPECT_EQ(slack_->Messages().size(), 2u) << "each notification delivered exactly once";
}

}  // namespace
}  // namespace klaxon::e2e
