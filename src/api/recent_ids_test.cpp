#include "api/recent_ids.h"

#include <gtest/gtest.h>

namespace klaxon::api {
namespace {

TEST(RecentIds, RemembersAndForgetsTheOldestBeyondCapacity) {
  RecentIds ids(2);
  EXPECT_TRUE(ids.Insert("a"));
  EXPECT_FALSE(ids.Insert("a"));
  EXPECT_TRUE(ids.Insert("b"));
  EXPECT_TRUE(ids.Insert("c"));
  EXPECT_EQ(ids.size(), 2u);
  EXPECT_FALSE(ids.Contains("a"));
  EXPECT_TRUE(ids.Contains("b"));
  EXPECT_TRUE(ids.Contains("c"));
}

}  // namespace
}  // namespace klaxon::api
