// The responder posts answers to the Slack stand-in's response URLs over real
// HTTP, retries what Slack would have it retry, and never posts to a URL
// that is not Slack's. Waits are on the stand-in's observer, never sleeps.
#include "notify/slack/responder.h"

#include <condition_variable>
#include <mutex>

#include <gtest/gtest.h>

#include "standins/slack_standin.h"

namespace klaxon::notify::slack {
namespace {

using standins::SlackStandin;
using std::chrono::milliseconds;
using std::chrono::minutes;

class ResponderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SlackStandin::Start({}, [this](const SlackStandin::Received& r, const SlackStandin::Message*) {
      std::lock_guard lock(mu_);
      if (r.endpoint == "response_url") ++posts_;
      cv_.notify_all();
    });
    ASSERT_TRUE(s) << s.error().message;
    slack_ = std::move(*s);
  }
  std::unique_ptr<Responder> Make(int max_attempts = 5) {
    ResponderOptions o;
    o.policy = ResponseUrlPolicy({slack_->BaseUrl() + "/api"});
    o.clock = &clock_;
    o.metrics = &metrics_;
    o.max_attempts = max_attempts;
    o.first_retry = milliseconds(1);  // retries are what is tested, not their pace
    o.max_retry = milliseconds(20);
    return std::make_unique<Responder>(std::move(o));
  }
  // Waits until the stand-in has seen `n` response_url posts (accepted or not).
  bool WaitForPosts(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return posts_ >= n; });
  }
  double Count(const std::string& result) {
    std::string text = metrics_.Render();
    std::string series = "klaxon_slack_responses_total{result=\"" + result + "\"} ";
    auto at = text.find(series);
    return at == std::string::npos ? 0 : std::stod(text.substr(at + series.size()));
  }

  ManualClock clock_{ParseTimestamp("2025-08-07T10:00:00Z").value()};
  metrics::Registry metrics_;
  std::mutex mu_;
  std::condition_variable cv_;
  int posts_ = 0;  // guarded by mu_
  std::unique_ptr<SlackStandin> slack_;
};

TEST_F(ResponderTest, AnAnswerIsPostedAsAnEphemeralMessage) {
  auto responder = Make();
  responder->Start();
  std::string url = slack_->ResponseUrl();
  ASSERT_TRUE(responder->Send(url, {"INC-42 acknowledged by Maya Okafor."}));
  ASSERT_TRUE(WaitForPosts(1));
  auto got = slack_->Responses();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].url, url);
  EXPECT_EQ(got[0].response_type, "ephemeral");
  EXPECT_EQ(got[0].text, "INC-42 acknowledged by Maya Okafor.");
  EXPECT_FALSE(got[0].replace_original);
  responder->Stop();
  EXPECT_EQ(Count("delivered"), 1);
}

TEST_F(ResponderTest, RateLimitsAndServerErrorsAreRetried) {
  auto responder = Make();
  responder->Start();
  slack_->FailNext(2, 503);
  ASSERT_TRUE(responder->Send(slack_->ResponseUrl(), {"after two 503s"}));
  ASSERT_TRUE(WaitForPosts(3));
  slack_->FailNext(1, 429, 0);
  ASSERT_TRUE(responder->Send(slack_->ResponseUrl(), {"after a 429"}));
  ASSERT_TRUE(WaitForPosts(5));
  auto got = slack_->Responses();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].text, "after two 503s");
  EXPECT_EQ(got[1].text, "after a 429");
  responder->Stop();
  EXPECT_EQ(Count("retry"), 3);
  EXPECT_EQ(Count("delivered"), 2);
}

TEST_F(ResponderTest, GivesUpAfterItsAttemptsAndOnPermanentErrors) {
  auto responder = Make(2);
  responder->Start();
  slack_->FailNext(5, 500);
  ASSERT_TRUE(responder->Send(slack_->ResponseUrl(), {"never"}));
  ASSERT_TRUE(WaitForPosts(2));
  slack_->FailNext(0, 500);
  // A URL the stand-in never minted answers 404 no_service: not retried.
  ASSERT_TRUE(responder->Send(slack_->BaseUrl() + "/actions/T0STANDIN/1/unknown", {"lost"}));
  ASSERT_TRUE(responder->Send(slack_->ResponseUrl(), {"then this one"}));
  ASSERT_TRUE(WaitForPosts(4));
  responder->Stop();
  auto got = slack_->Responses();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].text, "then this one");
  EXPECT_EQ(slack_->Requests().size(), 4u) << "two attempts, one refusal, one delivery";
  EXPECT_EQ(Count("failed"), 2);
}

TEST_F(ResponderTest, NeverPostsToAUrlThatIsNotSlacks) {
  auto responder = Make();
  for (std::string url : {"https://evil.example/actions/T1/1/x",
                          "http://127.0.0.1:1/actions/T1/1/x",
                          "https://hooks.slack.com@127.0.0.1/actions/x"}) {
    auto st = responder->Send(url, {"x"});
    ASSERT_FALSE(st) << url;
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
  }
  // Queued before Start: only the allowed one goes out.
  ASSERT_TRUE(responder->Send(slack_->ResponseUrl(), {"allowed"}));
  responder->Start();
  ASSERT_TRUE(WaitForPosts(1));
  responder->Stop();
  EXPECT_EQ(slack_->Requests().size(), 1u);
}

TEST_F(ResponderTest, AnAnswerPastItsUrlsValidityIsDropped) {
  auto responder = Make();
  ASSERT_TRUE(responder->Send(slack_->ResponseUrl(), {"too late"}));
  clock_.Advance(minutes(31));
  ASSERT_TRUE(responder->Send(slack_->ResponseUrl(), {"in time"}));
  responder->Start();
  ASSERT_TRUE(WaitForPosts(1));
  responder->Stop();
  auto got = slack_->Responses();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].text, "in time");
  EXPECT_EQ(Count("failed"), 1);
}

TEST_F(ResponderTest, AFullQueueRefusesInsteadOfGrowing) {
  ResponderOptions o;
  o.clock = &clock_;
  o.max_queued = 2;
  Responder responder(std::move(o));  // never started: nothing is sent
  EXPECT_TRUE(responder.Send("https://hooks.slack.com/actions/T1/1/a", {"1"}));
  EXPECT_TRUE(responder.Send("https://hooks.slack.com/actions/T1/1/b", {"2"}));
  auto st = responder.Send("https://hooks.slack.com/actions/T1/1/c", {"3"});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kOverloaded);
}

}  // namespace
}  // namespace klaxon::notify::slack
