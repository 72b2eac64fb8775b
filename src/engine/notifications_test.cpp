// Which notifications an incident change produces: the pure plan, and the
// engine writing them in the same transaction as the change.
#include "engine/notifications.h"

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "notify/payload.h"
#include "postmortem/rules.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"
#include "testing/test_config.h"

namespace klaxon::engine {
namespace {

using std::chrono::minutes;

config::NotificationRoute Route(std::vector<std::string> channels,
                                std::vector<std::string> severities = {},
                                std::vector<std::string> runbooks = {},
                                std::vector<std::string> events = {}, bool stop = false) {
  config::NotificationRoute r;
  r.channels = std::move(channels);
  r.severities = std::move(severities);
  r.runbooks = std::move(runbooks);
  r.events = std::move(events);
  r.stop = stop;
  return r;
}

config::Config Cfg() {
  config::Config c = klaxon::testing::SmallConfig();
  c.server.external_url = "http://klaxon.test";
  c.notifications.routes = {Route({"slack"}),
                            Route({"pagerduty"}, {"SEV1", "SEV2"}, {}, {"escalated", "opened"})};
  return c;
}

incident::Incident Inc() {
  incident::Incident i;
  i.id = 42;
  i.title = "API down";
  i.runbook_id = "RB-001";
  i.severity = "SEV1";
  i.opened_at = FromUnixMillis(1'000'000);
  return i;
}

incident::TimelineEntry Line(std::string_view kind, int64_t seq, std::string actor = "klaxon") {
  incident::TimelineEntry l;
  l.seq = seq;
  l.incident_id = 42;
  l.at = FromUnixMillis(1'000'000 + seq);
  l.kind = std::string(kind);
  l.actor = std::move(actor);
  return l;
}

std::vector<std::string> Keys(const std::vector<store::OutboxEntry>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.channel + " " + r.event + " " + r.idempotency_key);
  return out;
}

namespace kinds = incident::kinds;

TEST(ChannelsFor, RoutesFilterBySeverityRunbookAndEventAndStopEndsTheWalk) {
  config::NotificationSettings s;
  s.routes = {Route({"security"}, {}, {"RB-008"}, {}, true), Route({"slack"}),
              Route({"pagerduty", "slack"}, {"SEV1"}, {}, {"escalated"})};
  EXPECT_EQ(ChannelsFor(s, "SEV1", "RB-001", "opened"), std::vector<std::string>{"slack"});
  EXPECT_EQ(ChannelsFor(s, "SEV1", "RB-001", "escalated"),
            (std::vector<std::string>{"slack", "pagerduty"}));
  EXPECT_EQ(ChannelsFor(s, "SEV2", "RB-001", "escalated"), std::vector<std::string>{"slack"});
  EXPECT_EQ(ChannelsFor(s, "SEV1", "RB-008", "escalated"), std::vector<std::string>{"security"});
  EXPECT_TRUE(ChannelsFor(config::NotificationSettings{}, "SEV1", "", "opened").empty());
}

TEST(PlanNotifications, OneRowPerEventAndChannelWithStableKeys) {
  auto rows = PlanNotifications(Cfg(), Inc(),
                                std::vector{Line(kinds::kOpened, 7), Line(kinds::kAlertFired, 8)},
                                FromUnixMillis(5));
  EXPECT_EQ(Keys(rows), (std::vector<std::string>{"slack incident.opened INC-42:opened:7",
                                                  "pagerduty incident.opened INC-42:opened:7"}));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].incident_id, 42);
  EXPECT_EQ(rows[0].next_attempt_at, FromUnixMillis(5));
  EXPECT_EQ(rows[0].created_at, FromUnixMillis(5));
  auto n = notify::DecodePayload(rows[0].payload);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->event, notify::Event::kOpened);
  EXPECT_EQ(n->incident_ref, "INC-42");
  EXPECT_EQ(n->incident.title, "API down");
  EXPECT_EQ(n->link, "http://klaxon.test/api/v1/incidents/INC-42");
  EXPECT_EQ(n->idempotency_key, "INC-42:opened:7");
  EXPECT_EQ(n->at, FromUnixMillis(1'000'007));
}

