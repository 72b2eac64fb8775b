// The pure part of handoff briefs: the timer each schedule keeps, what
// start-up does with a stored one, the brief's content and its rows.
#include "engine/handoffs.h"

#include <gtest/gtest.h>

#include "notify/brief.h"
#include "oncall/test_support.h"
#include "testing/test_config.h"

namespace klaxon::engine {
namespace {

using oncall::test::At;
using std::chrono::hours;
using std::chrono::minutes;

// SmallConfig with maya and diego on a weekly primary rotation (Mondays
// 09:00 UTC from 2025-01-06), briefs to the Slack channel and, directly, to
// the incoming person's Slack user (through the same bot) and webhook.
config::Config HandoffConfig() {
  config::Config c = klaxon::testing::SmallConfig();
  c.server.external_url = "https://klaxon.example";
  c.people.push_back({.id = "maya", .name = "Maya Okafor", .slack_user = "U04MAYA0001"});
  c.people.push_back(
      {.id = "diego", .name = "Diego Hernández", .slack_user = "U04DIEGO002", .webhook = "hook"});
  c.schedules = {{oncall::test::Weekly("primary", {"maya", "diego"}, "2025-01-06"), {}}};
  c.schedules[0].spec.name = "Primary on-call";
  config::NotificationChannel slack{.id = "slack", .type = "slack", .token = "xoxb-t",
                                    .channel = "C0INCIDENTS"};
  config::NotificationChannel hook{.id = "hook", .type = "webhook", .url = "https://h.test",
                                   .secret = "s"};
  c.notifications.channels = {slack, hook};
  c.notifications.handoff = config::HandoffSettings{.channels = {"slack"}, .dm_via = "slack"};
  return c;
}

incident::Incident Open(int64_t id, std::string severity, Time opened) {
  incident::Incident i;
  i.id = id;
  i.title = "Incident " + std::to_string(id);
  i.severity = std::move(severity);
  i.opened_at = opened;
  return i;
}

TEST(HandoffTimers, KeyNamesTheSchedule) {
  EXPECT_EQ(HandoffTimerKey("primary"), "schedule/primary/handoff");
  EXPECT_EQ(ScheduleOfHandoffTimer("schedule/primary/handoff"), "primary");
  EXPECT_EQ(ScheduleOfHandoffTimer("incident/4/quiet"), "");
  EXPECT_EQ(ScheduleOfHandoffTimer("schedule//handoff"), "");
}

TEST(HandoffTimers, TheNextTimerIsDueAtTheNextHandoff) {
  config::Config c = HandoffConfig();
  auto t = NextHandoffTimer(c.schedules[0], At("2025-08-07T10:00:00Z"));
  ASSERT_TRUE(t && *t);
  EXPECT_EQ((*t)->key, "schedule/primary/handoff");
  EXPECT_EQ((*t)->kind, "handoff");
  EXPECT_EQ((*t)->incident_id, 0);
  EXPECT_EQ((*t)->due_at, At("2025-08-11T09:00:00Z"));
  EXPECT_EQ((*t)->payload, R"({"schedule":"primary","from":"maya","to":"diego"})");
  // A one-person rotation never hands over again.
  c.schedules[0].spec = oncall::test::Weekly("primary", {"maya"}, "2025-01-06");
  auto none = NextHandoffTimer(c.schedules[0], At("2025-08-07T10:00:00Z"));
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, std::nullopt);
}

TEST(HandoffTimers, StartUpKeepsDueAndCurrentTimersAndReplacesStaleOnes) {
  const Time now = At("2025-08-07T10:00:00Z");
  auto timer = [](std::string at, std::string payload = "{}") {
    return store::Timer{"schedule/primary/handoff", "handoff", 0, At(at), std::move(payload)};
  };
  const auto wanted = std::optional(timer("2025-08-11T09:00:00Z"));
  EXPECT_EQ(ReconcileHandoffTimer(std::nullopt, wanted, now), TimerAction::kPut);
  EXPECT_EQ(ReconcileHandoffTimer(wanted, wanted, now), TimerAction::kKeep);
  // Missed while down: fires once, late.
  EXPECT_EQ(ReconcileHandoffTimer(timer("2025-08-04T09:00:00Z"), wanted, now), TimerAction::kKeep);
  EXPECT_EQ(ReconcileHandoffTimer(timer("2025-08-04T09:00:00Z"), std::nullopt, now),
            TimerAction::kKeep);
  // The schedule changed.
  EXPECT_EQ(ReconcileHandoffTimer(timer("2025-08-12T09:00:00Z"), wanted, now), TimerAction::kPut);
  EXPECT_EQ(ReconcileHandoffTimer(timer("2025-08-11T09:00:00Z", R"({"x":1})"), wanted, now),
            TimerAction::kPut);
  EXPECT_EQ(ReconcileHandoffTimer(timer("2025-08-12T09:00:00Z"), std::nullopt, now),
            TimerAction::kDelete);
  EXPECT_EQ(ReconcileHandoffTimer(std::nullopt, std::nullopt, now), TimerAction::kKeep);
}

TEST(HandoffBrief, ListsOpenIncidentsMostSevereFirstThenOldest) {
  config::Config c = HandoffConfig();
  const Time at = At("2025-08-11T09:00:00Z");
  std::vector<incident::Incident> open = {Open(1, "SEV3", at - hours(5)),
                                          Open(2, "SEV1", at - hours(1)),
                                          Open(3, "SEV1", at - hours(3)),
                                          Open(4, "SEV2", at - minutes(1))};
  open[1].lead = "maya";
  open[2].ack = incident::Acknowledgement{"diego", "slack", at - hours(2)};
  open[2].summary = "Bad deploy";
  open[2].next_step = "Rolling back";
  open[2].eta = "10:00";
  open[2].status = incident::Status::kIdentified;
  incident::Incident resolved = Open(5, "SEV1", at - hours(9));
  resolved.status = incident::Status::kResolved;
  open.push_back(resolved);
  auto b = BuildBrief(c, c.schedules[0], {at, "maya", "diego"}, open);
  EXPECT_EQ(b.schedule_id, "primary");
  EXPECT_EQ(b.schedule_name, "Primary on-call");
  EXPECT_EQ(b.at, at);
  EXPECT_EQ(b.outgoing.name, "Maya Okafor");
  EXPECT_EQ(b.incoming.id, "diego");
  EXPECT_EQ(b.incoming.name, "Diego Hernández");
  std::vector<std::string> refs;
  for (const auto& i : b.incidents) refs.push_back(i.ref);
  EXPECT_EQ(refs, (std::vector<std::string>{"INC-3", "INC-2", "INC-4", "INC-1"}));
  EXPECT_EQ(b.incidents[0].lead, "diego") << "who acknowledged, without a lead";
  EXPECT_EQ(b.incidents[1].lead, "maya");
  EXPECT_EQ(b.incidents[3].lead, "");
  EXPECT_EQ(b.incidents[0].status, incident::Status::kIdentified);
  EXPECT_EQ(b.incidents[0].summary, "Bad deploy");
  EXPECT_EQ(b.incidents[0].next, "Rolling back");
  EXPECT_EQ(b.incidents[0].eta, "10:00");
  EXPECT_EQ(b.incidents[0].opened_at, at - hours(3));
  EXPECT_EQ(b.incidents[0].link, "https://klaxon.example/api/v1/incidents/INC-3");
  EXPECT_EQ(b.unlisted, 0);
}

TEST(HandoffBrief, ListsAtMostTwentyAndCountsTheRest) {
  config::Config c = HandoffConfig();
  const Time at = At("2025-08-11T09:00:00Z");
  std::vector<incident::Incident> open;
  for (int i = 1; i <= 25; ++i) open.push_back(Open(i, "SEV2", at - minutes(i)));
  auto b = BuildBrief(c, c.schedules[0], {at, "maya", "diego"}, open);
  EXPECT_EQ(b.incidents.size(), kBriefIncidents);
  EXPECT_EQ(b.unlisted, 5);
  EXPECT_EQ(b.incidents.front().ref, "INC-25");  // the oldest
}

TEST(HandoffPlan, BriefsTheChannelAndTheIncomingPersonsRoutes) {
  config::Config c = HandoffConfig();
  const Time at = At("2025-08-11T09:00:00Z");
  std::vector<incident::Incident> open = {Open(7, "SEV1", at - hours(2))};
  auto plan = PlanHandoff(c, c.schedules[0], at, at, open);
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_TRUE(plan->handoff);
  EXPECT_EQ(*plan->handoff, (oncall::Handover{at, "maya", "diego"}));
  ASSERT_TRUE(plan->next);
  EXPECT_EQ(plan->next->due_at, At("2025-08-18T09:00:00Z"));
  ASSERT_EQ(plan->rows.size(), 3u);
  std::vector<std::string> got;
  for (const auto& r : plan->rows) {
    EXPECT_EQ(r.incident_id, 0);
    EXPECT_EQ(r.event, "oncall.handoff");
    EXPECT_EQ(r.next_attempt_at, at);
    auto b = notify::DecodeBrief(r.payload);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->idempotency_key, r.idempotency_key);
    EXPECT_EQ(b->incidents.size(), 1u);
    got.push_back(r.channel + " " + r.idempotency_key + " " + b->recipient + " " + b->slack_user);
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "slack handoff/primary/1754902800000  ",
                     "slack handoff/primary/1754902800000/diego diego U04DIEGO002",
                     "hook handoff/primary/1754902800000/diego diego "}));
}

