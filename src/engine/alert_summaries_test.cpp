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

OpenSummary Line(Time at) {
  OpenSummary s;
  s.kind = "alert_fired";
  s.last_at = at;
  return s;
}

// A flood opening more incidents than kPruneAt within one window: every
// summary stays open (none may be dropped yet), and once the window has
// passed the stale ones go at a later prune, so the map holds at most about
// twice the live summaries without being scanned at every Open.
TEST(AlertSummariesTest, AFloodOfIncidentsKeepsEverySummaryAndStaleOnesGoLater) {
  constexpr size_t n = 3 * AlertSummaries::kPruneAt;
  const Time t0 = FromUnixMillis(1'750'000'000'000);
  AlertSummaries summaries;
  for (size_t i = 0; i < n; ++i) summaries.Open(static_cast<int64_t>(i), Line(t0));
  EXPECT_EQ(summaries.size(), n);
  EXPECT_NE(summaries.Find(0, "alert_fired", t0), nullptr);
  EXPECT_NE(summaries.Find(static_cast<int64_t>(n - 1), "alert_fired", t0), nullptr);

  const Time t1 = t0 + AlertSummaries::kWindow;
  for (size_t i = 0; i < n; ++i) summaries.Open(static_cast<int64_t>(n + i), Line(t1));
  EXPECT_EQ(summaries.size(), n) << "the first flood's summaries were pruned";
  EXPECT_EQ(summaries.Find(0, "alert_fired", t0), nullptr);
  EXPECT_NE(summaries.Find(static_cast<int64_t>(n), "alert_fired", t1), nullptr);
}

}  // namespace
}  // namespace klaxon::engine