TEST(PlanNotifications, EachAnnouncingLineIsAnEvent) {
  incident::Incident inc = Inc();
  inc.severity = "SEV3";  // slack only
  auto rows = PlanNotifications(
      Cfg(), inc,
      std::vector{Line(kinds::kAcknowledged, 1, "alice"), Line(kinds::kSeverityChanged, 2),
                  Line(kinds::kLeadAssigned, 3), Line(kinds::kReopened, 4),
                  Line(kinds::kResolved, 5)},
      FromUnixMillis(5));
  EXPECT_EQ(Keys(rows),
            (std::vector<std::string>{"slack incident.acknowledged INC-42:acknowledged:1",
                                      "slack incident.severity_changed INC-42:severity_changed:2",
                                      "slack incident.reopened INC-42:reopened:4",
                                      "slack incident.resolved INC-42:resolved:5"}));
  EXPECT_EQ(notify::DecodePayload(rows[0].payload)->actor, "alice");
}

TEST(PlanNotifications, AStatusChangeAloneIsAnUpdateButNotBesideAnotherEvent) {
  incident::Incident inc = Inc();
  inc.status = incident::Status::kMonitoring;
  auto alone = PlanNotifications(Cfg(), inc, std::vector{Line(kinds::kStatusChanged, 9)},
                                 FromUnixMillis(5));
  EXPECT_EQ(Keys(alone), std::vector<std::string>{"slack incident.updated INC-42:updated:9"});
  auto n = notify::DecodePayload(alone[0].payload);
  ASSERT_TRUE(n && n->update);
  EXPECT_EQ(n->update->status, incident::Status::kMonitoring);
  auto with_update = PlanNotifications(
      Cfg(), inc, std::vector{Line(kinds::kStatusChanged, 9), Line(kinds::kUpdate, 10)},
      FromUnixMillis(5));
  EXPECT_EQ(Keys(with_update), std::vector<std::string>{"slack incident.updated INC-42:updated:10"});
}

TEST(PlanNotifications, ResolvedCarriesTheResolution) {
  incident::Incident inc = Inc();
  inc.status = incident::Status::kResolved;
  inc.resolved_at = inc.opened_at + minutes(47);
  inc.root_cause = "Bad deploy";
  auto rows = PlanNotifications(Cfg(), inc, std::vector{Line(kinds::kResolved, 3)},
                                FromUnixMillis(5));
  ASSERT_EQ(rows.size(), 1u);
  auto n = notify::DecodePayload(rows[0].payload);
  ASSERT_TRUE(n && n->resolution);
  EXPECT_EQ(n->resolution->duration, minutes(47));
  EXPECT_EQ(n->resolution->root_cause, "Bad deploy");
}

// The handbook's RESOLVED fields in full: the duration to the second, the
// impact given when resolving, and the post-mortem as the follow-up when the
// rules require one (and none when they do not).
TEST(PlanNotifications, ResolvedCarriesImpactAndThePostmortemFollowUp) {
  config::Config cfg = Cfg();
  cfg.postmortems.required_when = postmortem::HandbookRules();
  incident::Incident inc = Inc();
  inc.status = incident::Status::kResolved;
  inc.resolved_at = inc.opened_at + minutes(8) + std::chrono::milliseconds(40'800);
  incident::TimelineEntry resolved = Line(kinds::kResolved, 3);
  resolved.data = R"({"root_cause":"","impact":{"users":"checkout failed for 1,200 users","payments":"","revenue":"about 2k EUR"}})";
  auto rows = PlanNotifications(cfg, inc, std::vector{resolved}, FromUnixMillis(5));
  ASSERT_EQ(rows.size(), 1u);
  auto n = notify::DecodePayload(rows[0].payload);
  ASSERT_TRUE(n && n->resolution);
  EXPECT_EQ(n->resolution->duration, std::chrono::seconds(8 * 60 + 41));
  EXPECT_EQ(n->resolution->impact, "users: checkout failed for 1,200 users; revenue: about 2k EUR");
  EXPECT_EQ(n->resolution->follow_up,
            "Post-mortem required (SEV1) by 1970-01-06: klaxon postmortem INC-42");

  inc.severity = "SEV3";  // not payments, not SEV1/SEV2: nothing to follow up
  rows = PlanNotifications(cfg, inc, std::vector{Line(kinds::kResolved, 3)}, FromUnixMillis(5));
  ASSERT_EQ(rows.size(), 1u);
  n = notify::DecodePayload(rows[0].payload);
  ASSERT_TRUE(n && n->resolution);
  EXPECT_EQ(n->resolution->impact, "");
  EXPECT_EQ(n->resolution->follow_up, "");
}

TEST(PlanNotifications, NoRoutesNoRows) {
  config::Config c = Cfg();
  c.notifications.routes.clear();
  EXPECT_TRUE(PlanNotifications(c, Inc(), std::vector{Line(kinds::kOpened, 1)}, FromUnixMillis(5))
                  .empty());
}

// The engine enqueues in the transaction of the change, once per event.
class EngineNotificationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_ = Cfg();
    auto s = store::sqlite::Open({dir_.File("klaxon.db")});
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    Options o;
    o.config = &cfg_;
    o.store = store_.get();
    o.clock = &clock_;
    o.notifications_enqueued = [this] { ++wakes_; };
    engine_ = std::make_unique<Engine>(o);
  }
  void Fire() {
    ingest::Alert a;
    a.labels = LabelSet{{"alertname", "ApiDown"}, {"service", "api"}};
    a.fingerprint = FingerprintOf(a.labels);
    a.action = ingest::AlertAction::kFire;
    a.source = "alertmanager";
    a.integration = "prometheus";
    bool done = false;
    ASSERT_TRUE(engine_->SubmitAlerts({a}, [&](Result<IngestResult> r) { done = r.has_value(); }));
    ASSERT_TRUE(engine_->RunPending());
    ASSERT_TRUE(done);
  }
  std::vector<std::string> Rows() {
    std::vector<std::string> out;
    auto rows = store_->ListNotifications(1).value();
    for (const auto& r : rows) out.push_back(r.channel + " " + r.event);
    return out;
  }

  klaxon::testing::TempDir dir_;
  config::Config cfg_;
  ManualClock clock_{FromUnixMillis(1'754'558'062'000)};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
  int wakes_ = 0;
};

