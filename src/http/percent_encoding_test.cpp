#include "http/percent_encoding.h"

#include <gtest/gtest.h>

namespace klaxon::http {
namespace {

TEST(PercentDecodeTest, DecodesEscapes) {
  EXPECT_EQ(PercentDecode("/a%20b/%C3%A9", false), "/a b/\xC3\xA9");
  EXPECT_EQ(PercentDecode("%2f%2F", false), "//");
  EXPECT_EQ(PercentDecode("plain", false), "plain");
  EXPECT_EQ(PercentDecode("", false), "");
}

TEST(PercentDecodeTest, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a%2Bb", true), "a+b");
}

TEST(PercentDecodeTest, RejectsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%4", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%00", false), std::nullopt);
}

}  // namespace
}  // namespace klaxon::http
