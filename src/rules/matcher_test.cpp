#include "rules/matcher.h"

#include <gtest/gtest.h>

namespace klaxon::rules {
namespace {

Matcher M(const char* text) {
  auto m = Matcher::Parse(text);
  EXPECT_TRUE(m.has_value()) << text << ": " << (m ? "" : m.error().message);
  return *m;
}

TEST(Matcher, FourOperators) {
  LabelSet l{{"alertname", "ApiDown"}, {"service", "api"}};
  EXPECT_TRUE(M("alertname=\"ApiDown\"").Matches(l));
  EXPECT_FALSE(M("alertname=\"ApiDow\"").Matches(l));
  EXPECT_TRUE(M("service!=\"db\"").Matches(l));
  EXPECT_FALSE(M("service!=api").Matches(l));
  EXPECT_TRUE(M("alertname=~\"Api.*\"").Matches(l));
  EXPECT_FALSE(M("alertname=~\"Api\"").Matches(l)) << "regexes are anchored";
  EXPECT_TRUE(M("alertname!~\"Db.*|Redis.*\"").Matches(l));
  EXPECT_FALSE(M("alertname!~\"ApiDown|x\"").Matches(l));
}

TEST(Matcher, MissingLabelIsEmptyString) {
  LabelSet l{{"alertname", "X"}};
  EXPECT_TRUE(M("team=\"\"").Matches(l));
  EXPECT_TRUE(M("team!=\"core\"").Matches(l));
  EXPECT_TRUE(M("team=~\"|core\"").Matches(l));
  EXPECT_FALSE(M("team=~\".+\"").Matches(l));
}

TEST(Matcher, ParsesSpacingQuotesAndEscapes) {
  EXPECT_EQ(M(" alertname = \"A B\" ").value(), "A B");
  EXPECT_EQ(M("a='x'").value(), "x");
  EXPECT_EQ(M(R"(a="say \"hi\"")").value(), "say \"hi\"");
  EXPECT_EQ(M(R"(a=~"\d+")").value(), R"(\d+)");
  EXPECT_TRUE(M(R"(a=~"\d+")").Matches(LabelSet{{"a", "123"}}));
  EXPECT_EQ(M("a=~\"x|y\"").ToString(), "a=~\"x|y\"");
}

TEST(Matcher, RejectsBadInputWithReasons) {
  auto no_op = Matcher::Parse("alertname");
  ASSERT_FALSE(no_op);
  EXPECT_NE(no_op.error().message.find("expected name=\"value\""), std::string::npos);
  auto bad_name = Matcher::Parse("9lives=\"x\"");
  ASSERT_FALSE(bad_name);
  EXPECT_NE(bad_name.error().message.find("invalid label name"), std::string::npos);
  auto bad_re = Matcher::Parse("a=~\"(unclosed\"");
  ASSERT_FALSE(bad_re);
  EXPECT_NE(bad_re.error().message.find("invalid regular expression"), std::string::npos);
  EXPECT_FALSE(Matcher::Parse("a=x y"));
}

TEST(Matcher, HostileValuesDoNotBlowUp) {
  // Catastrophic for backtracking engines; linear for RE2.
  auto m = M("a=~\"(x+x+)+y\"");
  std::string value(100000, 'x');
  EXPECT_FALSE(m.Matches(LabelSet{{"a", value}}));
}

}  // namespace
}  // namespace klaxon::rules
