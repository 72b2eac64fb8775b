#include <string>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "ingest/sources/decode.h"

namespace klaxon::ingest::decode {
namespace {

// Parses `json` and runs `read` on its root; the Document outlives the call.
template <class F>
auto OnJson(std::string_view json, F read) {
  Document doc;
  EXPECT_TRUE(doc.Parse(json).has_value()) << json;
  return read(doc.root());
}

TEST(PathTest, PrintsMembersAndElements) {
  const Path root{nullptr, "alerts"};
  const Path item = root.Element(3);
  EXPECT_EQ(item.Member("labels").ToString(), "alerts[3].labels");
  EXPECT_EQ(item.Member("labels").Member("instance").ToString(), "alerts[3].labels.instance");
  EXPECT_EQ(Path{}.ToString(), "body");
  EXPECT_EQ(Path{}.Member("labels").ToString(), "labels");
  EXPECT_EQ(Path{}.Element(0).ToString(), "[0]");
}

TEST(QuoteTest, EscapesAndTruncatesOnCharacterBoundary) {
  EXPECT_EQ(Quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
  std::string long_text(63, 'x');
  long_text += "\xc3\xa9";  // é straddles byte 64
  long_text += "tail";
  EXPECT_EQ(Quote(long_text), "\"" + std::string(63, 'x') + "...\"");
}

TEST(DocumentTest, ReportsWhereJsonBreaks) {
  Document doc;
  auto bad = doc.Parse(R"({"a": [1, 2,, 3]})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "body is not valid JSON (syntax error at byte 12)");
}

TEST(DocumentTest, RefusesEmptyTrailingDataInvalidUtf8AndDeepNesting) {
  Document a, b, c, d, e;
  EXPECT_EQ(a.Parse("").error().message, "body is not valid JSON (empty body)");
  EXPECT_EQ(b.Parse(" \n").error().message, "body is not valid JSON (empty body)");
  EXPECT_FALSE(c.Parse("{} {}"));
  EXPECT_FALSE(d.Parse("[\"\xff\xfe\"]"));
  std::string deep = std::string(kMaxDepth + 1, '[') + std::string(kMaxDepth + 1, ']');
  EXPECT_FALSE(e.Parse(deep));
  Document f;
  std::string ok = std::string(kMaxDepth, '[') + std::string(kMaxDepth, ']');
  EXPECT_TRUE(f.Parse(ok));
}

TEST(DocumentTest, HoldsLargeDocumentsBeyondItsBuffer) {
  std::string json = "[";
  for (int i = 0; i < 5000; ++i) json += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  json += "]";
  Document doc;
  ASSERT_TRUE(doc.Parse(json));
  ASSERT_EQ(doc.root().as_array().size(), 5000u);
  EXPECT_EQ(doc.root().as_array()[4999].as_string(), "4999");
}

TEST(ReadLabelsTest, SortsAndDropsEmptyValues) {
  auto labels = OnJson(R"({"b":"2","a":"1","empty":""})", [](const boost::json::value& v) {
    return ReadLabels(&v, Path{nullptr, "labels"});
  });
  ASSERT_TRUE(labels) << labels.error().message;
  EXPECT_EQ(*labels, (LabelSet{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(labels->pairs().front().first, "a");
}

TEST(ReadLabelsTest, RefusesWhatCannotBeAnIdentity) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"([])", "x.labels: expected an object of strings, got array"},
      {R"({})", "x.labels: at least one label with a non-empty value is required"},
      {R"({"a":""})", "x.labels: at least one label with a non-empty value is required"},
      {R"({"a":1})", "x.labels.a: expected a string, got number"},
      {R"({"a":null})", "x.labels.a: expected a string, got null"},
      {R"({"a":{"b":"c"}})", "x.labels.a: expected a string, got object"},
      {R"({"bad-name":"v"})",
       "x.labels: invalid label name \"bad-name\" (must match [a-zA-Z_][a-zA-Z0-9_]*)"},
      {R"({"1st":"v"})",
       "x.labels: invalid label name \"1st\" (must match [a-zA-Z_][a-zA-Z0-9_]*)"},
      {R"({"":"v"})", "x.labels: invalid label name \"\" (must match [a-zA-Z_][a-zA-Z0-9_]*)"},
  };
  const Path root{nullptr, "x"};
  for (const Case& c : cases) {
    auto labels = OnJson(
        c.json, [&](const boost::json::value& v) { return ReadLabels(&v, root.Member("labels")); });
    ASSERT_FALSE(labels) << c.json;
    EXPECT_EQ(labels.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(labels.error().message, c.message) << c.json;
  }
  EXPECT_EQ(ReadLabels(nullptr, root.Member("labels")).error().message,
            "x.labels: required: an object of strings");
}

TEST(ReadLabelsTest, EnforcesCountAndValueLimits) {
  std::string many = "{";
  for (size_t i = 0; i <= kMaxPairs; ++i)
    many += (i ? ",\"l" : "\"l") + std::to_string(i) + "\":\"v\"";
  many += "}";
  auto too_many = OnJson(many, [](const boost::json::value& v) { return ReadLabels(&v, Path{}); });
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().message, "body: too many labels (257; at most 256)");

  std::string at_limit = R"({"a":")" + std::string(kMaxValueBytes, 'v') + "\"}";
  EXPECT_TRUE(OnJson(at_limit, [](const boost::json::value& v) { return ReadLabels(&v, Path{}); }));
  std::string over = R"({"a":")" + std::string(kMaxValueBytes + 1, 'v') + "\"}";
  auto long_value =
      OnJson(over, [](const boost::json::value& v) { return ReadLabels(&v, Path{}); });
  ASSERT_FALSE(long_value);
  EXPECT_EQ(long_value.error().message, "a: value too long (65537 bytes; at most 65536)");
}

TEST(ReadAnnotationsTest, StringifiesScalarsAndSkipsNulls) {
  auto annotations = OnJson(
      R"({"s":"text","empty":"","i":-3,"u":18446744073709551615,"d":44.2,"t":true,"f":false,"n":null})",
      [](const boost::json::value& v) { return ReadAnnotations(&v, Path{}); });
  ASSERT_TRUE(annotations) << annotations.error().message;
  EXPECT_EQ(*annotations, (LabelSet{{"s", "text"},
                                    {"empty", ""},
                                    {"i", "-3"},
                                    {"u", "18446744073709551615"},
                                    {"d", "44.2"},
                                    {"t", "true"},
                                    {"f", "false"}}));
  EXPECT_TRUE(ReadAnnotations(nullptr, Path{})->empty());
}

TEST(ReadAnnotationsTest, RefusesStructuresHugeNumbersAndBadNames) {
  auto read = [](const char* json) {
    return OnJson(json, [](const boost::json::value& v) {
      return ReadAnnotations(&v, Path{nullptr, "annotations"});
    });
  };
  EXPECT_EQ(read(R"({"a":[1]})").error().message,
            "annotations.a: expected a string, number or boolean, got array");
  EXPECT_EQ(read(R"({"a":1e999})").error().message, "annotations.a: number out of range");
  EXPECT_EQ(read(R"({"runbook-url":"x"})").error().message,
            "annotations: invalid annotation name \"runbook-url\" (must match "
            "[a-zA-Z_][a-zA-Z0-9_]*)");
  EXPECT_EQ(read(R"("x")").error().message,
            "annotations: expected an object of strings, got string");
}

TEST(ReadTimeTest, ParsesExactMillisecondsAndTreatsZeroAsUnset) {
  auto read = [](const char* json) {
    return OnJson(json, [](const boost::json::value& v) {
      return ReadTime(&v, Path{nullptr, "startsAt"});
    });
  };
  EXPECT_EQ(*read(R"("2025-08-07T09:14:22.114Z")"), FromUnixMillis(1754558062114));
  EXPECT_EQ(*read(R"("2025-08-07T11:14:22.114+02:00")"), FromUnixMillis(1754558062114));
  EXPECT_EQ(*read(R"("2025-07-17T08:42:58.315+0000")"), FromUnixMillis(1752741778315));
  EXPECT_EQ(*read(R"("0001-01-01T00:00:00Z")"), std::nullopt);
  EXPECT_EQ(*read(R"("")"), std::nullopt);
  EXPECT_EQ(*ReadTime(nullptr, Path{}), std::nullopt);
  auto bad = read(R"("yesterday")");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "startsAt: invalid timestamp \"yesterday\": expected RFC 3339 such as "
            "2025-08-07T09:14:22Z");
  EXPECT_EQ(read("1754558062").error().message,
            "startsAt: expected an RFC 3339 timestamp string, got number");
}

TEST(ReadAlertArrayTest, RefusesNonArraysAndTooManyAlerts) {
  ParseContext ctx{.now = FromUnixMillis(0), .max_alerts = 2};
  const Path root{nullptr, "alerts"};
  auto check = [&](const char* json) {
    return OnJson(json, [&](const boost::json::value& v) {
      auto array = ReadAlertArray(v, root, ctx);
      return array ? Result<size_t>((*array)->size()) : Result<size_t>(Fail(array.error()));
    });
  };
  EXPECT_EQ(*check("[1,2]"), 2u);
  auto too_many = check("[1,2,3]");
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(too_many.error().message, "alerts: 3 alerts in one request; at most 2");
  EXPECT_EQ(check("{}").error().message, "alerts: expected an array of alerts, got object");
}

TEST(Utf8LengthTest, CountsCodePoints) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\xa5"), 3u);  // é € 🔥
}

}  // namespace
}  // namespace klaxon::ingest::decode
