// Where klaxon may post answers to Slack interactions, and what it posts.
#include "notify/slack/response_url.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace klaxon::notify::slack {
namespace {

TEST(ResponseUrlPolicy, SlacksHooksHostOverHttpsIsAllowed) {
  ResponseUrlPolicy policy;
  EXPECT_TRUE(policy.Check("https://hooks.slack.com/actions/T1/123/abc"));
  EXPECT_TRUE(policy.Check("https://hooks.slack.com/commands/T1/123/abc"));
  EXPECT_TRUE(policy.Check("https://HOOKS.Slack.com:443/actions/T1/123/abc"));
}

TEST(ResponseUrlPolicy, AnythingElseIsRefusedNamingTheHostOnly) {
  ResponseUrlPolicy policy({"https://slack.com/api"});
  for (std::string_view url : {
           "http://hooks.slack.com/actions/T1/1/x",          // not https
           "https://hooks.slack.com:8443/actions/T1/1/x",    // another port
           "https://hooks.slack.com.evil.example/actions/x",  // a look-alike host
           "https://evil.example/hooks.slack.com/actions/x",
           "https://hooks.slack.com@evil.example/actions/x",  // user info
           "https://user:pw@hooks.slack.com/actions/x",
           "https://hooks.slack.com./actions/x",
           "https://127.0.0.1/actions/x",
           "ftp://hooks.slack.com/actions/x",
           "//hooks.slack.com/actions/x",                    // not absolute
           "https://hooks.slack.com\\@evil.example/",         // not a URI
           "https://hooks.slack.com /x",
           "",
       }) {
    SCOPED_TRACE(url);
    auto st = policy.Check(url);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(st.error().message.find("/actions"), std::string::npos) << st.error().message;
  }
  auto st = policy.Check("https://evil.example/actions/T1/1/secretkey");
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("'evil.example'"), std::string::npos) << st.error().message;
  EXPECT_EQ(st.error().message.find("secretkey"), std::string::npos);
}

TEST(ResponseUrlPolicy, TheOriginOfAConfiguredApiUrlIsAllowed) {
  ResponseUrlPolicy policy({"http://127.0.0.1:9101/api", "https://slack.com/api", "not a url"});
  EXPECT_EQ(policy.origins(), (std::vector<std::string>{"https://hooks.slack.com:443",
                                                         "http://127.0.0.1:9101",
                                                         "https://slack.com:443"}));
  EXPECT_TRUE(policy.Check("http://127.0.0.1:9101/actions/T0/1/k"));
  EXPECT_TRUE(policy.Check("https://slack.com/anything"));
  EXPECT_FALSE(policy.Check("http://127.0.0.1:9102/actions/T0/1/k")) << "another port";
  EXPECT_FALSE(policy.Check("https://127.0.0.1:9101/actions/T0/1/k")) << "another scheme";
  EXPECT_FALSE(policy.Check("http://localhost:9101/actions/T0/1/k")) << "another host name";
}

TEST(ResponseBody, EphemeralByDefaultWithEscapedText) {
  auto v = boost::json::parse(ResponseBody({"INC-1 <!channel> & co"}));
  EXPECT_EQ(v, boost::json::parse(
                   R"({"response_type":"ephemeral","text":"INC-1 &lt;!channel&gt; &amp; co"})"));
  auto replace = boost::json::parse(ResponseBody({"x", false, true}));
  EXPECT_EQ(replace, boost::json::parse(
                         R"({"response_type":"in_channel","text":"x","replace_original":true})"));
}

TEST(ClassifyResponseUrlAnswer, SuccessRetriesAndPermanentFailures) {
  EXPECT_TRUE(ClassifyResponseUrlAnswer(200, std::nullopt, "ok").delivered());
  EXPECT_TRUE(ClassifyResponseUrlAnswer(200, std::nullopt, R"({"ok":true})").delivered());
  auto not_ok = ClassifyResponseUrlAnswer(200, std::nullopt, R"({"ok":false,"error":"used_url"})");
  EXPECT_EQ(not_ok.outcome, Delivery::Outcome::kPermanentFailure);
  EXPECT_EQ(not_ok.reason, "slack response_url: used_url");
  auto expired = ClassifyResponseUrlAnswer(404, std::nullopt, "expired_url");
  EXPECT_EQ(expired.outcome, Delivery::Outcome::kPermanentFailure);
  EXPECT_EQ(expired.reason, "slack response_url: HTTP 404: expired_url");
  auto limited = ClassifyResponseUrlAnswer(429, "7", "ratelimited");
  EXPECT_EQ(limited.outcome, Delivery::Outcome::kRetryAfter);
  EXPECT_EQ(limited.retry_after, std::chrono::seconds(7));
  auto down = ClassifyResponseUrlAnswer(503, std::nullopt, "<html>");
  EXPECT_EQ(down.outcome, Delivery::Outcome::kRetryAfter);
  EXPECT_EQ(down.retry_after, Duration::zero()) << "the caller's backoff decides";
  EXPECT_EQ(down.reason, "slack response_url: HTTP 503: unknown_error");
}

}  // namespace
}  // namespace klaxon::notify::slack
