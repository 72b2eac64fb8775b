// Sends what klaxon builds to the Slack stand-in over real HTTP: if a
// builder produced a payload Slack would refuse, these fail.

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "http/client.h"
#include "notify/slack/messages.h"
#include "notify/slack/response.h"
#include "notify/test_support.h"
#include "standins/slack_standin.h"

namespace klaxon::notify::slack {
namespace {

using standins::SlackStandin;
using std::chrono::minutes;

class SlackDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SlackStandin::Start({});
    ASSERT_TRUE(s) << s.error().message;
    slack_ = std::move(*s);
  }

  Delivery Call(std::string_view method, const boost::json::object& body,
                std::string token = "xoxb-standin-token") {
    http::ClientRequest r;
    r.method = "POST";
    r.url = slack_->ApiUrl(method);
    r.headers = {{"Content-Type", "application/json; charset=utf-8"},
                 {"Authorization", "Bearer " + token}};
    r.body = boost::json::serialize(body);
    auto response = http::Send(r);
    if (!response) return Delivery::RetryAfter(Duration::zero(), response.error().message);
    std::optional<std::string_view> retry_after;
    for (const auto& [name, value] : response->headers) {
      if (name == "retry-after") retry_after = value;
    }
    return ClassifyWebApiResponse(response->status, retry_after, response->body);
  }

  std::unique_ptr<SlackStandin> slack_;
};

TEST_F(SlackDeliveryTest, TopMessageThreadRepliesAndEditsAreAccepted) {
  Notification n = testing::Sample();
  auto posted = Call("chat.postMessage", PostMessageBody("C0INCIDENTS", TopMessage(n)));
  ASSERT_TRUE(posted.delivered()) << posted.reason;
  const std::string ts = posted.reference;
  ASSERT_FALSE(ts.empty());

  n.event = Event::kUpdated;
  n.incident.status = incident::Status::kIdentified;
  n.update = UpdateFields{incident::Status::kIdentified, "Bad deploy", "Rollback", "10m"};
  auto reply = Call("chat.postMessage", PostMessageBody("C0INCIDENTS", ThreadMessage(n), ts));
  ASSERT_TRUE(reply.delivered()) << reply.reason;
  auto edit = Call("chat.update", UpdateBody("C0INCIDENTS", ts, TopMessage(n)));
  ASSERT_TRUE(edit.delivered()) << edit.reason;

  n.event = Event::kResolved;
  n.incident.status = incident::Status::kResolved;
  n.incident.resolved_at = n.incident.opened_at + minutes(47);
  n.resolution = ResolutionFields{minutes(47), "All API calls failed", "Bad deploy", ""};
  ASSERT_TRUE(Call("chat.postMessage", PostMessageBody("C0INCIDENTS", ThreadMessage(n), ts))
                  .delivered());
  ASSERT_TRUE(Call("chat.update", UpdateBody("C0INCIDENTS", ts, TopMessage(n))).delivered());

  auto top = slack_->Find("C0INCIDENTS", ts);
  ASSERT_TRUE(top);
  EXPECT_EQ(top->edits, 2);
  EXPECT_EQ(top->text.substr(0, top->text.find('\n')), "🟢 RESOLVED: API down");
  EXPECT_EQ(top->blocks, TopMessage(n).blocks);
  auto replies = slack_->Replies("C0INCIDENTS", ts);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].text.substr(0, replies[0].text.find('\n')), "🟡 UPDATE: API down");
  EXPECT_EQ(replies[1].text.substr(0, replies[1].text.find('\n')), "🟢 RESOLVED: API down");
}

TEST_F(SlackDeliveryTest, OversizedIncidentStillFitsSlacksLimits) {
  Notification n = testing::Sample();
  n.incident.title = std::string(3000, 'x');
  n.incident_ref = "INC-" + std::string(300, '1');
  n.update = UpdateFields{incident::Status::kFixing, std::string(9000, '<'),
                          std::string(9000, 'n'), std::string(9000, 'e')};
  n.incident.lead = std::string(9000, 'l');
  auto posted = Call("chat.postMessage", PostMessageBody("C0INCIDENTS", TopMessage(n)));
  EXPECT_TRUE(posted.delivered()) << posted.reason;
  n.event = Event::kUpdated;
  EXPECT_TRUE(Call("chat.postMessage", PostMessageBody("C0INCIDENTS", ThreadMessage(n), posted.reference))
                  .delivered());
}

TEST_F(SlackDeliveryTest, FailuresBecomeTheRightDecision) {
  Notification n = testing::Sample();
  auto wrong_token = Call("chat.postMessage", PostMessageBody("C0INCIDENTS", TopMessage(n)), "xoxb-nope");
  EXPECT_EQ(wrong_token.outcome, Delivery::Outcome::kPermanentFailure);
  EXPECT_EQ(wrong_token.reason, "slack: invalid_auth");
  auto unknown = Call("chat.postMessage", PostMessageBody("C0NOWHERE", TopMessage(n)));
  EXPECT_EQ(unknown.reason, "slack: channel_not_found");

  slack_->FailNext(1, 429, 7);
  auto limited = Call("chat.postMessage", PostMessageBody("C0INCIDENTS", TopMessage(n)));
  EXPECT_EQ(limited.outcome, Delivery::Outcome::kRetryAfter);
  EXPECT_EQ(limited.retry_after, std::chrono::seconds(7));
  slack_->FailNext(1, 500);
  EXPECT_EQ(Call("chat.postMessage", PostMessageBody("C0INCIDENTS", TopMessage(n))).outcome,
            Delivery::Outcome::kRetryAfter);
  EXPECT_TRUE(Call("chat.postMessage", PostMessageBody("C0INCIDENTS", TopMessage(n))).delivered());
}

TEST_F(SlackDeliveryTest, IncomingWebhookAcceptsTheSameMessages) {
  http::ClientRequest r;
  r.method = "POST";
  r.url = slack_->WebhookUrl();
  r.headers = {{"Content-Type", "application/json"}};
  r.body = boost::json::serialize(WebhookBody(TopMessage(testing::Sample())));
  auto response = http::Send(r);
  ASSERT_TRUE(response);
  EXPECT_TRUE(ClassifyWebhookResponse(response->status, std::nullopt, response->body).delivered());
  ASSERT_EQ(slack_->Messages().size(), 1u);
  EXPECT_EQ(slack_->Messages()[0].via, "webhook");
}

}  // namespace
}  // namespace klaxon::notify::slack
