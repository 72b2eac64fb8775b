#include <string>

#include <gtest/gtest.h>

#include "ingest/sources/generic/generic.h"

namespace klaxon::ingest::generic {
namespace {

constexpr int64_t kNowMs = 1754559000000;  // 2025-08-07T09:30:00Z

ParseContext Now(size_t max_alerts = 10000) {
  return ParseContext{.now = FromUnixMillis(kNowMs), .max_alerts = max_alerts};
}

std::vector<Alert> ParseAll(std::string_view body) {
  auto batch = Parse(body, Now());
  EXPECT_TRUE(batch) << (batch ? "" : batch.error().message);
  return batch ? batch->alerts : std::vector<Alert>{};
}

Alert ParseOne(std::string_view body) {
  auto alerts = ParseAll(body);
  if (alerts.size() != 1) {
    ADD_FAILURE() << "expected one alert, got " << alerts.size();
    return Alert{};
  }
  return alerts.front();
}

std::string ErrorOf(std::string_view body) {
  auto batch = Parse(body, Now());
  EXPECT_FALSE(batch) << body;
  if (batch) return "";
  EXPECT_EQ(batch.error().code, ErrorCode::kInvalidArgument) << body;
  return batch.error().message;
}

// The bodies of the curl examples in docs/ingest.md, verbatim.
TEST(GenericTest, DocsMinimalExample) {
  Alert a = ParseOne(R"({"name":"BackupFailed","summary":"Nightly backup of db-1 failed"})");
  EXPECT_EQ(a.action, AlertAction::kFire);
  EXPECT_EQ(a.labels, (LabelSet{{"alertname", "BackupFailed"}}));
  EXPECT_EQ(a.annotations, (LabelSet{{"summary", "Nightly backup of db-1 failed"}}));
  EXPECT_EQ(a.starts_at, std::nullopt);
  EXPECT_EQ(a.ends_at, std::nullopt);
  EXPECT_EQ(a.source, "generic");
  EXPECT_EQ(a.external_key, "");
  EXPECT_EQ(a.fingerprint, FingerprintOf(LabelSet{{"alertname", "BackupFailed"}}));
  EXPECT_FALSE(a.refresh_expected);
}

TEST(GenericTest, DocsFullExample) {
  Alert a = ParseOne(R"json({"labels":{"alertname":"DiskFull","host":"db-1","severity":"critical"},
 "annotations":{"summary":"/var is 97% full","runbook_url":"https://wiki.example/disk"},
 "starts_at":"2025-08-07T09:14:22Z","generator_url":"https://nagios.example/db-1"})json");
  EXPECT_EQ(a.action, AlertAction::kFire);
  EXPECT_EQ(a.labels,
            (LabelSet{{"alertname", "DiskFull"}, {"host", "db-1"}, {"severity", "critical"}}));
  EXPECT_EQ(a.annotations, (LabelSet{{"summary", "/var is 97% full"},
                                     {"runbook_url", "https://wiki.example/disk"}}));
  EXPECT_EQ(a.starts_at, FromUnixMillis(1754558062000));
  EXPECT_EQ(a.generator_url, "https://nagios.example/db-1");
}

TEST(GenericTest, DocsDedupKeyExamples) {
  Alert fire =
      ParseOne(R"json({"name":"BackupFailed","dedup_key":"backup-nightly","severity":"warning",
 "summary":"Nightly backup of db-1 failed"})json");
  Alert resolve = ParseOne(
      R"json({"name":"BackupFailed","dedup_key":"backup-nightly","status":"resolved"})json");
  EXPECT_EQ(fire.action, AlertAction::kFire);
  EXPECT_EQ(fire.labels, (LabelSet{{"alertname", "BackupFailed"}, {"severity", "warning"}}));
  EXPECT_EQ(fire.external_key, "backup-nightly");
  EXPECT_EQ(fire.fingerprint.ToHex(), "f6a296ed151ce8c6");
  EXPECT_EQ(fire.fingerprint, FingerprintOfParts({"generic", "backup-nightly"}));
  EXPECT_EQ(resolve.action, AlertAction::kResolve);
  EXPECT_EQ(resolve.ends_at, FromUnixMillis(kNowMs));
  EXPECT_EQ(resolve.fingerprint, fire.fingerprint);
}

TEST(GenericTest, DocsBatchExample) {
  auto alerts = ParseAll(R"json({"alerts":[
  {"name":"DiskFull","labels":{"host":"db-1"},"severity":"critical"},
  {"name":"DiskFull","labels":{"host":"db-2"},"status":"resolved"}]})json");
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].labels,
            (LabelSet{{"alertname", "DiskFull"}, {"host", "db-1"}, {"severity", "critical"}}));
  EXPECT_EQ(alerts[0].action, AlertAction::kFire);
  EXPECT_EQ(alerts[1].labels, (LabelSet{{"alertname", "DiskFull"}, {"host", "db-2"}}));
  EXPECT_EQ(alerts[1].action, AlertAction::kResolve);
}

TEST(GenericTest, AllThreeShapesAgree) {
  const std::string alert = R"({"labels":{"alertname":"A","x":"1"}})";
  auto single = ParseAll(alert);
  auto array = ParseAll("[" + alert + "," + alert + "]");
  auto wrapped = ParseAll(R"({"alerts":[)" + alert + "]}");
  ASSERT_EQ(single.size(), 1u);
  ASSERT_EQ(array.size(), 2u);
  ASSERT_EQ(wrapped.size(), 1u);
  EXPECT_EQ(single[0].fingerprint, array[1].fingerprint);
  EXPECT_EQ(single[0].fingerprint, wrapped[0].fingerprint);
  EXPECT_TRUE(ParseAll("[]").empty());
  EXPECT_TRUE(ParseAll(R"({"alerts":[]})").empty());
}

