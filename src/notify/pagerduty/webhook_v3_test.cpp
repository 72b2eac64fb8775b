#include "notify/pagerduty/webhook_v3.h"

#include <gtest/gtest.h>

namespace klaxon::notify::pagerduty {
namespace {

constexpr std::string_view kSecret = "pd-webhook-secret-0123456789";
constexpr std::string_view kBody = R"({"event":{"id":"01DEN1HNLNXYOX7P0TZVK6SWZC",
  "event_type":"incident.acknowledged","resource_type":"incident",
  "occurred_at":"2025-08-07T09:20:01.000Z",
  "agent":{"html_url":"https://acme.pagerduty.com/users/PLH1HKV","id":"PLH1HKV",
           "summary":"Alice Example","type":"user_reference"},
  "client":null,
  "data":{"id":"Q2W3E4R5","type":"incident","number":7,"status":"acknowledged",
          "incident_key":"INC-42","title":"[SEV1] INC-42: API down"}}})";

void ExpectRefused(const Status& s, std::string_view mentions) {
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kUnauthenticated);
  EXPECT_NE(s.error().message.find(mentions), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().message.find(kSecret), std::string::npos);
}

TEST(PagerDutyWebhookSignatureTest, AcceptsAValidSignature) {
  const std::string sig = SignWebhook(kSecret, kBody);
  EXPECT_EQ(sig.substr(0, 3), "v1=");
  EXPECT_TRUE(VerifyWebhookSignature(kSecret, sig, kBody));
}

TEST(PagerDutyWebhookSignatureTest, AnyOfSeveralSignaturesMayMatch) {
  const std::string good = SignWebhook(kSecret, kBody);
  const std::string old = SignWebhook("the-old-secret", kBody);
  EXPECT_TRUE(VerifyWebhookSignature(kSecret, old + "," + good, kBody));
  EXPECT_TRUE(VerifyWebhookSignature(kSecret, good + ", " + old, kBody));
  // An unknown scheme next to a good v1 is skipped.
  EXPECT_TRUE(VerifyWebhookSignature(kSecret, "v2=abc," + good, kBody));
}

TEST(PagerDutyWebhookSignatureTest, RejectsWrongSecretAndTamperedBody) {
  ExpectRefused(VerifyWebhookSignature("wrong", SignWebhook(kSecret, kBody), kBody),
                "signature mismatch");
  ExpectRefused(VerifyWebhookSignature(kSecret, SignWebhook(kSecret, kBody),
                                       std::string(kBody) + " "),
                "signature mismatch");
  ExpectRefused(VerifyWebhookSignature(kSecret,
                                       SignWebhook("a", kBody) + "," + SignWebhook("b", kBody),
                                       kBody),
                "signature mismatch");
}

TEST(PagerDutyWebhookSignatureTest, RejectsMissingAndMalformedHeaders) {
  const std::string good = SignWebhook(kSecret, kBody);
  ExpectRefused(VerifyWebhookSignature(kSecret, std::nullopt, kBody), "missing X-PagerDuty-Signature");
  ExpectRefused(VerifyWebhookSignature(kSecret, " ", kBody), "missing");
  ExpectRefused(VerifyWebhookSignature(kSecret, good.substr(3), kBody), "malformed");
  ExpectRefused(VerifyWebhookSignature(kSecret, good.substr(0, 60), kBody), "malformed");
  ExpectRefused(VerifyWebhookSignature(kSecret, "v1=" + std::string(64, 'x'), kBody), "malformed");
  std::string many;
  for (int i = 0; i < 9; ++i) many += SignWebhook("k", kBody) + ",";
  ExpectRefused(VerifyWebhookSignature(kSecret, many + good, kBody), "more than 8");
  ExpectRefused(VerifyWebhookSignature("", good, kBody), "no webhook secret");
}

TEST(PagerDutyWebhookEventTest, ParsesAnAcknowledgement) {
  auto e = ParseWebhookEvent(kBody);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->kind, WebhookEvent::Kind::kAcknowledged);
  EXPECT_EQ(e->event_id, "01DEN1HNLNXYOX7P0TZVK6SWZC");
  EXPECT_EQ(e->event_type, "incident.acknowledged");
  EXPECT_EQ(e->incident_key, "INC-42");
  EXPECT_EQ(e->pd_incident_id, "Q2W3E4R5");
  EXPECT_EQ(e->agent_id, "PLH1HKV");
  EXPECT_EQ(e->agent_name, "Alice Example");
  ASSERT_TRUE(e->occurred_at);
  EXPECT_EQ(FormatTimestamp(*e->occurred_at), "2025-08-07T09:20:01.000Z");
}

TEST(PagerDutyWebhookEventTest, ResolvedActsAndOthersAreIgnored) {
  auto resolved = ParseWebhookEvent(
      R"({"event":{"event_type":"incident.resolved","data":{"incident_key":"INC-9"}}})");
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->kind, WebhookEvent::Kind::kResolved);
  EXPECT_EQ(resolved->incident_key, "INC-9");
  EXPECT_EQ(resolved->agent_id, "");
  auto escalated = ParseWebhookEvent(
      R"({"event":{"event_type":"incident.escalated","data":{"incident_key":null}}})");
  ASSERT_TRUE(escalated);
  EXPECT_EQ(escalated->kind, WebhookEvent::Kind::kIgnored);
  EXPECT_EQ(escalated->incident_key, "");
}

TEST(PagerDutyWebhookEventTest, RejectsMalformedBodies) {
  for (std::string_view body : {"", "[]", "{\"event\":1}", R"({"event":{"id":"x"}})",
                                R"({"event":{"event_type":7}})", "{\"event\":"}) {
    auto e = ParseWebhookEvent(body);
    ASSERT_FALSE(e) << body;
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace klaxon::notify::pagerduty
