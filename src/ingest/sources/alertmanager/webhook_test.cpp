#include <string>

#include <gtest/gtest.h>

#include "ingest/sources/alertmanager/webhook.h"

namespace klaxon::ingest::alertmanager {
namespace {

// wire-formats.md B3, "Webhook receiver", verbatim.
constexpr std::string_view kReferenceExample =
    R"json({"version":"4","groupKey":"{}/{severity=\"critical\"}:{alertname=\"HighErrorRate\"}","truncatedAlerts":0,
 "status":"firing","receiver":"klaxon","notification_reason":"first notification",
 "groupLabels":{"alertname":"HighErrorRate"},
 "commonLabels":{"alertname":"HighErrorRate","severity":"critical","service":"api"},
 "commonAnnotations":{"summary":"Error rate > 5%","runbook_url":"https://rb/…"},
 "externalURL":"https://alertmanager.example",
 "alerts":[{"status":"firing","labels":{"alertname":"HighErrorRate","instance":"api-1:9100","severity":"critical"},
   "annotations":{"summary":"Error rate > 5%"},"startsAt":"2025-08-07T09:14:22.114Z",
   "endsAt":"0001-01-01T00:00:00Z","generatorURL":"https://prom/graph?g0.expr=…","fingerprint":"3f8c1a2b9d4e5f60"}]})json";

// A Grafana unified-alerting body (wire-formats.md B5): version "1" plus
// Grafana's extra members, which are ignored.
constexpr std::string_view kGrafanaExample =
    R"json({"receiver":"klaxon","status":"resolved","orgId":1,
 "alerts":[{"status":"resolved","labels":{"alertname":"CPUHigh","grafana_folder":"Infra","instance":"db-1"},
   "annotations":{"summary":"CPU at 95%","__dashboardUid__":"abc","__panelId__":"2"},
   "startsAt":"2025-08-07T09:14:22.114Z","endsAt":"2025-08-07T09:20:22Z",
   "generatorURL":"https://grafana.example/alerting/grafana/abc/view","fingerprint":"57c6d9296de2ad39",
   "silenceURL":"https://grafana.example/alerting/silence/new","dashboardURL":"","panelURL":"",
   "values":{"B":44.2,"C":1},"valueString":"[ var='B' labels={} value=44.2 ]"}],
 "groupLabels":{"alertname":"CPUHigh"},"commonLabels":{"alertname":"CPUHigh"},"commonAnnotations":{},
 "externalURL":"https://grafana.example/","version":"1","groupKey":"{}:{alertname=\"CPUHigh\"}",
 "truncatedAlerts":0,"title":"[RESOLVED] CPUHigh Infra (db-1)","state":"ok","message":"**Resolved**"})json";

constexpr int64_t kStartsAtMs = 1754558062114;  // 2025-08-07T09:14:22.114Z
constexpr int64_t kEndsAtMs = 1754558422000;    // 2025-08-07T09:20:22Z
constexpr int64_t kNowMs = 1754559000000;       // 2025-08-07T09:30:00Z

ParseContext Now(int64_t now_ms = kNowMs, size_t max_alerts = 10000) {
  return ParseContext{.now = FromUnixMillis(now_ms), .max_alerts = max_alerts};
}

std::string ErrorOf(std::string_view body) {
  auto batch = ParseWebhook(body, Now());
  EXPECT_FALSE(batch) << body;
  if (batch) return "";
  EXPECT_EQ(batch.error().code, ErrorCode::kInvalidArgument) << body;
  return batch.error().message;
}

TEST(WebhookTest, ReferenceExample) {
  auto batch = ParseWebhook(kReferenceExample, Now());
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->alerts.size(), 1u);
  const Alert& a = batch->alerts[0];
  EXPECT_EQ(a.action, AlertAction::kFire);
  EXPECT_EQ(a.labels, (LabelSet{{"alertname", "HighErrorRate"},
                                {"instance", "api-1:9100"},
                                {"severity", "critical"}}));
  EXPECT_EQ(a.annotations, (LabelSet{{"summary", "Error rate > 5%"}}));
  EXPECT_EQ(a.starts_at, FromUnixMillis(kStartsAtMs));
  EXPECT_EQ(a.ends_at, std::nullopt);
  EXPECT_EQ(a.generator_url, "https://prom/graph?g0.expr=…");
  EXPECT_EQ(a.source, "alertmanager-webhook");
  EXPECT_EQ(a.external_key, "");
  EXPECT_FALSE(a.refresh_expected);
  // Computed from the labels, never taken from the sender.
  EXPECT_EQ(a.fingerprint.ToHex(), "ae99e28e34f223cb");
  EXPECT_EQ(a.fingerprint, FingerprintOf(a.labels));
  EXPECT_NE(a.fingerprint, *Fingerprint::FromHex("3f8c1a2b9d4e5f60"));
  EXPECT_EQ(batch->routing_key, "");
}