TEST(GenericTest, EndsAtDecidesWhenStatusIsSilent) {
  Alert past = ParseOne(R"({"name":"A","ends_at":"2025-08-07T09:20:22Z"})");
  EXPECT_EQ(past.action, AlertAction::kResolve);
  EXPECT_EQ(past.ends_at, FromUnixMillis(1754558422000));
  Alert future = ParseOne(R"({"name":"A","ends_at":"2025-08-07T10:00:00Z"})");
  EXPECT_EQ(future.action, AlertAction::kFire);
  EXPECT_EQ(future.ends_at, FromUnixMillis(1754560800000));
  Alert resolved_later =
      ParseOne(R"({"name":"A","status":"resolved","ends_at":"2025-08-07T10:00:00Z"})");
  EXPECT_EQ(resolved_later.action, AlertAction::kResolve);
  EXPECT_EQ(resolved_later.ends_at, FromUnixMillis(kNowMs));
}

TEST(GenericTest, AcceptsCamelCaseAndLenientAnnotationValues) {
  Alert a =
      ParseOne(R"({"name":"A","startsAt":"2025-08-07T09:14:22.114Z","endsAt":"2025-08-07T10:00:00Z",
                         "generatorURL":"https://x","annotations":{"value":44.2,"count":3,"ok":true,"n":null}})");
  EXPECT_EQ(a.starts_at, FromUnixMillis(1754558062114));
  EXPECT_EQ(a.ends_at, FromUnixMillis(1754560800000));
  EXPECT_EQ(a.generator_url, "https://x");
  EXPECT_EQ(a.annotations, (LabelSet{{"value", "44.2"}, {"count", "3"}, {"ok", "true"}}));
  Alert both = ParseOne(R"({"name":"A","generator_url":"snake","generatorURL":"camel"})");
  EXPECT_EQ(both.generator_url, "snake");
}

TEST(GenericTest, ShorthandsMustAgreeWithTheirMaps) {
  Alert same = ParseOne(
      R"({"name":"A","labels":{"alertname":"A"},"summary":"s","annotations":{"summary":"s"}})");
  EXPECT_EQ(same.labels, (LabelSet{{"alertname", "A"}}));
  EXPECT_EQ(ErrorOf(R"({"name":"A","labels":{"alertname":"B"}})"),
            "name: conflicts with labels.alertname (\"A\" vs \"B\")");
  EXPECT_EQ(ErrorOf(R"([{"name":"A","severity":"info","labels":{"severity":"critical"}}])"),
            "alerts[0].severity: conflicts with labels.severity (\"info\" vs \"critical\")");
  EXPECT_EQ(ErrorOf(R"({"name":"A","description":"x","annotations":{"description":"y"}})"),
            "description: conflicts with annotations.description (\"x\" vs \"y\")");
}

TEST(GenericTest, RefusesMalformedAlertsWithTheirPath) {
  EXPECT_EQ(ErrorOf(R"("BackupFailed")"),
            "body: expected an alert object or an array of alerts, got string");
  EXPECT_EQ(ErrorOf(R"({"summary":"no name"})"),
            "labels: must include alertname (or give \"name\")");
  EXPECT_EQ(ErrorOf(R"({"labels":{"host":"db-1"}})"),
            "labels: must include alertname (or give \"name\")");
  EXPECT_EQ(ErrorOf(R"({"alerts":[{"name":"A"},{"name":"B"},{"name":"C"},{"name":42}]})"),
            "alerts[3].name: expected a string, got number");
  EXPECT_EQ(ErrorOf(R"({"alerts":[{"name":"A"},{"name":"B"},{"name":"C"},{"labels":"x"}]})"),
            "alerts[3].labels: expected an object of strings, got string");
  EXPECT_EQ(ErrorOf(R"({"name":"A","labels":{"Host Name":"x"}})"),
            "labels: invalid label name \"Host Name\" (must match [a-zA-Z_][a-zA-Z0-9_]*)");
  EXPECT_EQ(ErrorOf(R"({"name":"A","status":"ok"})"),
            "status: expected \"firing\" or \"resolved\", got \"ok\"");
  EXPECT_EQ(ErrorOf(R"({"name":"A","starts_at":"2025-08-07"})"),
            "starts_at: invalid timestamp \"2025-08-07\": expected RFC 3339 such as "
            "2025-08-07T09:14:22Z");
  EXPECT_EQ(ErrorOf(R"({"name":"A","endsAt":"nope"})"),
            "endsAt: invalid timestamp \"nope\": expected RFC 3339 such as 2025-08-07T09:14:22Z");
  EXPECT_EQ(
      ErrorOf(
          R"({"name":"A","starts_at":"2025-08-07T10:00:00Z","ends_at":"2025-08-07T09:00:00Z"})"),
      "ends_at: before starts_at");
  EXPECT_EQ(ErrorOf(R"({"name":"A","dedup_key":")" + std::string(256, 'k') + "\"}"),
            "dedup_key: too long (at most 255 characters)");
  EXPECT_EQ(ErrorOf(R"({"alerts":{"name":"A"}})"),
            "alerts: expected an array of alerts, got object");
  EXPECT_EQ(ErrorOf("[1]"), "alerts[0]: expected an alert object, got number");
}

TEST(GenericTest, RefusesMoreThanMaxAlerts) {
  auto batch = Parse(R"([{"name":"A"},{"name":"B"}])", Now(1));
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().code, ErrorCode::kTooLarge);
  EXPECT_TRUE(Parse(R"({"name":"A"})", Now(1)));
  EXPECT_EQ(Parse(R"({"name":"A"})", Now(0)).error().code, ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace klaxon::ingest::generic
