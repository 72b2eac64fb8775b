#include <set>
#include <string>

#include <gtest/gtest.h>

#include "ingest/sources/pagerduty/events_v2.h"

namespace klaxon::ingest::pagerduty {
namespace {

// wire-formats.md B1, verbatim: the trigger example and the resolve example.
constexpr std::string_view kTriggerExample =
    R"json({"routing_key":"e93facc04764012d7bfb002500d5d1a6","event_action":"trigger","dedup_key":"klaxon/inc-42",
 "payload":{"summary":"SEV1: api p99 > 2s","source":"api-1.prod","severity":"critical",
  "timestamp":"2025-07-17T08:42:58.315+0000","component":"api","group":"prod","class":"latency",
  "custom_details":{"runbook":"rb-api-latency"}},
 "client":"klaxon","client_url":"https://klaxon.example/inc/42",
 "links":[{"href":"https://klaxon.example/inc/42","text":"Incident"}]})json";
constexpr std::string_view kResolveExample =
    R"json({"routing_key":"…","dedup_key":"klaxon/inc-42","event_action":"resolve"})json";

constexpr std::string_view kRoutingKey = "e93facc04764012d7bfb002500d5d1a6";
constexpr int64_t kNowMs = 1754559000000;  // 2025-08-07T09:30:00Z
const ParseContext kCtx{.now = FromUnixMillis(kNowMs)};

std::string FixedKey() { return "0123456789abcdef0123456789abcdef"; }

Alert DecodeOne(std::string_view body) {
  auto batch = DecodeEventsV2(body, kCtx, &FixedKey);
  if (!batch) {
    std::string all;
    for (const auto& e : batch.error().errors) all += e + "\n";
    ADD_FAILURE() << all;
    return Alert{};
  }
  EXPECT_EQ(batch->alerts.size(), 1u);
  return batch->alerts.front();
}

std::vector<std::string> ErrorsOf(std::string_view body) {
  auto batch = DecodeEventsV2(body, kCtx, &FixedKey);
  EXPECT_FALSE(batch) << body;
  if (batch) return {};
  EXPECT_EQ(batch.error().code, ErrorCode::kInvalidArgument);
  return batch.error().errors;
}

// A trigger body with `payload` spliced in.
std::string Trigger(std::string_view payload, std::string_view extra = "") {
  return std::string(
             R"({"routing_key":"rk","event_action":"trigger","dedup_key":"d1","payload":)") +
         std::string(payload) + std::string(extra) + "}";
}

TEST(EventsV2Test, ReferenceTriggerExample) {
  auto batch = DecodeEventsV2(kTriggerExample, kCtx, &FixedKey);
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->routing_key, kRoutingKey);
  ASSERT_EQ(batch->alerts.size(), 1u);
  const Alert& a = batch->alerts[0];
  EXPECT_EQ(a.action, AlertAction::kFire);
  EXPECT_EQ(a.labels, (LabelSet{{"alertname", "latency"},
                                {"component", "api"},
                                {"dedup_key", "klaxon/inc-42"},
                                {"group", "prod"},
                                {"severity", "critical"},
                                {"source", "api-1.prod"}}));
  EXPECT_EQ(
      a.annotations,
      (LabelSet{{"summary", "SEV1: api p99 > 2s"},
                {"client", "klaxon"},
                {"client_url", "https://klaxon.example/inc/42"},
                {"custom_details", R"({"runbook":"rb-api-latency"})"},
                {"links", R"([{"href":"https://klaxon.example/inc/42","text":"Incident"}])"}}));
  EXPECT_EQ(a.starts_at, FromUnixMillis(1752741778315));  // 2025-07-17T08:42:58.315Z
  EXPECT_EQ(a.ends_at, std::nullopt);
  EXPECT_EQ(a.generator_url, "https://klaxon.example/inc/42");
  EXPECT_EQ(a.source, "pagerduty");
  EXPECT_EQ(a.external_key, "klaxon/inc-42");
  EXPECT_EQ(a.fingerprint.ToHex(), "8e65ef7cf571df57");
  EXPECT_EQ(a.fingerprint, FingerprintOfParts({"pagerduty", kRoutingKey, "klaxon/inc-42"}));
  EXPECT_FALSE(a.refresh_expected);
}

TEST(EventsV2Test, ReferenceResolveExample) {
  auto batch = DecodeEventsV2(kResolveExample, kCtx, &FixedKey);
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->routing_key, "…");
  const Alert& a = batch->alerts.at(0);
  EXPECT_EQ(a.action, AlertAction::kResolve);
  EXPECT_EQ(a.labels, (LabelSet{{"alertname", "PagerDutyEvent"}, {"dedup_key", "klaxon/inc-42"}}));
  EXPECT_TRUE(a.annotations.empty());
  EXPECT_EQ(a.ends_at, FromUnixMillis(kNowMs));
  EXPECT_EQ(a.external_key, "klaxon/inc-42");
  EXPECT_EQ(a.fingerprint.ToHex(), "896919b75c1532c2");
}

TEST(EventsV2Test, FollowUpsShareTheTriggersIdentity) {
  Alert trigger = DecodeOne(kTriggerExample);
  Alert ack = DecodeOne(
      R"({"routing_key":"e93facc04764012d7bfb002500d5d1a6","dedup_key":"klaxon/inc-42","event_action":"acknowledge"})");
  Alert resolve = DecodeOne(
      R"({"routing_key":"e93facc04764012d7bfb002500d5d1a6","dedup_key":"klaxon/inc-42","event_action":"resolve",
          "payload":{"severity":"bogus"}})");
  Alert other_key = DecodeOne(
      R"({"routing_key":"another-integration-key","dedup_key":"klaxon/inc-42","event_action":"resolve"})");
  EXPECT_EQ(ack.action, AlertAction::kAcknowledge);
  EXPECT_EQ(ack.ends_at, std::nullopt);
  EXPECT_EQ(resolve.action, AlertAction::kResolve);
  EXPECT_EQ(ack.fingerprint, trigger.fingerprint);
  EXPECT_EQ(resolve.fingerprint, trigger.fingerprint);
  EXPECT_NE(other_key.fingerprint, trigger.fingerprint);
}

TEST(EventsV2Test, AcknowledgeAndResolveNeedADedupKey) {
  for (std::string_view action : {"acknowledge", "resolve"}) {
    std::string body = R"({"routing_key":"rk","event_action":")" + std::string(action) + "\"}";
    EXPECT_EQ(ErrorsOf(body), std::vector<std::string>{"'dedup_key' is missing or blank"});
    body = R"({"routing_key":"rk","dedup_key":"  ","event_action":")" + std::string(action) + "\"}";
    EXPECT_EQ(ErrorsOf(body), std::vector<std::string>{"'dedup_key' is missing or blank"});
  }
}

