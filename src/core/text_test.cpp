#include "core/text.h"

#include <gtest/gtest.h>

namespace klaxon {
namespace {

TEST(Trim, DropsWhitespaceAtBothEndsOnly) {
  EXPECT_EQ(Trim("  a b\t\r\n"), "a b");
  EXPECT_EQ(Trim("\n\tx"), "x");
  EXPECT_EQ(Trim("x"), "x");
  EXPECT_EQ(Trim(" \t\r\n "), "");
  EXPECT_EQ(Trim(""), "");
}

TEST(Trim, OtherCharacterSets) {
  EXPECT_EQ(Trim("--a-b--", "-"), "a-b");
  EXPECT_EQ(Trim(" a\n", " "), "a\n");
}

}  // namespace
}  // namespace klaxon
