#include "remediate/output.h"

#include <gtest/gtest.h>

namespace klaxon::remediate {
namespace {

TEST(OutputCapture, KeepsHeadAndTail) {
  OutputCapture small(4);
  small.Append("abc");
  EXPECT_EQ(small.head(), "abc");
  EXPECT_EQ(small.tail(), "");
  OutputCapture c(4);
  c.Append("0123");
  c.Append("45");
  c.Append("6789AB");
  EXPECT_EQ(c.head(), "0123");
  EXPECT_EQ(c.tail(), "89AB");
  EXPECT_EQ(c.total(), 12u);
  EXPECT_EQ(c.dropped(), 4u);
}

}  // namespace
}  // namespace klaxon::remediate
