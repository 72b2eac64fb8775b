// The Slack stand-in refuses what Slack would refuse, so a bad payload from
// klaxon fails a test instead of passing silently.

#include "standins/slack_standin.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "http/client.h"

namespace klaxon::standins {
namespace {

using boost::json::value;

struct Answer {
  int status = 0;
  value body;
  std::string raw;
  std::string retry_after;
};

class SlackStandinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SlackStandin::Start({});
    ASSERT_TRUE(s) << s.error().message;
    slack_ = std::move(*s);
  }

  Answer Post(std::string url, std::string body,
              std::string auth = "Bearer xoxb-standin-token",
              std::string type = "application/json") {
    http::ClientRequest r;
    r.method = "POST";
    r.url = std::move(url);
    r.body = std::move(body);
    if (!type.empty()) r.headers.emplace_back("Content-Type", type);
    if (!auth.empty()) r.headers.emplace_back("Authorization", auth);
    auto response = http::Send(r);
    EXPECT_TRUE(response) << response.error().message;
    Answer a;
    a.status = response->status;
    a.raw = response->body;
    boost::system::error_code ec;
    a.body = boost::json::parse(response->body, ec);
    for (const auto& [n, v] : response->headers) {
      if (n == "retry-after") a.retry_after = v;
    }
    return a;
  }
  Answer Api(std::string_view method, std::string body) {
    return Post(slack_->ApiUrl(method), std::move(body));
  }
  std::string ErrorOf(const Answer& a) {
    EXPECT_EQ(a.status, 200) << a.raw;
    EXPECT_EQ(a.body.at("ok"), false) << a.raw;
    return std::string(a.body.at("error").as_string());
  }
  // A one-section message with `section_text`.
  static std::string Section(std::string_view section_text) {
    return fmt::format(
        R"({{"channel":"C0INCIDENTS","text":"t","blocks":[{{"type":"section","text":{{"type":"mrkdwn","text":{}}}}}]}})",
        boost::json::serialize(value(section_text)));
  }

  std::unique_ptr<SlackStandin> slack_;
};

TEST_F(SlackStandinTest, AcceptsAValidMessageAndRecordsIt) {
  auto a = Api("chat.postMessage", Section("hello"));
  ASSERT_EQ(a.body.at("ok"), true) << a.raw;
  EXPECT_EQ(a.body.at("channel"), "C0INCIDENTS");
  const std::string ts(a.body.at("ts").as_string());
  EXPECT_EQ(ts, "1754550000.000001");
  auto messages = slack_->Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].text, "t");
  EXPECT_EQ(messages[0].blocks.size(), 1u);
}

TEST(SlackStandinUsers, APostToAKnownUserLandsInTheBotsDirectMessages) {
  auto s = SlackStandin::Start({.users = {"U04MAYA0001"}});
  ASSERT_TRUE(s) << s.error().message;
  http::ClientRequest r;
  r.method = "POST";
  r.url = (*s)->ApiUrl("chat.postMessage");
  r.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer xoxb-standin-token"}};
  r.body = R"({"channel":"U04MAYA0001","text":"you are on call"})";
  auto ok = http::Send(r);
  ASSERT_TRUE(ok);
  EXPECT_NE(ok->body.find(R"("channel":"D04MAYA0001")"), std::string::npos) << ok->body;
  r.body = R"({"channel":"U0NOBODY","text":"x"})";
  auto unknown = http::Send(r);
  ASSERT_TRUE(unknown);
  EXPECT_NE(unknown->body.find("channel_not_found"), std::string::npos) << unknown->body;
  auto messages = (*s)->Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].channel, SlackStandin::DmChannel("U04MAYA0001"));
  EXPECT_EQ(messages[0].channel, "D04MAYA0001");
}

TEST_F(SlackStandinTest, ChecksTheBearerToken) {
  EXPECT_EQ(ErrorOf(Post(slack_->ApiUrl("chat.postMessage"), Section("x"), "")), "not_authed");
  EXPECT_EQ(ErrorOf(Post(slack_->ApiUrl("chat.postMessage"), Section("x"), "Bearer xoxb-wrong")),
            "invalid_auth");
  EXPECT_TRUE(slack_->Messages().empty());
}

