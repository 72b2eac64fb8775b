#include "store/sqlite/label_json.h"

#include <gtest/gtest.h>

#include <random>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace klaxon::store::sqlite {
namespace {

LabelSet RoundTrip(const LabelSet& in) {
  auto out = LabelsFromJson(LabelsToJson(in));
  EXPECT_TRUE(out.has_value());
  return out.value_or(LabelSet{});
}

TEST(LabelJson, EncodesSortedCompactObject) {
  LabelSet labels{{"service", "api"}, {"alertname", "X"}};
  EXPECT_EQ(LabelsToJson(labels), R"({"alertname":"X","service":"api"})");
  EXPECT_EQ(LabelsToJson(LabelSet{}), "{}");
}

TEST(LabelJson, RoundTripsAwkwardValues) {
  LabelSet labels{{"empty", ""},
                  {"quotes", R"(say "hi" \ back\slash)"},
                  {"unicode", "Störung 障害 🚨"},
                  {"control", std::string("a\nb\tc\r\x01\x1f", 8)},
                  {"nul", std::string("a\0b", 3)},
                  {"json_like", R"({"k":[1,2]})"}};
  EXPECT_EQ(RoundTrip(labels), labels);
}

TEST(LabelJson, RoundTripsBytesThatAreNotUtf8) {
  LabelSet labels{{"raw", std::string("\xff\xfe\xc3(", 4)}};
  EXPECT_EQ(RoundTrip(labels), labels);
}

TEST(LabelJson, RoundTripsLargeSets) {
  LabelSet labels;
  for (int i = 0; i < 200; ++i) labels.Set("label_" + std::to_string(i), std::string(40, 'v'));
  EXPECT_EQ(RoundTrip(labels), labels);
}

TEST(LabelJson, AcceptsHandWrittenJson) {
  auto labels = LabelsFromJson(R"( { "b" : "2", "a" : "\u00e9\ud83d\udea8" } )");
  ASSERT_TRUE(labels.has_value());
  EXPECT_EQ(*labels, (LabelSet{{"a", "é🚨"}, {"b", "2"}}));
}

TEST(LabelJson, DecodesEscapesAndSurrogatePairs) {
  auto labels = LabelsFromJson(R"({"k":"\"\\\/\b\f\n\r\t\u0000\u00e9\u20AC\ud83d\udea8"})");
  ASSERT_TRUE(labels.has_value());
  EXPECT_EQ(labels->GetOr("k"), std::string("\"\\/\b\f\n\r\t") + '\0' + "é€🚨");
}

TEST(LabelJson, LaterDuplicateNameWins) {
  auto labels = LabelsFromJson(R"({"a":"1","a":"2"})");
  ASSERT_TRUE(labels.has_value());
  EXPECT_EQ(*labels, (LabelSet{{"a", "2"}}));
}

// Random label sets, encoded by us, must parse identically with Boost.JSON
// (so the text is standard JSON) and decode back exactly.
TEST(LabelJson, AgreesWithBoostJsonOnRandomSets) {
  std::mt19937 rng(12345);
  const std::vector<std::string> pieces = {"a", "z", "_", "\"", "\\", "/", "\n", "\t", "\x01",
                                           "\x7f", " ", std::string(1, '\0'), "é", "€", "🚨"};
  for (int round = 0; round < 500; ++round) {
    LabelSet labels;
    int n = static_cast<int>(rng() % 8);
    for (int i = 0; i < n; ++i) {
      std::string name = "l" + std::to_string(rng() % 20);
      std::string value;
      int len = static_cast<int>(rng() % 12);
      for (int j = 0; j < len; ++j) value += pieces[rng() % pieces.size()];
      labels.Set(name, value);
    }
    std::string json = LabelsToJson(labels);
    boost::system::error_code ec;
    boost::json::value reference = boost::json::parse(json, ec);
    ASSERT_FALSE(ec) << json;
    ASSERT_TRUE(reference.is_object());
    LabelSet from_boost;
    for (const auto& kv : reference.get_object()) {
      from_boost.Set(std::string(kv.key()), std::string(kv.value().get_string()));
    }
    EXPECT_EQ(from_boost, labels) << json;
    EXPECT_EQ(RoundTrip(labels), labels) << json;
  }
}

TEST(LabelJson, RejectsAnythingButAnObjectOfStrings) {
  EXPECT_FALSE(LabelsFromJson("").has_value());
  EXPECT_FALSE(LabelsFromJson("[]").has_value());
  EXPECT_FALSE(LabelsFromJson(R"({"a":1})").has_value());
  EXPECT_FALSE(LabelsFromJson(R"({"a":"b")").has_value());
  EXPECT_FALSE(LabelsFromJson(R"({"a":null})").has_value());
  EXPECT_FALSE(LabelsFromJson(R"({"a":"b"} x)").has_value());
  EXPECT_FALSE(LabelsFromJson(R"({"a":"b",})").has_value());
  EXPECT_FALSE(LabelsFromJson(R"({a:"b"})").has_value());
  EXPECT_FALSE(LabelsFromJson("{\"a\":\"raw\nnewline\"}").has_value());
  EXPECT_FALSE(LabelsFromJson(R"({"a":"\q"})").has_value());
  EXPECT_FALSE(LabelsFromJson(R"({"a":"\ud83d"})").has_value());
  EXPECT_FALSE(LabelsFromJson(R"({"a":"\udea8"})").has_value());
  EXPECT_FALSE(LabelsFromJson(R"({"a":"\u12"})").has_value());
}

}  // namespace
}  // namespace klaxon::store::sqlite
