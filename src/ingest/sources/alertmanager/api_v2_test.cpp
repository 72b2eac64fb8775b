#include <string>

#include <gtest/gtest.h>

#include "ingest/sources/alertmanager/api_v2.h"

namespace klaxon::ingest::alertmanager {
namespace {

// wire-formats.md B3, "Alertmanager API v2 ingest", verbatim.
constexpr std::string_view kReferenceExample =
    R"json([{"labels":{"alertname":"HighErrorRate","service":"api","severity":"critical"},
  "annotations":{"summary":"Error rate > 5%"},
  "startsAt":"2025-08-07T09:14:22Z","endsAt":"2025-08-07T09:20:22Z","generatorURL":"http://prom:9090/graph?…"}])json";

constexpr int64_t kStartsAtMs = 1754558062000;  // 2025-08-07T09:14:22Z
constexpr int64_t kEndsAtMs = 1754558422000;    // 2025-08-07T09:20:22Z

ParseContext At(int64_t now_ms, size_t max_alerts = 10000) {
  return ParseContext{.now = FromUnixMillis(now_ms), .max_alerts = max_alerts};
}

Alert ParseOne(std::string_view body, const ParseContext& ctx) {
  auto batch = ParseApiV2(body, ctx);
  EXPECT_TRUE(batch) << (batch ? "" : batch.error().message);
  if (!batch || batch->alerts.size() != 1) {
    ADD_FAILURE() << "expected one alert";
    return Alert{};
  }
  return batch->alerts.front();
}

std::string ErrorOf(std::string_view body, const ParseContext& ctx = At(0)) {
  auto batch = ParseApiV2(body, ctx);
  EXPECT_FALSE(batch) << body;
  if (batch) return "";
  EXPECT_EQ(batch.error().code, ErrorCode::kInvalidArgument) << body;
  return batch.error().message;
}

TEST(ApiV2Test, ReferenceExampleAfterItsEndIsResolved) {
  Alert a = ParseOne(kReferenceExample, At(kEndsAtMs + 60'000));
  EXPECT_EQ(a.action, AlertAction::kResolve);
  EXPECT_EQ(
      a.labels,
      (LabelSet{{"alertname", "HighErrorRate"}, {"service", "api"}, {"severity", "critical"}}));
  EXPECT_EQ(a.annotations, (LabelSet{{"summary", "Error rate > 5%"}}));
  EXPECT_EQ(a.starts_at, FromUnixMillis(kStartsAtMs));
  EXPECT_EQ(a.ends_at, FromUnixMillis(kEndsAtMs));
  EXPECT_EQ(a.generator_url, "http://prom:9090/graph?…");
  EXPECT_EQ(a.source, "alertmanager");
  EXPECT_EQ(a.integration, "");
  EXPECT_EQ(a.external_key, "");
  EXPECT_EQ(a.fingerprint.ToHex(), "0df005333d9e37c9");
  EXPECT_EQ(a.fingerprint, FingerprintOf(a.labels));
  EXPECT_FALSE(a.refresh_expected);
}

TEST(ApiV2Test, ReferenceExampleBeforeItsEndFiresWithKnownEnd) {
  Alert a = ParseOne(kReferenceExample, At(kStartsAtMs + 1000));
  EXPECT_EQ(a.action, AlertAction::kFire);
  EXPECT_EQ(a.ends_at, FromUnixMillis(kEndsAtMs));
  EXPECT_FALSE(a.refresh_expected);
}

TEST(ApiV2Test, EndsAtExactlyNowResolves) {
  Alert a = ParseOne(kReferenceExample, At(kEndsAtMs));
  EXPECT_EQ(a.action, AlertAction::kResolve);
}

TEST(ApiV2Test, NoEndsAtFiresAndExpectsRefresh) {
  for (std::string_view body : {R"([{"labels":{"alertname":"A"}}])",
                                R"([{"labels":{"alertname":"A"},"endsAt":"0001-01-01T00:00:00Z"}])",
                                R"([{"labels":{"alertname":"A"},"endsAt":null}])"}) {
    Alert a = ParseOne(body, At(kEndsAtMs));
    EXPECT_EQ(a.action, AlertAction::kFire) << body;
    EXPECT_TRUE(a.refresh_expected) << body;
    EXPECT_EQ(a.ends_at, std::nullopt) << body;
    EXPECT_EQ(a.starts_at, std::nullopt) << body;
    EXPECT_EQ(a.annotations, LabelSet{});
    EXPECT_EQ(a.generator_url, "");
  }
}

TEST(ApiV2Test, ZeroStartsAtIsUnset) {
  Alert a = ParseOne(R"([{"labels":{"alertname":"A"},"startsAt":"0001-01-01T00:00:00Z"}])", At(0));
  EXPECT_EQ(a.starts_at, std::nullopt);
}

TEST(ApiV2Test, EqualLabelSetsGiveEqualFingerprints) {
  auto batch = ParseApiV2(
      R"([{"labels":{"severity":"critical","alertname":"HighErrorRate","service":"api"}},
          {"labels":{"alertname":"HighErrorRate","service":"api","severity":"critical","x":""}},
          {"labels":{"alertname":"HighErrorRate","service":"web","severity":"critical"}}])",
      At(0));
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->alerts.size(), 3u);
  EXPECT_EQ(batch->alerts[0].fingerprint.ToHex(), "0df005333d9e37c9");
  EXPECT_EQ(batch->alerts[0].fingerprint, batch->alerts[1].fingerprint);
  EXPECT_NE(batch->alerts[0].fingerprint, batch->alerts[2].fingerprint);
}