TEST_F(SlackStandinTest, EnforcesRequiredFields) {
  EXPECT_EQ(ErrorOf(Api("chat.postMessage", R"({"channel":"C0NOPE","text":"x"})")),
            "channel_not_found");
  EXPECT_EQ(ErrorOf(Api("chat.postMessage", R"({"text":"x"})")), "channel_not_found");
  EXPECT_EQ(ErrorOf(Api("chat.postMessage", R"({"channel":"C0INCIDENTS"})")), "no_text");
  EXPECT_EQ(ErrorOf(Api("chat.postMessage",
                        R"({"channel":"C0INCIDENTS","blocks":[{"type":"divider"}]})")),
            "no_text");
  EXPECT_EQ(ErrorOf(Api("chat.postMessage", "not json")), "invalid_json");
  EXPECT_EQ(ErrorOf(Post(slack_->ApiUrl("chat.postMessage"), R"({"channel":"C0INCIDENTS","text":"x"})",
                         "Bearer xoxb-standin-token", "text/plain")),
            "invalid_json");
  EXPECT_EQ(ErrorOf(Api("chat.postMessage",
                        fmt::format(R"({{"channel":"C0INCIDENTS","text":"{}"}})",
                                    std::string(40001, 'x')))),
            "msg_too_long");
  EXPECT_TRUE(slack_->Messages().empty());
}

TEST_F(SlackStandinTest, EnforcesBlockKitLimits) {
  EXPECT_EQ(ErrorOf(Api("chat.postMessage", Section(std::string(3001, 'x')))), "invalid_blocks");
  EXPECT_EQ(ErrorOf(Api("chat.postMessage", Section(""))), "invalid_blocks");
  // 3000 characters of two-byte text is still within the limit.
  std::string accented;
  for (int i = 0; i < 3000; ++i) accented += "é";
  EXPECT_EQ(Api("chat.postMessage", Section(accented)).body.at("ok"), true);
  std::string blocks;
  for (int i = 0; i < 51; ++i) blocks += std::string(i ? "," : "") + R"({"type":"divider"})";
  auto too_many = Api("chat.postMessage",
                      R"({"channel":"C0INCIDENTS","text":"t","blocks":[)" + blocks + "]}");
  EXPECT_EQ(ErrorOf(too_many), "invalid_blocks");
  EXPECT_EQ(too_many.body.at("response_metadata").at("messages").at(0),
            "[ERROR] blocks: more than 50 blocks");
  auto header = Api("chat.postMessage",
                    fmt::format(R"({{"channel":"C0INCIDENTS","text":"t","blocks":[{{"type":"header","text":{{"type":"plain_text","text":"{}"}}}}]}})",
                                std::string(151, 'h')));
  EXPECT_EQ(ErrorOf(header), "invalid_blocks");
  auto mrkdwn_header = Api("chat.postMessage",
                           R"({"channel":"C0INCIDENTS","text":"t","blocks":[{"type":"header","text":{"type":"mrkdwn","text":"h"}}]})");
  EXPECT_EQ(ErrorOf(mrkdwn_header), "invalid_blocks");
  auto button = [&](std::string fields) {
    return Api("chat.postMessage",
               R"({"channel":"C0INCIDENTS","text":"t","blocks":[{"type":"actions","elements":[{"type":"button",)" +
                   fields + "}]}]}");
  };
  EXPECT_EQ(button(R"("text":{"type":"plain_text","text":"ok"},"action_id":"a","value":"v")").status,
            200);
  EXPECT_EQ(ErrorOf(button(fmt::format(R"("text":{{"type":"plain_text","text":"{}"}})",
                                       std::string(76, 'b')))),
            "invalid_blocks");
  EXPECT_EQ(ErrorOf(button(fmt::format(R"("text":{{"type":"plain_text","text":"b"}},"action_id":"{}")",
                                       std::string(256, 'a')))),
            "invalid_blocks");
  EXPECT_EQ(ErrorOf(button(R"("text":{"type":"plain_text","text":"b"},"style":"green")")),
            "invalid_blocks");
  EXPECT_EQ(ErrorOf(Api("chat.postMessage",
                        R"({"channel":"C0INCIDENTS","text":"t","blocks":[{"type":"video"}]})")),
            "invalid_blocks");
}

