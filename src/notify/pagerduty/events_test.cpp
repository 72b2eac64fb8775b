#include "notify/pagerduty/events.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "notify/test_support.h"
#include "notify/text.h"

namespace klaxon::notify::pagerduty {
namespace {

using boost::json::parse;
using boost::json::value;
using Outcome = Delivery::Outcome;

constexpr std::string_view kKey = "e93facc04764012d7bfb002500d5d1a6";

EventOptions Options() {
  EventOptions o;
  o.routing_key = std::string(kKey);
  return o;
}

TEST(PagerDutyEventsTest, TriggerGolden) {
  value expected = parse(R"({
    "routing_key":"e93facc04764012d7bfb002500d5d1a6","event_action":"trigger","dedup_key":"INC-42",
    "payload":{"summary":"[SEV1] INC-42: API down","source":"api","severity":"critical",
               "timestamp":"2025-08-07T09:14:22.000Z","component":"api","class":"RB-001",
               "custom_details":{"incident":"INC-42","title":"API down","severity":"SEV1",
                 "status":"investigating","runbook":"RB-001","lead":"","summary":"","next":"",
                 "eta":"","labels":{"service":"api"}}},
    "client":"klaxon","client_url":"https://klaxon.example/incidents/42",
    "links":[{"href":"https://klaxon.example/incidents/42","text":"INC-42 in klaxon"}]})");
  value got = TriggerEvent(Options(), testing::Sample());
  EXPECT_EQ(got, expected) << boost::json::serialize(got);
}

TEST(PagerDutyEventsTest, TriggerWithoutServiceOrLinkOmitsThem) {
  Notification n = testing::Sample();
  n.incident.group_labels = {};
  n.incident.runbook_id = "";
  n.link = "";
  auto e = TriggerEvent(Options(), n);
  EXPECT_EQ(e.at("payload").at("source"), "klaxon");
  EXPECT_FALSE(e.at("payload").as_object().contains("component"));
  EXPECT_FALSE(e.at("payload").as_object().contains("class"));
  EXPECT_FALSE(e.contains("client_url"));
  EXPECT_FALSE(e.contains("links"));
}

TEST(PagerDutyEventsTest, SeverityMapDefaultsAndOverrides) {
  auto map = SeverityMap::Default();
  EXPECT_EQ(map.Map("SEV1"), "critical");
  EXPECT_EQ(map.Map("SEV2"), "error");
  EXPECT_EQ(map.Map("SEV3"), "warning");
  EXPECT_EQ(map.Map("SEV4"), "info");
  EXPECT_EQ(map.Map("P0"), "critical");  // unknown: page loudly
  EventOptions o = Options();
  o.severities = SeverityMap{{{"SEV1", "error"}}, "info"};
  Notification n = testing::Sample();
  EXPECT_EQ(TriggerEvent(o, n).at("payload").at("severity"), "error");
  n.incident.severity = "SEV3";
  EXPECT_EQ(TriggerEvent(o, n).at("payload").at("severity"), "info");
}

TEST(PagerDutyEventsTest, SummaryIsCutTo1024Characters) {
  Notification n = testing::Sample();
  n.incident.title.clear();
  for (int i = 0; i < 3000; ++i) n.incident.title += "é";
  const auto event = TriggerEvent(Options(), n);
  std::string_view summary = event.at("payload").at("summary").as_string();
  EXPECT_EQ(CodePoints(summary), kMaxSummaryChars);
  EXPECT_TRUE(summary.ends_with("…"));
}

TEST(PagerDutyEventsTest, TheSummaryIsThePageSummaryTemplateAsPlainText) {
  EventOptions o = Options();
  o.messages = std::make_shared<MessageTemplates>(
      MessageTexts{}, std::map<std::string, MessageTexts, std::less<>>{
                          {"RB-002", {{MessageKind::kPageSummary, "{{id}} payments: {{title}}\n"}}}});
  Notification n = testing::Sample();
  n.incident.title = "Relayr <down> & slow";
  EXPECT_EQ(TriggerEvent(o, n).at("payload").at("summary"), "[SEV1] INC-42: Relayr <down> & slow");
  n.incident.runbook_id = "RB-002";
  EXPECT_EQ(TriggerEvent(o, n).at("payload").at("summary"), "INC-42 payments: Relayr <down> & slow");
}

TEST(PagerDutyEventsTest, AcknowledgeAndResolveCarryIdentityOnly) {
  Notification n = testing::Sample();
  EXPECT_EQ(value(AcknowledgeEvent(Options(), n)),
            parse(R"({"routing_key":"e93facc04764012d7bfb002500d5d1a6",
                      "event_action":"acknowledge","dedup_key":"INC-42"})"));
  EXPECT_EQ(value(ResolveEvent(Options(), n)),
            parse(R"({"routing_key":"e93facc04764012d7bfb002500d5d1a6",
                      "event_action":"resolve","dedup_key":"INC-42"})"));
  n.event = Event::kResolved;
  EXPECT_EQ(EventFor(Options(), n).at("event_action"), "resolve");
  n.event = Event::kAcknowledged;
  EXPECT_EQ(EventFor(Options(), n).at("event_action"), "acknowledge");
  n.event = Event::kReopened;
  EXPECT_EQ(EventFor(Options(), n).at("event_action"), "trigger");
}

TEST(PagerDutyEventsTest, AcceptedResponseCarriesTheDedupKey) {
  auto d = ClassifyEnqueueResponse(
      202, std::nullopt, R"({"status":"success","message":"Event processed","dedup_key":"INC-42"})",
      kKey);
  EXPECT_EQ(d.outcome, Outcome::kDelivered);
  EXPECT_EQ(d.reference, "INC-42");
}

TEST(PagerDutyEventsTest, InvalidEventIsPermanentAndNeverEchoesTheKey) {
  auto d = ClassifyEnqueueResponse(
      400, std::nullopt,
      R"({"status":"invalid event","message":"Event object is invalid",
          "errors":["'payload.source' is missing or blank",
                    "routing key e93facc04764012d7bfb002500d5d1a6 unknown"]})",
      kKey);
  EXPECT_EQ(d.outcome, Outcome::kPermanentFailure);
  EXPECT_EQ(d.reason,
            "pagerduty: HTTP 400: Event object is invalid ('payload.source' is missing or blank; "
            "routing key [redacted] unknown)");
  EXPECT_EQ(d.reason.find(kKey), std::string::npos);
}

TEST(PagerDutyEventsTest, RateLimitAndServerErrorsRetry) {
  auto limited = ClassifyEnqueueResponse(429, std::nullopt, "", kKey);
  EXPECT_EQ(limited.outcome, Outcome::kRetryAfter);
  EXPECT_EQ(limited.retry_after, kRateLimitWait);
  EXPECT_EQ(ClassifyEnqueueResponse(429, "5", "", kKey).retry_after, std::chrono::seconds(5));
  auto down = ClassifyEnqueueResponse(503, std::nullopt, "<html>", kKey);
  EXPECT_EQ(down.outcome, Outcome::kRetryAfter);
  EXPECT_EQ(down.retry_after, kServerErrorWait);
  EXPECT_EQ(ClassifyEnqueueResponse(403, std::nullopt, "", kKey).outcome,
            Outcome::kPermanentFailure);
}

}  // namespace
}  // namespace klaxon::notify::pagerduty
