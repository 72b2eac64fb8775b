#include "engine/alert_summaries.h"

#include <gtest/gtest.h>

namespace klaxon::engine {
namespace {

TEST(FingerprintListTest, ListsUpToItsCap) {
  FingerprintList list(2);
  EXPECT_EQ(list.json(), "");
  list.Add("00000000000000aa");
  EXPECT_FALSE(list.full());
  list.Add("00000000000000bb");
  list.Add("00000000000000cc");  // past the cap: ignored
  EXPECT_TRUE(list.full());
  EXPECT_EQ(list.json(), R"("00000000000000aa","00000000000000bb")");
}

TEST(FingerprintListTest, MergesWholeListsAndCutsAtTheCap) {
  FingerprintList a(4), b(4), c(4);
  a.Add("1");
  b.Add("2");
  b.Add("3");
  a.Add(b);  // fits whole
  EXPECT_EQ(a.json(), R"("1","2","3")");
  c.Add("4");
  c.Add("5");
  a.Add(c);  // only "4" fits
  EXPECT_EQ(a.json(), R"("1","2","3","4")");
  EXPECT_TRUE(a.full());

  FingerprintList empty(4), d(4);
  d.Add(empty);
  EXPECT_EQ(d.json(), "");
  d.Add("6");
  d.Add(empty);
  EXPECT_EQ(d.json(), R"("6")");
}

}  // namespace
}  // namespace klaxon::engine