TEST(ApiV2Test, EmptyArrayIsAnEmptyBatch) {
  auto batch = ParseApiV2("[]", At(0));
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->alerts.empty());
  EXPECT_EQ(batch->routing_key, "");
}

TEST(ApiV2Test, IgnoresUnknownMembers) {
  Alert a =
      ParseOne(R"([{"labels":{"alertname":"A"},"status":{"state":"x"},"receivers":[1]}])", At(0));
  EXPECT_EQ(a.labels, (LabelSet{{"alertname", "A"}}));
}

TEST(ApiV2Test, RefusesMalformedAlertsWithTheirPath) {
  EXPECT_EQ(ErrorOf(R"({"labels":{"alertname":"A"}})"),
            "alerts: expected an array of alerts, got object");
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A"}}, "x"])"),
            "alerts[1]: expected an alert object, got string");
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A"}},{"annotations":{}}])"),
            "alerts[1].labels: required: an object of strings");
  EXPECT_EQ(ErrorOf(R"([{"labels":{}}])"),
            "alerts[0].labels: at least one label with a non-empty value is required");
  EXPECT_EQ(ErrorOf(R"([{"labels":["alertname","A"]}])"),
            "alerts[0].labels: expected an object of strings, got array");
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A","code":500}}])"),
            "alerts[0].labels.code: expected a string, got number");
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A","http.code":"500"}}])"),
            "alerts[0].labels: invalid label name \"http.code\" (must match "
            "[a-zA-Z_][a-zA-Z0-9_]*)");
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A"},"annotations":"x"}])"),
            "alerts[0].annotations: expected an object of strings, got string");
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A"},"startsAt":"2025-13-01T00:00:00Z"}])"),
            "alerts[0].startsAt: invalid timestamp \"2025-13-01T00:00:00Z\": expected RFC 3339 "
            "such as 2025-08-07T09:14:22Z");
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A"},"endsAt":1754558062}])"),
            "alerts[0].endsAt: expected an RFC 3339 timestamp string, got number");
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A"},"generatorURL":42}])"),
            "alerts[0].generatorURL: expected a string, got number");
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A"},"startsAt":"2025-08-07T09:20:22Z",
                        "endsAt":"2025-08-07T09:14:22Z"}])"),
            "alerts[0].endsAt: before startsAt");
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A"}}])"
                    "x"),
            "body is not valid JSON (extra data at byte 30)");
}

TEST(ApiV2Test, RefusesMoreThanMaxAlerts) {
  auto batch =
      ParseApiV2(R"([{"labels":{"a":"1"}},{"labels":{"a":"2"}},{"labels":{"a":"3"}}])", At(0, 2));
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(batch.error().message, "alerts: 3 alerts in one request; at most 2");
  EXPECT_TRUE(ParseApiV2(R"([{"labels":{"a":"1"}},{"labels":{"a":"2"}}])", At(0, 2)));
}

TEST(ApiV2Test, RefusesTooManyLabelsAndLongValues) {
  std::string labels;
  for (int i = 0; i < 257; ++i) labels += (i ? ",\"l" : "\"l") + std::to_string(i) + "\":\"v\"";
  EXPECT_EQ(ErrorOf("[{\"labels\":{" + labels + "}}]"),
            "alerts[0].labels: too many labels (257; at most 256)");
  std::string long_value(64 * 1024 + 1, 'x');
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A"},"annotations":{"d":")" + long_value + "\"}}]"),
            "alerts[0].annotations.d: value too long (65537 bytes; at most 65536)");
}

}  // namespace
}  // namespace klaxon::ingest::alertmanager
