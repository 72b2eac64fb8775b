// What klaxon tells a Slack user after a click or a command: who did what to
// which incident, or why nothing was changed.
#include "api/slack_answers.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace klaxon::api::slack_answers {
namespace {

const Time kT0 = ParseTimestamp("2025-08-07T10:00:00Z").value();

config::Person Maya() {
  config::Person p;
  p.id = "maya";
  p.name = "Maya Okafor";
  p.role = access::Role::kOnCall;
  return p;
}

incident::Incident Inc42() {
  incident::Incident inc;
  inc.id = 42;
  inc.title = "API down";
  inc.severity = "SEV1";
  return inc;
}

TEST(SlackAnswers, AppliedSaysWhoDidWhatThenTheStatusLine) {
  auto inc = Inc42();
  inc.ack = incident::Acknowledgement{"maya", "slack", kT0};
  EXPECT_EQ(Applied(Verb::kAcknowledge, inc, Maya(), "INC"),
            "INC-42 acknowledged by Maya Okafor.\n"
            "INC-42 [SEV1] API down: investigating, acknowledged by maya via slack");
  inc.status = incident::Status::kResolved;
  EXPECT_EQ(Applied(Verb::kResolve, inc, Maya(), "INC").substr(0, 31), "INC-42 resolved by Maya Okafor.");
  config::Person nameless = Maya();
  nameless.name.clear();
  EXPECT_EQ(Applied(Verb::kUpdate, Inc42(), nameless, "INC").substr(0, 22), "INC-42 updated by maya");
}

TEST(SlackAnswers, AcknowledgingAnAcknowledgedIncidentNamesTheFirst) {
  auto inc = Inc42();
  inc.ack = incident::Acknowledgement{"diego", "pagerduty", kT0};
  auto text = Applied(Verb::kAcknowledge, inc, Maya(), "INC");
  EXPECT_EQ(text.substr(0, text.find('\n')), "INC-42 was already acknowledged by diego via pagerduty.");
}

TEST(SlackAnswers, EscalatedNamesTheLevelAndWhoWasPaged) {
  auto inc = Inc42();
  inc.escalation = incident::EscalationState{.policy = "default", .level = 1, .paged = {"diego"}};
  auto text = Applied(Verb::kEscalate, inc, Maya(), "INC");
  EXPECT_EQ(text.substr(0, text.find('\n')), "INC-42 escalated by Maya Okafor: level 2 paged (diego).");
  inc.escalation->paged.clear();
  text = Applied(Verb::kEscalate, inc, Maya(), "INC");
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "INC-42 escalated by Maya Okafor: level 2 paged (nobody on call).");
}

TEST(SlackAnswers, NotAppliedKeepsTheEnginesReason) {
  Error resolved{ErrorCode::kConflict, "cannot resolve INC-42: it is resolved"};
  EXPECT_EQ(NotApplied(Verb::kResolve, "INC-42", resolved),
            "Could not resolve INC-42: it is resolved. Nothing was changed.");
  Error missing{ErrorCode::kNotFound, "incident 42 not found"};
  EXPECT_EQ(NotApplied(Verb::kAcknowledge, "INC-42", missing),
            "Could not acknowledge INC-42: incident 42 not found. Nothing was changed.");
}

TEST(SlackAnswers, RefusalsNameTheRoleAndWhatWasNeeded) {
  config::Person vera;
  vera.id = "vera";
  vera.role = access::Role::kViewer;
  EXPECT_EQ(NotAllowed("resolve", vera, access::Role::kEngineer),
            "You are not allowed to resolve: role viewer (resolve needs engineer or above). "
            "Nothing was changed.");
  EXPECT_EQ(UnknownUser("U0NOBODY"),
            "Your Slack user (U0NOBODY) is not a person in klaxon's configuration; nothing was "
            "changed.");
}

TEST(SlackAnswers, EphemeralEscapesSlacksControlCharacters) {
  auto r = Ephemeral("INC-1 <!channel> & more");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(boost::json::parse(r.body),
            boost::json::parse(R"({"response_type":"ephemeral","text":"INC-1 &lt;!channel&gt; &amp; more"})"));
}

TEST(SlackAnswers, UpdateTextCarriesTheHandbooksFields) {
  auto full = ParseUpdateText(" identified | Pool exhausted | Killing the query |10m ");
  ASSERT_TRUE(full) << full.error().message;
  EXPECT_EQ(full->status, incident::Status::kIdentified);
  EXPECT_EQ(full->summary, "Pool exhausted");
  EXPECT_EQ(full->next, "Killing the query");
  EXPECT_EQ(full->eta, "10m");

  auto plain = ParseUpdateText("Fixing the pool now");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->status);
  EXPECT_EQ(plain->summary, "Fixing the pool now");

  auto no_status = ParseUpdateText("Cause found | Rolling back | a | b");
  ASSERT_TRUE(no_status);
  EXPECT_FALSE(no_status->status);
  EXPECT_EQ(no_status->next, "Rolling back");
  EXPECT_EQ(no_status->eta, "a | b");

  auto resolved = ParseUpdateText("resolved | done");  // resolving takes a root cause
  ASSERT_TRUE(resolved);
  EXPECT_FALSE(resolved->status);
  EXPECT_EQ(resolved->summary, "resolved");

  EXPECT_FALSE(ParseUpdateText(""));
  EXPECT_FALSE(ParseUpdateText("monitoring | "));
}

}  // namespace
}  // namespace klaxon::api::slack_answers
