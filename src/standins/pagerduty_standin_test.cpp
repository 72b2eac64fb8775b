// The PagerDuty stand-in refuses what PagerDuty documents as invalid.

#include "standins/pagerduty_standin.h"

#include <boost/json/parse.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "http/client.h"

namespace klaxon::standins {
namespace {

constexpr std::string_view kKey = "e93facc04764012d7bfb002500d5d1a6";

struct Answer {
  int status = 0;
  boost::json::value body;
  std::string raw;
};

class PagerDutyStandinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = PagerDutyStandin::Start({});
    ASSERT_TRUE(s) << s.error().message;
    pd_ = std::move(*s);
  }
  Answer Post(std::string body, std::string type = "application/json") {
    http::ClientRequest r;
    r.method = "POST";
    r.url = pd_->EnqueueUrl();
    r.body = std::move(body);
    r.headers = {{"Content-Type", type}};
    auto response = http::Send(r);
    EXPECT_TRUE(response);
    boost::system::error_code ec;
    return Answer{response->status, boost::json::parse(response->body, ec), response->body};
  }
  static std::string Trigger(std::string payload, std::string extra = "") {
    return fmt::format(R"({{"routing_key":"{}","event_action":"trigger","dedup_key":"INC-1",
                          "payload":{}{}}})",
                       kKey, payload, extra);
  }
  std::vector<std::string> Errors(const Answer& a) {
    EXPECT_EQ(a.status, 400) << a.raw;
    EXPECT_EQ(a.body.at("status"), "invalid event");
    EXPECT_EQ(a.body.at("message"), "Event object is invalid");
    std::vector<std::string> out;
    for (const auto& e : a.body.at("errors").as_array()) out.emplace_back(e.as_string());
    return out;
  }

  std::unique_ptr<PagerDutyStandin> pd_;
};

constexpr std::string_view kGoodPayload =
    R"({"summary":"s","source":"api","severity":"critical","timestamp":"2025-07-17T08:42:58.315+0000",
        "custom_details":{"a":1}})";