TEST(EventsV2Test, TriggerWithoutDedupKeyGetsAFreshOne) {
  std::string body = R"({"routing_key":"rk","event_action":"trigger",
      "payload":{"summary":"s","source":"h","severity":"info"}})";
  Alert a = DecodeOne(body);
  EXPECT_EQ(a.external_key, FixedKey());
  EXPECT_EQ(a.labels.GetOr("dedup_key"), FixedKey());
  EXPECT_EQ(a.fingerprint, FingerprintOfParts({"pagerduty", "rk", FixedKey()}));
  EXPECT_EQ(a.labels.GetOr("alertname"), "PagerDutyEvent");

  // The registered ParseFn uses random keys: 32 lowercase hex digits, fresh each time.
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto batch = ParseEventsV2(body, kCtx);
    ASSERT_TRUE(batch);
    const std::string& key = batch->alerts.at(0).external_key;
    ASSERT_EQ(key.size(), 32u);
    EXPECT_EQ(key.find_first_not_of("0123456789abcdef"), std::string::npos) << key;
    seen.insert(key);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(EventsV2Test, SeverityIsCaseSensitive) {
  const std::string invalid =
      "'payload.severity' is invalid (must be one of the following: 'critical', 'warning', "
      "'error' or 'info')";
  for (std::string_view severity : {"Critical", "CRITICAL", "high", "warn", ""}) {
    std::string payload =
        R"({"summary":"s","source":"h","severity":")" + std::string(severity) + "\"}";
    std::string expected = severity.empty() ? "'payload.severity' is missing or blank" : invalid;
    EXPECT_EQ(ErrorsOf(Trigger(payload)), std::vector<std::string>{expected}) << severity;
  }
  for (std::string_view severity : {"critical", "error", "warning", "info"}) {
    std::string payload =
        R"({"summary":"s","source":"h","severity":")" + std::string(severity) + "\"}";
    EXPECT_EQ(DecodeOne(Trigger(payload)).labels.GetOr("severity"), severity);
  }
}

TEST(EventsV2Test, CollectsEveryProblemLikePagerDuty) {
  EXPECT_EQ(
      ErrorsOf(R"({"event_action":"trigger","payload":{"severity":"Critical","timestamp":"soon",
                         "component":7},"links":[{"text":"no href"}],"images":[{"alt":"no src"}],
                         "client":false})"),
      (std::vector<std::string>{
          "'routing_key' is missing or blank",
          "'payload.summary' is missing or blank",
          "'payload.source' is missing or blank",
          "'payload.severity' is invalid (must be one of the following: 'critical', "
          "'warning', 'error' or 'info')",
          "'payload.timestamp' is invalid (must be an ISO 8601 timestamp such as "
          "2025-07-17T08:42:58.315+0000)",
          "'payload.component' must be a string",
          "'client' must be a string",
          "'links[0].href' is missing or blank",
          "'images[0].src' is missing or blank",
      }));
  EXPECT_EQ(ErrorsOf(R"({"routing_key":"rk"})"),
            std::vector<std::string>{"'event_action' is missing or blank"});
  EXPECT_EQ(ErrorsOf(R"({"routing_key":"rk","event_action":"Trigger"})"),
            std::vector<std::string>{"'event_action' is invalid (must be one of the following: "
                                     "'trigger', 'acknowledge' or 'resolve')"});
  EXPECT_EQ(
      ErrorsOf(R"({"routing_key":42,"event_action":"trigger","payload":"x"})"),
      (std::vector<std::string>{"'routing_key' must be a string", "'payload' must be an object"}));
  EXPECT_EQ(ErrorsOf(R"({"routing_key":"rk","event_action":"trigger"})"),
            std::vector<std::string>{"'payload' is missing or blank"});
}