TEST(WebhookTest, GrafanaVersionOneResolved) {
  auto batch = ParseWebhook(kGrafanaExample, Now());
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->alerts.size(), 1u);
  const Alert& a = batch->alerts[0];
  EXPECT_EQ(a.action, AlertAction::kResolve);
  EXPECT_EQ(
      a.labels,
      (LabelSet{{"alertname", "CPUHigh"}, {"grafana_folder", "Infra"}, {"instance", "db-1"}}));
  EXPECT_EQ(
      a.annotations,
      (LabelSet{{"summary", "CPU at 95%"}, {"__dashboardUid__", "abc"}, {"__panelId__", "2"}}));
  EXPECT_EQ(a.starts_at, FromUnixMillis(kStartsAtMs));
  EXPECT_EQ(a.ends_at, FromUnixMillis(kEndsAtMs));
  EXPECT_EQ(a.generator_url, "https://grafana.example/alerting/grafana/abc/view");
}

TEST(WebhookTest, MixedBodyTakesEachAlertsOwnStatus) {
  auto batch = ParseWebhook(R"json({"version":"4","status":"firing","alerts":[
      {"status":"firing","labels":{"alertname":"A"},"endsAt":"2025-08-07T09:40:00Z"},
      {"status":"resolved","labels":{"alertname":"B"},"endsAt":"2025-08-07T09:20:22Z"},
      {"status":"resolved","labels":{"alertname":"C"},"endsAt":"0001-01-01T00:00:00Z"},
      {"status":"resolved","labels":{"alertname":"D"},"endsAt":"2025-08-07T10:00:00Z"},
      {"labels":{"alertname":"E"}}]})json",
                            Now());
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->alerts.size(), 5u);
  const auto& alerts = batch->alerts;
  // Firing: the status wins; Alertmanager's endsAt estimate is dropped.
  EXPECT_EQ(alerts[0].action, AlertAction::kFire);
  EXPECT_EQ(alerts[0].ends_at, std::nullopt);
  EXPECT_EQ(alerts[1].action, AlertAction::kResolve);
  EXPECT_EQ(alerts[1].ends_at, FromUnixMillis(kEndsAtMs));
  // Resolved without an end, or with one in the future (skew): ends now.
  EXPECT_EQ(alerts[2].action, AlertAction::kResolve);
  EXPECT_EQ(alerts[2].ends_at, FromUnixMillis(kNowMs));
  EXPECT_EQ(alerts[3].action, AlertAction::kResolve);
  EXPECT_EQ(alerts[3].ends_at, FromUnixMillis(kNowMs));
  // No per-alert status: the group's.
  EXPECT_EQ(alerts[4].action, AlertAction::kFire);
}

TEST(WebhookTest, GroupStatusIsOnlyAFallback) {
  auto batch = ParseWebhook(
      R"({"status":"resolved","alerts":[{"labels":{"alertname":"A"}},
          {"status":"firing","labels":{"alertname":"B"}}]})",
      Now());
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->alerts[0].action, AlertAction::kResolve);
  EXPECT_EQ(batch->alerts[1].action, AlertAction::kFire);
}

TEST(WebhookTest, EmptyAlertsIsAnEmptyBatch) {
  auto batch = ParseWebhook(R"({"version":"4","status":"resolved","alerts":[]})", Now());
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->alerts.empty());
}

TEST(WebhookTest, RefusesMalformedBodies) {
  EXPECT_EQ(ErrorOf(R"([{"labels":{"alertname":"A"}}])"),
            "body: expected a webhook object, got array");
  EXPECT_EQ(ErrorOf(R"({"version":"4","status":"firing"})"),
            "alerts: required: an array of alerts");
  EXPECT_EQ(ErrorOf(R"({"version":"4","alerts":{}})"),
            "alerts: expected an array of alerts, got object");
  EXPECT_EQ(ErrorOf(R"({"version":"5","alerts":[]})"),
            "version: unsupported webhook version \"5\" (expected \"4\", or \"1\" from Grafana)");
  EXPECT_EQ(ErrorOf(R"({"version":4,"alerts":[]})"),
            "version: unsupported webhook version number (expected \"4\", or \"1\" from Grafana)");
  EXPECT_EQ(ErrorOf(R"({"status":"pending","alerts":[]})"),
            "status: expected \"firing\" or \"resolved\", got \"pending\"");
  EXPECT_EQ(ErrorOf(R"({"alerts":[{"status":"FIRING","labels":{"alertname":"A"}}]})"),
            "alerts[0].status: expected \"firing\" or \"resolved\", got \"FIRING\"");
  EXPECT_EQ(ErrorOf(R"({"alerts":[{"labels":{"alertname":"A"}}]})"),
            "alerts[0].status: required: \"firing\" or \"resolved\"");
  EXPECT_EQ(
      ErrorOf(
          R"({"status":"firing","alerts":[{"labels":{"alertname":"A"}},{"labels":{"alertname":7}}]})"),
      "alerts[1].labels.alertname: expected a string, got number");
  EXPECT_EQ(
      ErrorOf(R"({"status":"firing","alerts":[{"labels":{"alertname":"A"},"startsAt":"now"}]})"),
      "alerts[0].startsAt: invalid timestamp \"now\": expected RFC 3339 such as "
      "2025-08-07T09:14:22Z");
}

TEST(WebhookTest, RefusesMoreThanMaxAlerts) {
  auto batch =
      ParseWebhook(R"({"status":"firing","alerts":[{"labels":{"a":"1"}},{"labels":{"a":"2"}}]})",
                   Now(kNowMs, 1));
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().code, ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace klaxon::ingest::alertmanager