TEST_F(SlackStandinTest, ThreadsAndUpdates) {
  auto top = Api("chat.postMessage", R"({"channel":"C0INCIDENTS","text":"top"})");
  const std::string ts(top.body.at("ts").as_string());
  auto reply = Api("chat.postMessage",
                   R"({"channel":"C0INCIDENTS","text":"reply","thread_ts":")" + ts + "\"}");
  ASSERT_EQ(reply.body.at("ok"), true) << reply.raw;
  EXPECT_EQ(reply.body.at("message").at("thread_ts").as_string(), ts);
  EXPECT_EQ(ErrorOf(Api("chat.postMessage",
                        R"({"channel":"C0INCIDENTS","text":"r","thread_ts":"1.2"})")),
            "thread_not_found");
  auto edit = Api("chat.update", R"({"channel":"C0INCIDENTS","ts":")" + ts + R"(","text":"edited"})");
  ASSERT_EQ(edit.body.at("ok"), true) << edit.raw;
  EXPECT_EQ(ErrorOf(Api("chat.update", R"({"channel":"C0INCIDENTS","ts":"9.9","text":"x"})")),
            "message_not_found");
  EXPECT_EQ(ErrorOf(Api("chat.update", R"({"channel":"incidents","ts":")" + ts + R"(","text":"x"})")),
            "channel_not_found");
  auto message = slack_->Find("C0INCIDENTS", ts);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->text, "edited");
  EXPECT_EQ(message->edits, 1);
  ASSERT_EQ(slack_->Replies("C0INCIDENTS", ts).size(), 1u);
  EXPECT_EQ(slack_->Replies("C0INCIDENTS", ts)[0].text, "reply");
}

TEST_F(SlackStandinTest, ScriptedFailures) {
  slack_->FailNext(2, 429, 3);
  auto first = Api("chat.postMessage", Section("x"));
  EXPECT_EQ(first.status, 429);
  EXPECT_EQ(first.retry_after, "3");
  EXPECT_EQ(first.body.at("error"), "ratelimited");
  EXPECT_EQ(Api("chat.postMessage", Section("x")).status, 429);
  EXPECT_EQ(Api("chat.postMessage", Section("x")).status, 200);
  slack_->FailNext(1, 503);
  EXPECT_EQ(Post(slack_->WebhookUrl(), R"({"text":"x"})", "").status, 503);
  EXPECT_EQ(slack_->Messages().size(), 1u);
  EXPECT_EQ(slack_->Requests().size(), 4u);
}

TEST_F(SlackStandinTest, IncomingWebhook) {
  auto ok = Post(slack_->WebhookUrl(), R"({"text":"hi"})", "");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.raw, "ok");
  EXPECT_EQ(Post(slack_->BaseUrl() + "/services/T1/B1/wrong", R"({"text":"hi"})", "").status, 404);
  auto empty = Post(slack_->WebhookUrl(), R"({})", "");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.raw, "no_text");
  EXPECT_EQ(Post(slack_->WebhookUrl(), "text=hi", "", "application/x-www-form-urlencoded").raw,
            "invalid_payload");
  ASSERT_EQ(slack_->Messages().size(), 1u);
  EXPECT_EQ(slack_->Messages()[0].channel, "C0INCIDENTS");
}

TEST_F(SlackStandinTest, ResponseUrlsTakeAnEphemeralOrInChannelTextMessage) {
  const std::string url = slack_->ResponseUrl();
  EXPECT_TRUE(url.starts_with(slack_->BaseUrl() + "/actions/T0STANDIN/")) << url;
  EXPECT_TRUE(slack_->ResponseUrl("commands").starts_with(slack_->BaseUrl() + "/commands/"));
  auto ok = Post(url, R"({"response_type":"ephemeral","text":"INC-1 acknowledged by Maya."})", "");
  EXPECT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body.at("ok"), true);
  EXPECT_EQ(Post(url, R"({"text":"no type is allowed","replace_original":true})", "").status, 200);
  auto got = slack_->Responses();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].url, url);
  EXPECT_EQ(got[0].response_type, "ephemeral");
  EXPECT_EQ(got[0].text, "INC-1 acknowledged by Maya.");
  EXPECT_TRUE(got[1].replace_original);
  EXPECT_TRUE(slack_->Messages().empty()) << "answers are not channel messages";
}

