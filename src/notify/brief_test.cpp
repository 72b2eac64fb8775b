// The handoff brief's stored form: every field survives the outbox.
#include "notify/brief.h"

#include <gtest/gtest.h>

#include "notify/payload.h"
#include "notify/test_support.h"

namespace klaxon::notify {
namespace {

void ExpectSame(const HandoffBrief& a, const HandoffBrief& b) {
  EXPECT_EQ(a.schedule_id, b.schedule_id);
  EXPECT_EQ(a.schedule_name, b.schedule_name);
  EXPECT_EQ(a.at, b.at);
  EXPECT_EQ(a.outgoing.id, b.outgoing.id);
  EXPECT_EQ(a.outgoing.name, b.outgoing.name);
  EXPECT_EQ(a.incoming.id, b.incoming.id);
  EXPECT_EQ(a.incoming.name, b.incoming.name);
  ASSERT_EQ(a.incidents.size(), b.incidents.size());
  for (size_t i = 0; i < a.incidents.size(); ++i) {
    const auto& x = a.incidents[i];
    const auto& y = b.incidents[i];
    EXPECT_EQ(x.ref, y.ref);
    EXPECT_EQ(x.title, y.title);
    EXPECT_EQ(x.severity, y.severity);
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.lead, y.lead);
    EXPECT_EQ(x.opened_at, y.opened_at);
    EXPECT_EQ(x.summary, y.summary);
    EXPECT_EQ(x.next, y.next);
    EXPECT_EQ(x.eta, y.eta);
    EXPECT_EQ(x.link, y.link);
  }
  EXPECT_EQ(a.unlisted, b.unlisted);
  EXPECT_EQ(a.recipient, b.recipient);
  EXPECT_EQ(a.slack_user, b.slack_user);
  EXPECT_EQ(a.idempotency_key, b.idempotency_key);
}

TEST(BriefPayload, RoundTripsEveryField) {
  HandoffBrief b = testing::SampleBrief();
  b.unlisted = 3;
  b.recipient = "diego";
  b.slack_user = "U04DIEGO002";
  auto decoded = DecodeBrief(EncodeBrief(b));
  ASSERT_TRUE(decoded) << decoded.error().message;
  ExpectSame(*decoded, b);
}

TEST(BriefPayload, IsNoIncidentNotificationAndViceVersa) {
  EXPECT_EQ(DecodeBrief(EncodePayload(testing::Sample())).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(DecodePayload(EncodeBrief(testing::SampleBrief())));
  auto garbage = DecodeBrief("{not json");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().message, "not a handoff brief payload");
}

TEST(BriefPayload, MissingFieldsTakeTheirDefaults) {
  auto b = DecodeBrief(R"({"event":"oncall.handoff","schedule_id":"primary"})");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->schedule_id, "primary");
  EXPECT_TRUE(b->incidents.empty());
  EXPECT_TRUE(b->incoming.id.empty());
  EXPECT_EQ(b->at, FromUnixMillis(0));
}

}  // namespace
}  // namespace klaxon::notify
