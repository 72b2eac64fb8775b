#include "notify/slack/response.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace klaxon::notify::slack {
namespace {

using Outcome = Delivery::Outcome;
using std::chrono::seconds;

TEST(SlackResponseTest, OkCarriesTheMessageTs) {
  auto d = ClassifyWebApiResponse(
      200, std::nullopt, R"({"ok":true,"channel":"C1","ts":"1503435956.000247","message":{}})");
  EXPECT_EQ(d.outcome, Outcome::kDelivered);
  EXPECT_EQ(d.reference, "1503435956.000247");
}

TEST(SlackResponseTest, ErrorsArePermanentExceptTransientOnes) {
  for (std::string_view code : {"invalid_auth", "channel_not_found", "invalid_blocks",
                                "msg_too_long", "not_authed"}) {
    auto d = ClassifyWebApiResponse(200, std::nullopt,
                                    fmt::format(R"({{"ok":false,"error":"{}"}})", code));
    EXPECT_EQ(d.outcome, Outcome::kPermanentFailure) << code;
    EXPECT_EQ(d.reason, fmt::format("slack: {}", code));
  }
  auto transient = ClassifyWebApiResponse(200, std::nullopt, R"({"ok":false,"error":"internal_error"})");
  EXPECT_EQ(transient.outcome, Outcome::kRetryAfter);
  EXPECT_EQ(transient.retry_after, kDefaultRetryAfter);
}

TEST(SlackResponseTest, RateLimitsAndServerErrorsRetry) {
  auto limited = ClassifyWebApiResponse(429, "3", R"({"ok":false,"error":"ratelimited"})");
  EXPECT_EQ(limited.outcome, Outcome::kRetryAfter);
  EXPECT_EQ(limited.retry_after, seconds(3));
  EXPECT_EQ(ClassifyWebApiResponse(502, std::nullopt, "").outcome, Outcome::kRetryAfter);
  EXPECT_EQ(ClassifyWebApiResponse(200, std::nullopt, "<html>").outcome, Outcome::kRetryAfter);
}

TEST(SlackResponseTest, UntrustedErrorTextIsNotEchoed) {
  auto d = ClassifyWebApiResponse(200, std::nullopt,
                                  R"({"ok":false,"error":"Bearer xoxb-123 is <bad>"})");
  EXPECT_EQ(d.reason, "slack: unknown_error");
}

TEST(SlackResponseTest, IncomingWebhookAnswers) {
  EXPECT_TRUE(ClassifyWebhookResponse(200, std::nullopt, "ok").delivered());
  auto gone = ClassifyWebhookResponse(404, std::nullopt, "channel_not_found");
  EXPECT_EQ(gone.outcome, Outcome::kPermanentFailure);
  EXPECT_EQ(gone.reason, "slack webhook: HTTP 404: channel_not_found");
  auto limited = ClassifyWebhookResponse(429, "9", "rate_limited");
  EXPECT_EQ(limited.outcome, Outcome::kRetryAfter);
  EXPECT_EQ(limited.retry_after, seconds(9));
}

}  // namespace
}  // namespace klaxon::notify::slack
