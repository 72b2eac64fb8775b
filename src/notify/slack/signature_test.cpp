#include "notify/slack/signature.h"

#include <gtest/gtest.h>

namespace klaxon::notify::slack {
namespace {

using std::chrono::seconds;

constexpr std::string_view kSecret = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr std::string_view kBody =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fincident&text=status";

Time At(int64_t unix_seconds) { return Time(seconds(unix_seconds)); }

TEST(SlackSignatureTest, SignIsHmacOfVersionTimestampAndBody) {
  // Known answer computed independently:
  //   printf '%s' 'v0:1531420618:<body>' | openssl dgst -sha256 -hmac <secret>
  EXPECT_EQ(Sign("8f742231b10e8888abcd99yyyzzz85a5", "1531420618",
                 "token=abc&command=%2Fincident&text=ack+INC-42"),
            "v0=ff3534b66bd49595701a818651e2314283970e7313aa6c620616459d526a2361");
}

TEST(SlackSignatureTest, AcceptsAValidRequest) {
  const std::string sig = Sign(kSecret, "1754558062", kBody);
  EXPECT_TRUE(Verify(kSecret, {"1754558062", sig, kBody}, At(1754558062)));
  // Within the window in both directions; hex case does not matter.
  EXPECT_TRUE(Verify(kSecret, {"1754558062", sig, kBody}, At(1754558062 + 300)));
  EXPECT_TRUE(Verify(kSecret, {"1754558062", sig, kBody}, At(1754558062 - 300)));
  std::string upper = sig;
  for (size_t i = 3; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_TRUE(Verify(kSecret, {"1754558062", upper, kBody}, At(1754558062)));
}

void ExpectRefused(const Status& s, std::string_view mentions) {
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kUnauthenticated);
  EXPECT_NE(s.error().message.find(mentions), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().message.find(kSecret), std::string::npos);
}

TEST(SlackSignatureTest, RejectsWrongSecretAndTamperedBody) {
  const std::string sig = Sign(kSecret, "1754558062", kBody);
  ExpectRefused(Verify("another-secret", {"1754558062", sig, kBody}, At(1754558062)),
                "signature mismatch");
  ExpectRefused(Verify(kSecret, {"1754558062", sig, std::string(kBody) + "&x=1"}, At(1754558062)),
                "signature mismatch");
  // The timestamp is signed too: moving it breaks the signature.
  ExpectRefused(Verify(kSecret, {"1754558063", sig, kBody}, At(1754558062)), "signature mismatch");
}

TEST(SlackSignatureTest, RejectsStaleAndFutureTimestamps) {
  const std::string sig = Sign(kSecret, "1754558062", kBody);
  ExpectRefused(Verify(kSecret, {"1754558062", sig, kBody}, At(1754558062 + 301)), "behind now");
  ExpectRefused(Verify(kSecret, {"1754558062", sig, kBody}, At(1754558062 - 301)), "ahead of now");
}

TEST(SlackSignatureTest, RejectsMissingAndMalformedHeaders) {
  const std::string sig = Sign(kSecret, "1754558062", kBody);
  const Time now = At(1754558062);
  ExpectRefused(Verify(kSecret, {std::nullopt, sig, kBody}, now),
                "missing X-Slack-Request-Timestamp");
  ExpectRefused(Verify(kSecret, {"", sig, kBody}, now), "missing X-Slack-Request-Timestamp");
  ExpectRefused(Verify(kSecret, {"17545x8062", sig, kBody}, now), "malformed X-Slack-Request");
  ExpectRefused(Verify(kSecret, {"-1754558062", sig, kBody}, now), "malformed X-Slack-Request");
  ExpectRefused(Verify(kSecret, {"1754558062", std::nullopt, kBody}, now),
                "missing X-Slack-Signature");
  ExpectRefused(Verify(kSecret, {"1754558062", "v1=" + sig.substr(3), kBody}, now),
                "malformed X-Slack-Signature");
  ExpectRefused(Verify(kSecret, {"1754558062", sig.substr(0, 66), kBody}, now),
                "malformed X-Slack-Signature");
  ExpectRefused(Verify(kSecret, {"1754558062", sig.substr(0, 66) + "z", kBody}, now),
                "malformed X-Slack-Signature");
  ExpectRefused(Verify("", {"1754558062", sig, kBody}, now), "no signing secret");
}

}  // namespace
}  // namespace klaxon::notify::slack