TEST_F(SlackStandinTest, ResponseUrlsEnforceTheirContract) {
  const std::string url = slack_->ResponseUrl();
  auto refused = [&](std::string body, std::string type = "application/json") {
    auto a = Post(url, std::move(body), "", std::move(type));
    EXPECT_EQ(a.status, 400) << a.raw;
    return a.raw;
  };
  EXPECT_EQ(refused("not json"), "invalid_payload");
  EXPECT_EQ(refused(R"({"text":"x"})", "application/x-www-form-urlencoded"), "invalid_payload");
  EXPECT_EQ(refused(R"(["text"])"), "invalid_payload");
  EXPECT_EQ(refused(R"({"response_type":"ephemeral"})"), "no_text");
  EXPECT_EQ(refused(R"({"text":""})"), "no_text");
  EXPECT_EQ(refused(R"({"text":7})"), "no_text");
  EXPECT_EQ(refused(R"({"text":"x","response_type":"private"})"), "invalid_response_type");
  EXPECT_EQ(refused(R"({"text":"x","response_type":1})"), "invalid_response_type");
  EXPECT_EQ(refused(R"({"text":"x","replace_original":"true"})"), "invalid_payload");
  EXPECT_EQ(refused(fmt::format(R"({{"text":"{}"}})", std::string(40001, 'x'))), "msg_too_long");
  EXPECT_EQ(refused(R"({"text":"x","blocks":[{"type":"video"}]})"), "invalid_blocks");
  auto unknown = Post(slack_->BaseUrl() + "/actions/T0STANDIN/1/never-minted", R"({"text":"x"})", "");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.raw, "no_service");
  EXPECT_TRUE(slack_->Responses().empty());
}

TEST_F(SlackStandinTest, AResponseUrlTakesFivePosts) {
  const std::string url = slack_->ResponseUrl();
  EXPECT_EQ(Post(url, R"({"text":"refused posts do not count"})", "", "text/plain").status, 400);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Post(url, fmt::format(R"({{"text":"answer {}"}})", i), "").status, 200) << i;
  }
  auto sixth = Post(url, R"({"text":"one too many"})", "");
  EXPECT_EQ(sixth.status, 404);
  EXPECT_EQ(sixth.raw, "used_url");
  EXPECT_EQ(Post(slack_->ResponseUrl(), R"({"text":"a new one"})", "").status, 200);
  EXPECT_EQ(slack_->Responses().size(), 6u);
}

TEST(SlackStandinClock, AResponseUrlExpiresAfterThirtyMinutes) {
  ManualClock clock(ParseTimestamp("2025-08-07T10:00:00Z").value());
  auto s = SlackStandin::Start({.clock = &clock});
  ASSERT_TRUE(s) << s.error().message;
  const std::string url = (*s)->ResponseUrl();
  auto post = [&](std::string_view text) {
    http::ClientRequest r{.method = "POST", .url = url,
                          .headers = {{"Content-Type", "application/json"}},
                          .body = fmt::format(R"({{"text":"{}"}})", text)};
    auto a = http::Send(r);
    EXPECT_TRUE(a);
    return a.value_or(http::ClientResponse{});
  };
  clock.Advance(std::chrono::minutes(30));
  EXPECT_EQ(post("at 30 minutes").status, 200);
  clock.Advance(std::chrono::seconds(1));
  auto late = post("too late");
  EXPECT_EQ(late.status, 404);
  EXPECT_EQ(late.body, "expired_url");
  EXPECT_EQ((*s)->Responses().size(), 1u);
}

}  // namespace
}  // namespace klaxon::standins
