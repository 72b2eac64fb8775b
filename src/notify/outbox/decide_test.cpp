// The pure attempt -> row state decision: backoff with full jitter,
// Retry-After as a floor, the horizon, permanent failures, and the timeline
// lines people read.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "notify/outbox/decide.h"

namespace klaxon::notify::outbox {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using store::NotificationState;

const Time kT0 = FromUnixMillis(1'754'558'062'000);
const RetryPolicy kPolicy{seconds(1), minutes(5), hours(1)};

store::OutboxEntry Row(int attempts = 0) {
  store::OutboxEntry r;
  r.id = 7;
  r.incident_id = 42;
  r.channel = "slack-incidents";
  r.event = "incident.opened";
  r.attempts = attempts;
  r.created_at = kT0;
  r.next_attempt_at = kT0;
  return r;
}

TEST(Backoff, DoublesUpToTheMaxAndScalesByTheDraw) {
  EXPECT_EQ(Backoff(kPolicy, 1, 0.999999), milliseconds(999));
  EXPECT_EQ(Backoff(kPolicy, 2, 0.5), seconds(1));
  EXPECT_EQ(Backoff(kPolicy, 4, 0.5), seconds(4));
  EXPECT_EQ(Backoff(kPolicy, 9, 0.5), milliseconds(128'000));
  EXPECT_EQ(Backoff(kPolicy, 10, 0.5), milliseconds(150'000)) << "capped at max";
  EXPECT_EQ(Backoff(kPolicy, 1000, 0.5), milliseconds(150'000));
  EXPECT_EQ(Backoff(kPolicy, 3, 0.0), Duration::zero()) << "full jitter reaches zero";
}

TEST(Decide, DeliveredKeepsTheReceipt) {
  Decision d = Decide(Row(), Delivery::Delivered("C1/1.0001"), kPolicy, kT0 + seconds(2), 0.5,
                      "Slack #incidents", "slack");
  EXPECT_EQ(d.attempt.id, 7);
  EXPECT_EQ(d.attempt.state, NotificationState::kDelivered);
  EXPECT_EQ(d.attempt.receipt, "C1/1.0001");
  EXPECT_EQ(d.attempt.delivered_at, kT0 + seconds(2));
  EXPECT_EQ(d.attempt.last_error, "");
  EXPECT_EQ(d.result, "delivered");
  EXPECT_EQ(d.line.text, "Slack #incidents: delivered");
  EXPECT_EQ(d.line.kind, "notification");
  EXPECT_EQ(d.line.incident_id, 42);
  EXPECT_EQ(d.line.at, kT0 + seconds(2));
  auto data = boost::json::parse(d.line.data).as_object();
  EXPECT_EQ(data.at("attempt").as_int64(), 1);
  EXPECT_EQ(data.at("channel").as_string(), "slack-incidents");
}

TEST(Decide, RetryWaitsAtLeastRetryAfter) {
  // Backoff of the 3rd retry with this draw is 2s; the receiver asked for 8s.
  Decision d = Decide(Row(2), Delivery::RetryAfter(seconds(8), "pagerduty: HTTP 429"), kPolicy,
                      kT0 + minutes(1), 0.5, "PagerDuty", "pagerduty");
  EXPECT_EQ(d.attempt.state, NotificationState::kPending);
  EXPECT_EQ(d.attempt.next_attempt_at, kT0 + minutes(1) + seconds(8));
  EXPECT_EQ(d.attempt.last_error, "pagerduty: HTTP 429");
  EXPECT_EQ(d.result, "retry");
  EXPECT_EQ(d.line.text, "PagerDuty: retrying in 8s after HTTP 429");
  // Without Retry-After the backoff decides.
  Decision own = Decide(Row(2), Delivery::RetryAfter(Duration::zero(), "slack: HTTP 500"), kPolicy,
                        kT0, 0.75, "Slack #incidents", "slack");
  EXPECT_EQ(own.attempt.next_attempt_at, kT0 + seconds(3));
  EXPECT_EQ(own.line.text, "Slack #incidents: retrying in 3s after HTTP 500");
}

TEST(Decide, TransportErrorsRetryAndOtherErrorsFail) {
  Result<Delivery> refused = Fail(ErrorCode::kUnavailable, "POST http://127.0.0.1:1: refused", true);
  Decision d = Decide(Row(), refused, kPolicy, kT0, 0.5, "Webhook hook", "webhook");
  EXPECT_EQ(d.attempt.state, NotificationState::kPending);
  Result<Delivery> broken = Fail(ErrorCode::kInvalidArgument, "cannot render", false);
  Decision f = Decide(Row(), broken, kPolicy, kT0, 0.5, "Webhook hook", "webhook");
  EXPECT_EQ(f.attempt.state, NotificationState::kFailed);
  EXPECT_EQ(f.line.text, "Webhook hook: failed: cannot render");
}

TEST(Decide, PermanentFailureFailsAtOnce) {
  Decision d = Decide(Row(), Delivery::Permanent("slack: invalid_auth"), kPolicy, kT0, 0.5,
                      "Slack #incidents", "slack");
  EXPECT_EQ(d.attempt.state, NotificationState::kFailed);
  EXPECT_EQ(d.attempt.last_error, "slack: invalid_auth");
  EXPECT_EQ(d.result, "failed");
  EXPECT_EQ(d.line.text, "Slack #incidents: failed: invalid_auth");
}

TEST(Decide, ARetryPastTheHorizonFails) {
  // 59m50s after enqueueing, a 30s Retry-After would land past the 1h horizon.
  Decision d = Decide(Row(9), Delivery::RetryAfter(seconds(30), "slack: ratelimited"), kPolicy,
                      kT0 + minutes(59) + seconds(50), 0.0, "Slack #incidents", "slack");
  EXPECT_EQ(d.attempt.state, NotificationState::kFailed);
  EXPECT_EQ(d.result, "failed");
  EXPECT_EQ(d.line.text, "Slack #incidents: failed after 10 attempts over 59m50s: ratelimited");
  // Exactly at the horizon is still allowed.
  Decision edge = Decide(Row(9), Delivery::RetryAfter(seconds(10), "slack: ratelimited"), kPolicy,
                         kT0 + minutes(59) + seconds(50), 0.0, "Slack #incidents", "slack");
  EXPECT_EQ(edge.attempt.state, NotificationState::kPending);
}

}  // namespace
}  // namespace klaxon::notify::outbox