TEST(EventsV2Test, ToErrorJoinsTheList) {
  auto batch = ParseEventsV2(R"({"event_action":"resolve"})", kCtx);
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(batch.error().message,
            "Event object is invalid: 'routing_key' is missing or blank; 'dedup_key' is missing "
            "or blank");
  EXPECT_FALSE(batch.error().retryable);
}

TEST(EventsV2Test, EnforcesLengths) {
  std::string summary_1024;
  for (int i = 0; i < 1024; ++i) summary_1024 += "\xc3\xa9";  // 1024 characters, 2048 bytes
  std::string payload = R"({"source":"h","severity":"info","summary":")" + summary_1024 + "\"}";
  EXPECT_EQ(DecodeOne(Trigger(payload)).annotations.GetOr("summary"), summary_1024);
  payload = R"({"source":"h","severity":"info","summary":")" + summary_1024 + "x\"}";
  EXPECT_EQ(ErrorsOf(Trigger(payload)),
            std::vector<std::string>{
                "Length of 'payload.summary' is incorrect (should be at most 1024 characters)"});

  std::string key(256, 'k');
  EXPECT_EQ(ErrorsOf(R"({"routing_key":"rk","event_action":"resolve","dedup_key":")" + key + "\"}"),
            std::vector<std::string>{
                "Length of 'dedup_key' is incorrect (should be at most 255 characters)"});
  key.pop_back();
  EXPECT_EQ(DecodeOne(R"({"routing_key":"rk","event_action":"resolve","dedup_key":")" + key + "\"}")
                .external_key,
            key);

  std::string details(64 * 1024, 'd');
  payload =
      R"({"summary":"s","source":"h","severity":"info","custom_details":")" + details + "x\"}";
  EXPECT_EQ(ErrorsOf(Trigger(payload)),
            std::vector<std::string>{
                "Length of 'payload.custom_details' is incorrect (should be at most 65536 bytes)"});
}

TEST(EventsV2Test, CustomDetailsKeepStringsAndSerializeTheRest) {
  auto details = [](std::string_view json) {
    std::string payload = R"({"summary":"s","source":"h","severity":"info","custom_details":)" +
                          std::string(json) + "}";
    return std::string(DecodeOne(Trigger(payload)).annotations.GetOr("custom_details", "<none>"));
  };
  EXPECT_EQ(details(R"("free text")"), "free text");
  EXPECT_EQ(details(R"({ "a" : [1, 2.5, true, null] })"), R"({"a":[1,2.5E0,true,null]})");
  EXPECT_EQ(details("42"), "42");
  EXPECT_EQ(details("null"), "<none>");
  EXPECT_EQ(ErrorsOf(Trigger(R"({"summary":"s","source":"h","severity":"info",
                                 "custom_details":{"n":1e999}})")),
            std::vector<std::string>{"'payload.custom_details' contains a number out of range"});
}

TEST(EventsV2Test, LinksAndImagesBecomeJsonAnnotations) {
  Alert a =
      DecodeOne(Trigger(R"({"summary":"s","source":"h","severity":"info"})",
                        R"(,"images":[{"src":"https://img/x.png","href":"https://h","alt":"graph"}],
                                  "links":[])"));
  EXPECT_EQ(a.annotations.GetOr("images"),
            R"([{"src":"https://img/x.png","href":"https://h","alt":"graph"}])");
  EXPECT_FALSE(a.annotations.Has("links"));
  EXPECT_EQ(
      ErrorsOf(Trigger(R"({"summary":"s","source":"h","severity":"info"})",
                       R"(,"links":{"href":"x"},"images":["x"])")),
      (std::vector<std::string>{"'links' must be an array", "'images[0]' must be an object"}));
}

TEST(EventsV2Test, RefusesNonEvents) {
  EXPECT_EQ(ErrorsOf("[]"), std::vector<std::string>{"body must be a JSON object, got array"});
  EXPECT_EQ(ErrorsOf("{\"routing_key\":"),
            std::vector<std::string>{"body is not valid JSON (incomplete JSON at byte 15)"});
  auto batch = ParseEventsV2("nope", kCtx);
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().code, ErrorCode::kInvalidArgument);
}

TEST(EventsV2Test, FormatIsRegisteredAsRoutingKeyAuth) {
  EXPECT_EQ(kEventsV2Format.name, "pagerduty");
  EXPECT_EQ(kEventsV2Format.path, "/v2/enqueue");
  EXPECT_EQ(kEventsV2Format.integration_type, "pagerduty");
  EXPECT_EQ(kEventsV2Format.auth, AuthStyle::kRoutingKey);
  EXPECT_EQ(kEventsV2Format.parse, &ParseEventsV2);
}

}  // namespace
}  // namespace klaxon::ingest::pagerduty