TEST_F(PagerDutyStandinTest, AcceptsAValidTriggerAndRecordsIt) {
  auto a = Post(Trigger(std::string(kGoodPayload),
                        R"(,"links":[{"href":"https://k/1","text":"x"}],"client":"klaxon")"));
  ASSERT_EQ(a.status, 202) << a.raw;
  EXPECT_EQ(a.body, boost::json::parse(
                        R"({"status":"success","message":"Event processed","dedup_key":"INC-1"})"));
  ASSERT_EQ(pd_->Events().size(), 1u);
  EXPECT_EQ(pd_->Events()[0].event_action, "trigger");
  EXPECT_EQ(pd_->FindAlert("INC-1")->status, "triggered");
}

TEST_F(PagerDutyStandinTest, GeneratesADedupKeyWhenTheTriggerHasNone) {
  auto a = Post(fmt::format(R"({{"routing_key":"{}","event_action":"trigger","payload":{}}})", kKey,
                            kGoodPayload));
  ASSERT_EQ(a.status, 202) << a.raw;
  EXPECT_EQ(a.body.at("dedup_key").as_string().size(), 32u);
}

TEST_F(PagerDutyStandinTest, RejectsInvalidEventsWithPagerDutysErrors) {
  EXPECT_EQ(Errors(Post(R"({"event_action":"trigger"})"))[0], "'routing_key' is missing or blank");
  EXPECT_EQ(Errors(Post(R"({"routing_key":"short","event_action":"resolve","dedup_key":"x"})"))[0],
            "Length of 'routing_key' is incorrect (should be 32 characters)");
  EXPECT_EQ(Errors(Post(fmt::format(R"({{"routing_key":"{}","event_action":"explode"}})", kKey)))[0],
            "'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' "
            "or 'resolve')");
  EXPECT_EQ(Errors(Post(fmt::format(R"({{"routing_key":"{}","event_action":"resolve"}})", kKey)))[0],
            "'dedup_key' is missing or blank");
  EXPECT_EQ(Errors(Post(Trigger(R"({"summary":"s","source":"a","severity":"CRITICAL"})")))[0],
            "'payload.severity' is invalid (must be one of the following: 'critical', 'warning', "
            "'error' or 'info')");
  EXPECT_EQ(Errors(Post(Trigger(fmt::format(R"({{"summary":"{}","source":"a","severity":"info"}})",
                                            std::string(1025, 's')))))[0],
            "Length of 'payload.summary' is incorrect (should be at most 1024 characters)");
  auto missing = Errors(Post(Trigger("{}")));
  EXPECT_EQ(missing, (std::vector<std::string>{"'payload.summary' is missing or blank",
                                               "'payload.source' is missing or blank",
                                               "'payload.severity' is missing or blank"}));
  EXPECT_EQ(Errors(Post(Trigger(R"({"summary":"s","source":"a","severity":"info","timestamp":"now"})")))[0],
            "'payload.timestamp' is invalid (must be ISO 8601)");
  EXPECT_EQ(Errors(Post(Trigger(R"({"summary":"s","source":"a","severity":"info","custom_details":"x"})")))[0],
            "'payload.custom_details' must be an object");
  EXPECT_EQ(Errors(Post(Trigger(std::string(kGoodPayload), R"(,"links":[{"text":"x"}])")))[0],
            "'links[0].href' is missing or blank");
  EXPECT_EQ(Errors(Post(Trigger(std::string(kGoodPayload), R"(,"images":[{"src":"http://x"}])")))[0],
            "'images[0].src' must be an HTTPS URL");
  EXPECT_EQ(Errors(Post("{"))[0], "Event object is not valid JSON");
  EXPECT_EQ(Errors(Post(Trigger(std::string(kGoodPayload)), "text/plain"))[0],
            "Content-Type must be application/json");
  EXPECT_TRUE(pd_->Events().empty());
  EXPECT_EQ(pd_->Requests().size(), 13u);
}

TEST_F(PagerDutyStandinTest, OnlyConfiguredRoutingKeysWhenGiven) {
  PagerDutyOptions options;
  options.routing_keys = {std::string(kKey)};
  auto strict = PagerDutyStandin::Start(options);
  ASSERT_TRUE(strict);
  pd_ = std::move(*strict);
  EXPECT_EQ(Post(Trigger(std::string(kGoodPayload))).status, 202);
  auto other = Post(fmt::format(R"({{"routing_key":"{}","event_action":"trigger","payload":{}}})",
                                std::string(32, 'f'), kGoodPayload));
  EXPECT_EQ(Errors(other)[0], "Invalid routing key");
}

TEST_F(PagerDutyStandinTest, FollowsAlertLifecycle) {
  auto follow = [&](std::string_view action) {
    return Post(fmt::format(R"({{"routing_key":"{}","event_action":"{}","dedup_key":"INC-1"}})",
                            kKey, action));
  };
  EXPECT_EQ(follow("acknowledge").status, 202);  // nothing open: dropped, still 202
  EXPECT_FALSE(pd_->FindAlert("INC-1"));
  EXPECT_EQ(Post(Trigger(std::string(kGoodPayload))).status, 202);
  EXPECT_EQ(follow("acknowledge").status, 202);
  EXPECT_EQ(pd_->FindAlert("INC-1")->status, "acknowledged");
  EXPECT_EQ(follow("resolve").status, 202);
  EXPECT_EQ(pd_->FindAlert("INC-1")->status, "resolved");
  EXPECT_EQ(Post(Trigger(std::string(kGoodPayload))).status, 202);  // a new alert
  EXPECT_EQ(pd_->Alerts().size(), 2u);
  EXPECT_EQ(pd_->FindAlert("INC-1")->status, "triggered");
}

TEST_F(PagerDutyStandinTest, ScriptedFailures) {
  pd_->FailNext(1, 429, 30);
  auto limited = Post(Trigger(std::string(kGoodPayload)));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body.at("status"), "throttle event");
  pd_->FailNext(1, 500);
  EXPECT_EQ(Post(Trigger(std::string(kGoodPayload))).status, 500);
  EXPECT_EQ(Post(Trigger(std::string(kGoodPayload))).status, 202);
  EXPECT_EQ(pd_->Events().size(), 1u);
}

}  // namespace
}  // namespace klaxon::standins
