#include "core/labels.h"

#include <gtest/gtest.h>

namespace klaxon {
namespace {

TEST(LabelSet, SortedUniqueAndOrderIndependentFingerprint) {
  LabelSet a{{"service", "api"}, {"alertname", "ApiDown"}};
  LabelSet b = LabelSet::FromPairs({{"alertname", "x"}, {"service", "api"}, {"alertname", "ApiDown"}});
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.pairs().front().first, "alertname");
  EXPECT_EQ(FingerprintOf(a), FingerprintOf(b));
  EXPECT_NE(FingerprintOf(a), FingerprintOf(LabelSet{{"alertname", "ApiDown"}}));
  EXPECT_EQ(a.ToString(), "{alertname=\"ApiDown\", service=\"api\"}");
}

TEST(LabelSet, FromPairsSortsKeepsTheLastOfEqualNamesAtAnySize) {
  // Already sorted, with a duplicate at the end.
  LabelSet sorted = LabelSet::FromPairs({{"a", "1"}, {"b", "2"}, {"b", "3"}});
  EXPECT_EQ(sorted, (LabelSet{{"a", "1"}, {"b", "3"}}));
  // Small and unsorted, duplicates apart.
  LabelSet small = LabelSet::FromPairs({{"c", "1"}, {"a", "2"}, {"c", "3"}, {"b", "4"}, {"a", "5"}});
  EXPECT_EQ(small, (LabelSet{{"a", "5"}, {"b", "4"}, {"c", "3"}}));
  // Past the insertion-sort size: reversed, every name twice.
  std::vector<LabelSet::Pair> many;
  for (int round = 0; round < 2; ++round) {
    for (int i = 40; i >= 0; --i) many.emplace_back("n" + std::to_string(100 + i), std::to_string(round));
  }
  LabelSet big = LabelSet::FromPairs(many);
  ASSERT_EQ(big.size(), 41u);
  EXPECT_EQ(big.pairs().front().first, "n100");
  EXPECT_EQ(big.pairs().back().first, "n140");
  for (const auto& [name, value] : big.pairs()) EXPECT_EQ(value, "1") << name;
}

TEST(LabelSet, SeparatorsPreventConcatenationCollisions) {
  EXPECT_NE(FingerprintOf(LabelSet{{"a", "bc"}}), FingerprintOf(LabelSet{{"ab", "c"}}));
  EXPECT_NE(FingerprintOfParts({"ab", "c"}), FingerprintOfParts({"a", "bc"}));
}

TEST(LabelSet, GetSetErase) {
  LabelSet l;
  l.Set("b", "2");
  l.Set("a", "1");
  l.Set("b", "3");
  EXPECT_EQ(l.size(), 2u);
  EXPECT_EQ(l.Get("b"), "3");
  EXPECT_EQ(l.GetOr("missing"), "");
  EXPECT_FALSE(l.Get("missing").has_value());
  l.Erase("a");
  EXPECT_FALSE(l.Has("a"));
}

TEST(Fingerprint, HexRoundTripIncludingTopBit) {
  Fingerprint f{0xfedcba9876543210ULL};
  EXPECT_EQ(f.ToHex(), "fedcba9876543210");
  EXPECT_EQ(Fingerprint::FromHex("fedcba9876543210"), f);
  EXPECT_FALSE(Fingerprint::FromHex("xyz").has_value());
  EXPECT_FALSE(Fingerprint::FromHex("").has_value());
}

TEST(Fingerprint, HexIsSixteenLowercaseDigitsZeroPadded) {
  EXPECT_EQ(Fingerprint{0}.ToHex(), "0000000000000000");
  EXPECT_EQ(Fingerprint{0xabcULL}.ToHex(), "0000000000000abc");
  EXPECT_EQ(Fingerprint{~0ULL}.ToHex(), "ffffffffffffffff");
  EXPECT_EQ(Fingerprint::FromHex(Fingerprint{0x0123456789abcdefULL}.ToHex()), Fingerprint{0x0123456789abcdefULL});
}

TEST(LabelNames, FollowPrometheus) {
  EXPECT_TRUE(IsValidLabelName("alertname"));
  EXPECT_TRUE(IsValidLabelName("_x9"));
  EXPECT_FALSE(IsValidLabelName("9x"));
  EXPECT_FALSE(IsValidLabelName("a-b"));
  EXPECT_FALSE(IsValidLabelName(""));
}

}  // namespace
}  // namespace klaxon