TEST(HandoffPlan, WithoutDirectOnlyTheChannelsAndWithoutRoutesNoDirectCopy) {
  config::Config c = HandoffConfig();
  const Time at = At("2025-08-11T09:00:00Z");
  c.notifications.handoff->direct = false;
  auto plan = PlanHandoff(c, c.schedules[0], at, at, {});
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->rows.size(), 1u);
  EXPECT_EQ(plan->rows[0].channel, "slack");
  // maya (coming back on the 18th) has a Slack user but no webhook.
  c.notifications.handoff->direct = true;
  auto back = PlanHandoff(c, c.schedules[0], At("2025-08-18T09:00:00Z"),
                          At("2025-08-18T09:00:00Z"), {});
  ASSERT_TRUE(back);
  ASSERT_EQ(back->rows.size(), 2u);
  EXPECT_EQ(back->rows[1].channel, "slack");
  EXPECT_EQ(notify::DecodeBrief(back->rows[1].payload)->slack_user, "U04MAYA0001");
}

TEST(HandoffPlan, ALateTimerAnnouncesOnlyWhoIsOnCallNow) {
  config::Config c = HandoffConfig();
  // Due on the 11th, fired on the 20th (klaxon was down): the 18th's handoff
  // (diego -> maya) is the one that matters.
  auto plan = PlanHandoff(c, c.schedules[0], At("2025-08-11T09:00:00Z"),
                          At("2025-08-20T12:00:00Z"), {});
  ASSERT_TRUE(plan);
  ASSERT_TRUE(plan->handoff);
  EXPECT_EQ(*plan->handoff, (oncall::Handover{At("2025-08-18T09:00:00Z"), "diego", "maya"}));
  EXPECT_EQ(plan->rows.front().idempotency_key, "handoff/primary/1755507600000");
  EXPECT_EQ(plan->next->due_at, At("2025-08-25T09:00:00Z"));
}

TEST(HandoffPlan, AStaleTimerAnnouncesNothingAndMovesOn) {
  config::Config c = HandoffConfig();
  // Set for a Wednesday by an older configuration: no handoff then.
  auto plan = PlanHandoff(c, c.schedules[0], At("2025-08-13T09:00:00Z"),
                          At("2025-08-13T09:00:00Z"), {});
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->handoff);
  EXPECT_TRUE(plan->rows.empty());
  EXPECT_EQ(plan->next->due_at, At("2025-08-18T09:00:00Z"));
}

}  // namespace
}  // namespace klaxon::engine
