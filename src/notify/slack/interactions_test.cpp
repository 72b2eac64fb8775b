#include "notify/slack/interactions.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <gtest/gtest.h>

namespace klaxon::notify::slack {
namespace {

// Form-encodes a value the way Slack does (spaces as '+').
std::string FormValue(std::string_view v) {
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  return boost::urls::encode(v, boost::urls::unreserved_chars, opts);
}

constexpr std::string_view kClick = R"({"type":"block_actions",
  "user":{"id":"U123","username":"alice","team_id":"T1"},"api_app_id":"A1",
  "container":{"type":"message","message_ts":"1719936116.634509","channel_id":"C0INCIDENTS","is_ephemeral":false},
  "trigger_id":"7377717242017.2625160776.f3e5","team":{"id":"T1","domain":"acme"},
  "channel":{"id":"C0INCIDENTS","name":"incidents"},"message":{"ts":"1719936116.634509","blocks":[]},
  "response_url":"https://hooks.slack.com/actions/T1/123/abc",
  "actions":[{"type":"button","action_id":"incident_ack","block_id":"incident_actions:INC-42",
              "value":"INC-42","action_ts":"1719936120.000100"}]})";

TEST(BlockActionsTest, ParsesAButtonClick) {
  auto a = ParseBlockActions("payload=" + FormValue(kClick));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->user_id, "U123");
  EXPECT_EQ(a->user_name, "alice");
  EXPECT_EQ(a->team_id, "T1");
  EXPECT_EQ(a->action_id, "incident_ack");
  EXPECT_EQ(a->action, ButtonAction::kAcknowledge);
  EXPECT_EQ(a->value, "INC-42");
  EXPECT_EQ(a->block_id, "incident_actions:INC-42");
  EXPECT_EQ(a->channel_id, "C0INCIDENTS");
  EXPECT_EQ(a->message_ts, "1719936116.634509");
  EXPECT_EQ(a->response_url, "https://hooks.slack.com/actions/T1/123/abc");
  EXPECT_EQ(a->trigger_id, "7377717242017.2625160776.f3e5");
}

TEST(BlockActionsTest, AnUnknownActionIdParsesWithoutATypedAction) {
  std::string click(kClick);
  click.replace(click.find("incident_ack"), 12, "something_else");
  auto a = ParseBlockActions("payload=" + FormValue(click));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->action_id, "something_else");
  EXPECT_FALSE(a->action);
}

void ExpectInvalid(const Result<BlockAction>& r, std::string_view mentions) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find(mentions), std::string::npos) << r.error().message;
}

TEST(BlockActionsTest, RejectsWhatIsNotAClick) {
  ExpectInvalid(ParseBlockActions("payload=%zz"), "not form data");
  ExpectInvalid(ParseBlockActions("other=1"), "no 'payload'");
  ExpectInvalid(ParseBlockActions("payload=" + FormValue("{not json")), "not a JSON object");
  ExpectInvalid(ParseBlockActions("payload=" + FormValue(R"({"type":"view_submission"})")),
                "unsupported interaction type 'view_submission'");
  ExpectInvalid(
      ParseBlockActions("payload=" + FormValue(R"({"type":"block_actions","actions":[]})")),
      "'actions' must be a non-empty array");
  std::string no_url(kClick);
  no_url.replace(no_url.find("\"response_url\""), 14, "\"other_url\"");
  ExpectInvalid(ParseBlockActions("payload=" + FormValue(no_url)), "'response_url' is missing");
  std::string no_user(kClick);
  no_user.replace(no_user.find("\"id\":\"U123\""), 11, "\"id\":7");
  ExpectInvalid(ParseBlockActions("payload=" + FormValue(no_user)), "'user.id' is missing");
}

std::string SlashForm(std::string_view text) {
  return "token=x&team_id=T1&team_domain=acme&channel_id=C0INCIDENTS&channel_name=incidents"
         "&user_id=U123&user_name=alice&command=%2Fincident&text=" +
         FormValue(text) +
         "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F1%2Fx&trigger_id=t.1";
}

TEST(SlashCommandTest, ParsesEachVerb) {
  auto ack = ParseSlashCommand(SlashForm("ack INC-42"));
  ASSERT_TRUE(ack) << ack.error().message;
  EXPECT_EQ(ack->command, "/incident");
  EXPECT_EQ(ack->text, "ack INC-42");
  EXPECT_EQ(ack->verb, SlashVerb::kAck);
  EXPECT_EQ(ack->incident_id, 42);
  EXPECT_EQ(ack->args, "");
  EXPECT_EQ(ack->user_id, "U123");
  EXPECT_EQ(ack->user_name, "alice");
  EXPECT_EQ(ack->channel_id, "C0INCIDENTS");
  EXPECT_EQ(ack->team_id, "T1");
  EXPECT_EQ(ack->response_url, "https://hooks.slack.com/commands/T1/1/x");
  EXPECT_EQ(ack->trigger_id, "t.1");

  auto resolve = ParseSlashCommand(SlashForm("resolve inc-7   bad deploy, rolled back "));
  ASSERT_TRUE(resolve);
  EXPECT_EQ(resolve->verb, SlashVerb::kResolve);
  EXPECT_EQ(resolve->incident_id, 7);
  EXPECT_EQ(resolve->args, "bad deploy, rolled back");

  auto update = ParseSlashCommand(SlashForm("Update 42 identified: pool exhausted & leaking"));
  ASSERT_TRUE(update);
  EXPECT_EQ(update->verb, SlashVerb::kUpdate);
  EXPECT_EQ(update->incident_id, 42);
  EXPECT_EQ(update->args, "identified: pool exhausted & leaking");

  auto status_all = ParseSlashCommand(SlashForm("status"));
  ASSERT_TRUE(status_all);
  EXPECT_EQ(status_all->verb, SlashVerb::kStatus);
  EXPECT_FALSE(status_all->incident_id);

  auto status_one = ParseSlashCommand(SlashForm("status INC-3"));
  ASSERT_TRUE(status_one);
  EXPECT_EQ(status_one->incident_id, 3);

  auto oncall = ParseSlashCommand(SlashForm("oncall payments"));
  ASSERT_TRUE(oncall);
  EXPECT_EQ(oncall->verb, SlashVerb::kOncall);
  EXPECT_FALSE(oncall->incident_id);
  EXPECT_EQ(oncall->args, "payments");
}

void ExpectInvalid(const Result<SlashCommand>& r, std::string_view mentions) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find(mentions), std::string::npos) << r.error().message;
}

TEST(SlashCommandTest, RejectsBadCommandsWithAClearReason) {
  ExpectInvalid(ParseSlashCommand(SlashForm("")), "usage: /incident");
  ExpectInvalid(ParseSlashCommand(SlashForm("   ")), "usage: /incident");
  ExpectInvalid(ParseSlashCommand(SlashForm("explode INC-1")), "unknown subcommand 'explode'");
  ExpectInvalid(ParseSlashCommand(SlashForm("ack")), "/incident ack needs an incident id");
  ExpectInvalid(ParseSlashCommand(SlashForm("resolve yesterday")), "got 'yesterday'");
  ExpectInvalid(ParseSlashCommand("command=%2Fincident&text=ack+INC-1&channel_id=C1"),
                "'user_id' is missing");
  ExpectInvalid(ParseSlashCommand("text=%"), "not form data");
}

}  // namespace
}  // namespace klaxon::notify::slack
