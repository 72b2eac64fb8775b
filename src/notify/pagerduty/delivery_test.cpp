// Sends what klaxon builds to the PagerDuty stand-in over real HTTP.

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "http/client.h"
#include "notify/pagerduty/events.h"
#include "notify/test_support.h"
#include "standins/pagerduty_standin.h"

namespace klaxon::notify::pagerduty {
namespace {

using standins::PagerDutyStandin;

constexpr std::string_view kKey = "e93facc04764012d7bfb002500d5d1a6";

class PagerDutyDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    standins::PagerDutyOptions options;
    options.routing_keys = {std::string(kKey)};
    auto s = PagerDutyStandin::Start(options);
    ASSERT_TRUE(s) << s.error().message;
    pd_ = std::move(*s);
    options_.routing_key = std::string(kKey);
  }

  Delivery Enqueue(const boost::json::object& event) {
    http::ClientRequest r;
    r.method = "POST";
    r.url = pd_->EnqueueUrl();
    r.headers = {{"Content-Type", "application/json"}};
    r.body = boost::json::serialize(event);
    auto response = http::Send(r);
    if (!response) return Delivery::RetryAfter(Duration::zero(), response.error().message);
    std::optional<std::string_view> retry_after;
    for (const auto& [name, value] : response->headers) {
      if (name == "retry-after") retry_after = value;
    }
    return ClassifyEnqueueResponse(response->status, retry_after, response->body,
                                   options_.routing_key);
  }

  std::unique_ptr<PagerDutyStandin> pd_;
  EventOptions options_;
};

TEST_F(PagerDutyDeliveryTest, TriggerAcknowledgeResolveFollowOneAlert) {
  Notification n = testing::Sample();
  auto triggered = Enqueue(TriggerEvent(options_, n));
  ASSERT_TRUE(triggered.delivered()) << triggered.reason;
  EXPECT_EQ(triggered.reference, "INC-42");
  ASSERT_EQ(pd_->FindAlert("INC-42")->status, "triggered");
  ASSERT_TRUE(Enqueue(AcknowledgeEvent(options_, n)).delivered());
  EXPECT_EQ(pd_->FindAlert("INC-42")->status, "acknowledged");
  ASSERT_TRUE(Enqueue(ResolveEvent(options_, n)).delivered());
  EXPECT_EQ(pd_->FindAlert("INC-42")->status, "resolved");
  auto events = pd_->Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].body, TriggerEvent(options_, n));
  EXPECT_EQ(pd_->Alerts().size(), 1u);
}

TEST_F(PagerDutyDeliveryTest, EveryKlaxonSeverityAndAHugeTitleAreAccepted) {
  Notification n = testing::Sample();
  n.incident.title = std::string(5000, 'x');
  for (std::string sev : {"SEV1", "SEV2", "SEV3", "SEV4", "SEV9"}) {
    n.incident.severity = sev;
    n.incident_ref = "INC-" + sev;
    auto d = Enqueue(TriggerEvent(options_, n));
    EXPECT_TRUE(d.delivered()) << sev << ": " << d.reason;
  }
}

TEST_F(PagerDutyDeliveryTest, RejectionsAndScriptedFailuresBecomeTheRightDecision) {
  Notification n = testing::Sample();
  EventOptions wrong = options_;
  wrong.routing_key = "0123456789abcdef0123456789abcdef";
  auto unknown_key = Enqueue(TriggerEvent(wrong, n));
  EXPECT_EQ(unknown_key.outcome, Delivery::Outcome::kPermanentFailure);
  EXPECT_NE(unknown_key.reason.find("Invalid routing key"), std::string::npos);

  pd_->FailNext(1, 429);
  auto limited = Enqueue(TriggerEvent(options_, n));
  EXPECT_EQ(limited.outcome, Delivery::Outcome::kRetryAfter);
  EXPECT_EQ(limited.retry_after, kRateLimitWait);
  pd_->FailNext(1, 500);
  EXPECT_EQ(Enqueue(TriggerEvent(options_, n)).outcome, Delivery::Outcome::kRetryAfter);
  EXPECT_TRUE(Enqueue(TriggerEvent(options_, n)).delivered());
  EXPECT_EQ(pd_->Events().size(), 1u);
}

}  // namespace
}  // namespace klaxon::notify::pagerduty