TEST_F(EngineNotificationsTest, AnAlertOpensAndAnAckNotifiesOnceEach) {
  Fire();
  EXPECT_EQ(Rows(), (std::vector<std::string>{"slack incident.opened",
                                              "pagerduty incident.opened"}));
  EXPECT_EQ(wakes_, 1);
  Fire();  // a repeat changes nothing visible
  EXPECT_EQ(Rows().size(), 2u);
  EXPECT_EQ(wakes_, 1);
  std::optional<Result<incident::Incident>> acked;
  engine_->SubmitCommand({1, incident::Acknowledge{"alice", "api"}},
                         [&](Result<incident::Incident> r) { acked = std::move(r); });
  ASSERT_TRUE(engine_->RunPending());
  ASSERT_TRUE(acked && acked->has_value());
  EXPECT_EQ(Rows(), (std::vector<std::string>{"slack incident.opened", "pagerduty incident.opened",
                                              "slack incident.acknowledged"}));
  EXPECT_EQ(wakes_, 2);
}

TEST(PlanNotificationsTest, AnUpdateAskingForAnApprovalCarriesItToTheChannels) {
  config::Config c = Cfg();
  auto inc = Inc();
  incident::Incident before = inc;
  auto out = incident::Apply(
      before,
      incident::PostUpdate{std::nullopt, "Step 2 waits for approval", "", "", "klaxon",
                           "remediation", incident::StepApproval{2, "Kill idle backends", "lead"}},
      incident::Policy{}, FromUnixMillis(2'000'000));
  ASSERT_TRUE(out);
  ASSERT_EQ(out->timeline.size(), 1u);
  out->timeline[0].seq = 7;
  auto rows = PlanNotifications(c, out->incident, out->timeline, FromUnixMillis(2'000'000));
  ASSERT_EQ(rows.size(), 1u);
  auto n = notify::DecodePayload(rows[0].payload);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->event, notify::Event::kUpdated);
  ASSERT_TRUE(n->approval);
  EXPECT_EQ(n->approval->step, 2);
  EXPECT_EQ(n->approval->name, "Kill idle backends");
  EXPECT_EQ(n->approval->role, "lead");

  auto plain = incident::Apply(before, incident::PostUpdate{std::nullopt, "x", "", "", "a", "api"},
                               incident::Policy{}, FromUnixMillis(2'000'000));
  ASSERT_TRUE(plain);
  plain->timeline[0].seq = 8;
  auto rows2 = PlanNotifications(c, plain->incident, plain->timeline, FromUnixMillis(2'000'000));
  ASSERT_EQ(rows2.size(), 1u);
  EXPECT_FALSE(notify::DecodePayload(rows2[0].payload)->approval);
}

}  // namespace
}  // namespace klaxon::engine
