// The shared pieces: text limits, redaction, HMAC, and the HTTP status policy.

#include <gtest/gtest.h>

#include "notify/channel.h"
#include "notify/notification.h"
#include "notify/signing.h"
#include "notify/text.h"

namespace klaxon::notify {
namespace {

using std::chrono::seconds;

TEST(TextTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePoints("abc"), 3u);
  EXPECT_EQ(CodePoints("🔴 é"), 3u);
  EXPECT_EQ(CodePoints(""), 0u);
}

TEST(TextTest, LeavesShortTextAlone) {
  EXPECT_EQ(Truncate("hello", 5), "hello");
  EXPECT_EQ(Truncate("", 0), "");
}

TEST(TextTest, CutsWithAnEllipsisWithinTheLimit) {
  EXPECT_EQ(Truncate("hello world", 6), "hello…");
  EXPECT_EQ(CodePoints(Truncate("hello world", 6)), 6u);
  EXPECT_EQ(Truncate("hello", 0), "");
  EXPECT_EQ(Truncate("hello", 1), "…");
}

TEST(TextTest, NeverSplitsAUtf8Sequence) {
  // Each é is two bytes; the cut lands on code points.
  EXPECT_EQ(Truncate("éééééé", 4), "ééé…");
}

TEST(TextTest, NeverSplitsAnEscapedEntity) {
  // Cutting after 3 code points would leave "a&a"; the entity is dropped whole.
  EXPECT_EQ(Truncate("a&amp;bcdef", 4), "a…");
  EXPECT_EQ(Truncate("a&lt;&gt;bcdef", 7), "a&lt;…");
}

TEST(TextTest, RedactsEverySecretOccurrence) {
  EXPECT_EQ(Redact("key abc and abc", "abc"), "key [redacted] and [redacted]");
  EXPECT_EQ(Redact("nothing", ""), "nothing");
}

TEST(SigningTest, HmacMatchesRfc4231TestCase2) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(SigningTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(IsSha256Hex(std::string(64, 'a')));
  EXPECT_FALSE(IsSha256Hex(std::string(63, 'a')));
  EXPECT_FALSE(IsSha256Hex(std::string(63, 'a') + "g"));
}

TEST(EventTest, NamesRoundTrip) {
  for (Event e : {Event::kOpened, Event::kAcknowledged, Event::kUpdated, Event::kSeverityChanged,
                  Event::kEscalated, Event::kReopened, Event::kResolved}) {
    EXPECT_EQ(ParseEvent(ToString(e)), e);
  }
  EXPECT_EQ(ToString(Event::kResolved), "incident.resolved");
  EXPECT_FALSE(ParseEvent("incident.exploded"));
}

TEST(DeliveryTest, RetryAfterHeaderIsSecondsClampedToAnHour) {
  EXPECT_EQ(ParseRetryAfter("7", seconds(30)), seconds(7));
  EXPECT_EQ(ParseRetryAfter(" 7 ", seconds(30)), seconds(7));
  EXPECT_EQ(ParseRetryAfter("999999", seconds(30)), seconds(3600));
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", seconds(30)), seconds(30));
  EXPECT_EQ(ParseRetryAfter("-1", seconds(30)), seconds(30));
  EXPECT_EQ(ParseRetryAfter(std::nullopt, seconds(30)), seconds(30));
}

TEST(DeliveryTest, HttpStatusPolicy) {
  EXPECT_TRUE(ClassifyHttpStatus(204, std::nullopt, seconds(5), "x").delivered());
  auto limited = ClassifyHttpStatus(429, "12", seconds(5), "x");
  EXPECT_EQ(limited.outcome, Delivery::Outcome::kRetryAfter);
  EXPECT_EQ(limited.retry_after, seconds(12));
  EXPECT_EQ(limited.reason, "x: HTTP 429");
  auto down = ClassifyHttpStatus(503, std::nullopt, seconds(5), "x");
  EXPECT_EQ(down.outcome, Delivery::Outcome::kRetryAfter);
  EXPECT_EQ(down.retry_after, seconds(5));
  EXPECT_EQ(ClassifyHttpStatus(408, std::nullopt, seconds(5), "x").outcome,
            Delivery::Outcome::kRetryAfter);
  auto gone = ClassifyHttpStatus(404, std::nullopt, seconds(5), "x");
  EXPECT_EQ(gone.outcome, Delivery::Outcome::kPermanentFailure);
  EXPECT_EQ(gone.reason, "x: HTTP 404");
  EXPECT_EQ(ToString(gone.outcome), "permanent_failure");
}

}  // namespace
}  // namespace klaxon::notify
