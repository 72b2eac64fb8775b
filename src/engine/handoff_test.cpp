// Handoff briefs end to end inside the process: the engine with its durable
// timers on a real SQLite store, the outbox sender, the Slack channel and the
// Slack stand-in (which enforces Slack's contract), all on a manual clock.
// Nothing sleeps: the clock is moved, then the engine and the sender run
// what is due. Restarts drop the engine, the sender and the store and open
// them again on the same file.
#include <algorithm>

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "engine/handoffs.h"
#include "metrics/metrics.h"
#include "notify/outbox/sender.h"
#include "notify/slack/channel.h"
#include "oncall/test_support.h"
#include "standins/slack_standin.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"
#include "testing/test_config.h"

namespace klaxon::engine {
namespace {

using oncall::test::At;
using oncall::test::MakeLayer;
using oncall::test::MakeSchedule;
using standins::SlackStandin;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

// SmallConfig with the handbook's weekly primary rotation in San Francisco
// (maya, diego; Mondays 09:00 local), sam as a third person, and briefs to
// the Slack channel and to the incoming person's Slack user.
config::Config BriefingConfig() {
  config::Config c = klaxon::testing::SmallConfig();
  c.incidents.resolve_timeout = hours(24 * 60);  // alerts stay firing throughout
  c.people.push_back({.id = "maya", .name = "Maya Okafor", .slack_user = "U04MAYA0001"});
  c.people.push_back({.id = "diego", .name = "Diego Hernández", .slack_user = "U04DIEGO002"});
  c.people.push_back({.id = "sam", .name = "Sam Whitfield", .slack_user = "U04SAMW0004"});
  oncall::Schedule primary = MakeSchedule(
      "America/Los_Angeles", {MakeLayer({"maya", "diego"}, oncall::test::kWeek, "09:00", "2025-01-06")});
  primary.name = "Primary on-call";
  c.schedules = {{primary, {}}};
  config::NotificationChannel slack{.id = "slack", .type = "slack", .token = "xoxb-standin-token",
                                    .channel = "C0INCIDENTS"};
  c.notifications.channels = {slack};
  c.notifications.handoff = config::HandoffSettings{.channels = {"slack"}, .dm_via = "slack"};
  return c;
}

ingest::Alert Fire(std::string service) {
  ingest::Alert a;
  a.labels = LabelSet{{"alertname", "ApiDown"}, {"service", std::move(service)}};
  a.fingerprint = FingerprintOf(a.labels);
  a.action = ingest::AlertAction::kFire;
  a.source = "alertmanager";
  a.integration = "prometheus";
  return a;
}

class HandoffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_ = BriefingConfig();
    auto s = SlackStandin::Start(
        {.users = {"U04MAYA0001", "U04DIEGO002", "U04SAMW0004"}});
    ASSERT_TRUE(s) << s.error().message;
    slack_ = std::move(*s);
    cfg_.notifications.channels[0].api_url = slack_->BaseUrl() + "/api";
  }
  void TearDown() override { Stop(); }

  // Opens the store, the engine and the sender, and lets the engine start
  // as klaxon serve does (its first pass: handoff timers, due work); the
  // sender only sends in Run().
  void Start() {
    auto s = store::sqlite::Open({dir_.File("klaxon.db")});
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    metrics_ = std::make_unique<metrics::Registry>();
    const auto& c = cfg_.notifications.channels[0];
    channel_ = std::make_unique<notify::slack::SlackChannel>(notify::slack::ChannelOptions{
        .token = c.token, .channel = c.channel, .api_url = c.api_url});
    notify::outbox::SenderOptions so;
    so.store = store_.get();
    so.clock = &clock_;
    so.random = [] { return 0.5; };
    so.channels = {{"slack", "Slack #incidents", channel_.get(), {}}};
    sender_ = std::make_unique<notify::outbox::Sender>(std::move(so));
    Options o;
    o.config = &cfg_;
    o.store = store_.get();
    o.clock = &clock_;
    o.metrics = metrics_.get();
    engine_ = std::make_unique<Engine>(o);
    auto st = engine_->RunPending();
    ASSERT_TRUE(st) << st.error().message;
  }
  void Stop() {
    engine_.reset();
    sender_.reset();
    channel_.reset();
    store_.reset();
  }
  void Restart() {
    Stop();
    Start();
  }
  // Runs what is due at the current time: the engine, then the sender.
  void Run() {
    auto st = engine_->RunPending();
    ASSERT_TRUE(st) << st.error().message;
    auto sent = sender_->RunPending();
    ASSERT_TRUE(sent) << sent.error().message;
  }
  void MoveTo(Time t) {
    clock_.Set(t);
    Run();
  }
  int64_t OpenIncident(std::string service) {
    std::optional<Result<IngestResult>> got;
    EXPECT_TRUE(engine_->SubmitAlerts({Fire(std::move(service))},
                                      [&](Result<IngestResult> r) { got = std::move(r); }));
    EXPECT_TRUE(engine_->RunPending());
    EXPECT_TRUE(got && got->has_value());
    return got && got->has_value() ? (*got)->alerts.at(0).incident_id : 0;
  }
  // Accepted messages: "<channel>: <second line of the fallback text>",
  // sorted (the sender sends a handoff's rows concurrently, in any order).
  std::vector<std::string> Posted() {
    std::vector<std::string> out;
    for (const auto& m : slack_->Messages()) {
      std::string text = m.text;
      auto nl = text.find('\n');
      auto second = text.find('\n', nl + 1);
      out.push_back(m.channel + ": " + text.substr(nl + 1, second - nl - 1));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  double Announced(const std::string& schedule) {
    std::string text = metrics_->Render();
    std::string series = "klaxon_oncall_handoffs_total{schedule=\"" + schedule + "\"} ";
    auto at = text.find(series);
    return at == std::string::npos ? 0 : std::stod(text.substr(at + series.size()));
  }

  klaxon::testing::TempDir dir_;
  config::Config cfg_;
  // Thursday 2025-08-07 10:00 UTC: maya's week; diego takes over on Monday
  // 2025-08-11 at 09:00 in San Francisco (PDT), 16:00 UTC.
  ManualClock clock_{At("2025-08-07T10:00:00Z")};
  const Time handoff_ = At("2025-08-11T16:00:00Z");
  std::unique_ptr<SlackStandin> slack_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<metrics::Registry> metrics_;
  std::unique_ptr<notify::slack::SlackChannel> channel_;
  std::unique_ptr<notify::outbox::Sender> sender_;
  std::unique_ptr<Engine> engine_;
};

const std::string kToChannel =
    "C0INCIDENTS: Diego Hernández is on call now, taking over from Maya Okafor (2025-08-11 16:00 UTC).";
const std::string kToDiego =
    "D04DIEGO002: You are on call now for Primary on-call, taking over from Maya Okafor "
    "(2025-08-11 16:00 UTC).";

TEST_F(HandoffTest, TheBriefGoesOutAtTheHandoffInstantToTheChannelAndTheIncomingPerson) {
  Start();
  int64_t api = OpenIncident("api");
  int64_t web = OpenIncident("web");
  ASSERT_GT(web, api);
  MoveTo(handoff_ - milliseconds(1));
  EXPECT_TRUE(slack_->Messages().empty()) << "not before";
  EXPECT_EQ(Announced("primary"), 0);
  MoveTo(handoff_);
  EXPECT_EQ(Posted(), (std::vector<std::string>{kToChannel, kToDiego}));
  auto messages = slack_->Messages();
  for (const auto& m : messages) {
    EXPECT_NE(m.text.find("2 open incidents:"), std::string::npos) << m.text;
    EXPECT_NE(m.text.find("INC-1"), std::string::npos) << m.text;
    EXPECT_NE(m.text.find("INC-2"), std::string::npos) << m.text;
    EXPECT_NE(m.text.find("SEV1 · Investigating · open 4d6h"), std::string::npos) << m.text;
  }
  // The DM was asked for by user id, as Slack wants it (the two requests
  // go out concurrently, in either order).
  auto requests = slack_->Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(std::count_if(requests.begin(), requests.end(),
                          [](const SlackStandin::Received& r) {
                            return r.body.find(R"("channel":"U04DIEGO002")") != std::string::npos;
                          }),
            1);
  EXPECT_EQ(Announced("primary"), 1);
  // Not after: nothing more until the next handoff, a week later.
  MoveTo(handoff_ + hours(24 * 7) - milliseconds(1));
  EXPECT_EQ(slack_->Messages().size(), 2u);
  MoveTo(handoff_ + hours(24 * 7));
  auto later = Posted();
  ASSERT_EQ(later.size(), 4u);
  EXPECT_EQ(later[3], "D04MAYA0001: You are on call now for Primary on-call, taking over from "
                      "Diego Hernández (2025-08-18 16:00 UTC).");
}

TEST_F(HandoffTest, WithNothingOpenTheBriefSaysSo) {
  Start();
  MoveTo(handoff_);
  auto messages = slack_->Messages();
  ASSERT_EQ(messages.size(), 2u);
  for (const auto& m : messages) {
    EXPECT_NE(m.text.find("Nothing is open: nothing to hand over."), std::string::npos) << m.text;
  }
}

TEST_F(HandoffTest, AResolvedIncidentIsNotHandedOver) {
  Start();
  int64_t id = OpenIncident("api");
  std::optional<Result<incident::Incident>> got;
  engine_->SubmitCommand({id, incident::Resolve{"fixed", "maya", "api"}},
                         [&](Result<incident::Incident> r) { got = std::move(r); });
  Run();
  ASSERT_TRUE(got && got->has_value());
  MoveTo(handoff_);
  ASSERT_EQ(slack_->Messages().size(), 2u);
  EXPECT_NE(slack_->Messages()[0].text.find("Nothing is open"), std::string::npos);
}

TEST_F(HandoffTest, HandoffsFollowLocalTimeAcrossTheDaylightSavingChange) {
  // Los Angeles springs forward on Sunday 2025-03-09: Monday 09:00 is
  // 16:00 UTC on the 10th, where it was 17:00 UTC on the 3rd.
  clock_.Set(At("2025-03-05T12:00:00Z"));
  Start();
  Run();
  MoveTo(At("2025-03-10T16:00:00Z") - milliseconds(1));
  EXPECT_TRUE(slack_->Messages().empty());
  MoveTo(At("2025-03-10T16:00:00Z"));
  EXPECT_EQ(Posted(), (std::vector<std::string>{
                          "C0INCIDENTS: Diego Hernández is on call now, taking over from Maya "
                          "Okafor (2025-03-10 16:00 UTC).",
                          "D04DIEGO002: You are on call now for Primary on-call, taking over "
                          "from Maya Okafor (2025-03-10 16:00 UTC)."}));
}

TEST_F(HandoffTest, AnOverrideHandsOverAtItsStartAndBackAtItsEnd) {
  // sam covers Friday 12:00 to Saturday 12:00 UTC of maya's week.
  cfg_.schedules[0].spec.overrides = {
      oncall::Override{"sam", At("2025-08-08T12:00:00Z"), At("2025-08-09T12:00:00Z")}};
  Start();
  Run();
  MoveTo(At("2025-08-08T12:00:00Z"));
  MoveTo(At("2025-08-09T12:00:00Z"));
  EXPECT_EQ(Posted(), (std::vector<std::string>{
                          "C0INCIDENTS: Maya Okafor is on call now, taking over from Sam "
                          "Whitfield (2025-08-09 12:00 UTC).",
                          "C0INCIDENTS: Sam Whitfield is on call now, taking over from Maya "
                          "Okafor (2025-08-08 12:00 UTC).",
                          "D04MAYA0001: You are on call now for Primary on-call, taking over from "
                          "Sam Whitfield (2025-08-09 12:00 UTC).",
                          "D04SAMW0004: You are on call now for Primary on-call, taking over from "
                          "Maya Okafor (2025-08-08 12:00 UTC)."}));
}

TEST_F(HandoffTest, ARestartBeforeTheHandoffStillFiresItOnce) {
  Start();
  OpenIncident("api");
  Run();  // the timer is on disk
  Restart();
  MoveTo(handoff_ - minutes(1));
  Restart();
  MoveTo(handoff_);
  EXPECT_EQ(Posted(), (std::vector<std::string>{kToChannel, kToDiego}));
  EXPECT_NE(slack_->Messages()[0].text.find("INC-1"), std::string::npos);
}

TEST_F(HandoffTest, ARestartAfterTheHandoffDoesNotSendItTwice) {
  Start();
  MoveTo(handoff_);
  ASSERT_EQ(slack_->Messages().size(), 2u);
  Restart();
  Run();
  MoveTo(handoff_ + hours(1));
  Restart();
  MoveTo(handoff_ + hours(2));
  EXPECT_EQ(Posted(), (std::vector<std::string>{kToChannel, kToDiego}));
  EXPECT_EQ(slack_->Requests().size(), 2u);
}

TEST_F(HandoffTest, ACrashBetweenEnqueueAndSendDeliversEachBriefOnce) {
  Start();
  clock_.Set(handoff_);
  ASSERT_TRUE(engine_->RunPending());  // enqueued, not sent
  EXPECT_TRUE(slack_->Messages().empty());
  Restart();
  Run();
  Run();
  EXPECT_EQ(Posted(), (std::vector<std::string>{kToChannel, kToDiego}));
}

TEST_F(HandoffTest, AHandoffMissedWhileDownIsBriefedOnceWhenKlaxonComesBack) {
  Start();
  Run();
  Stop();
  clock_.Set(handoff_ + hours(3));
  Start();
  Run();
  Run();
  EXPECT_EQ(Posted(), (std::vector<std::string>{kToChannel, kToDiego}));
  // And the next one is on time.
  MoveTo(handoff_ + hours(24 * 7));
  EXPECT_EQ(slack_->Messages().size(), 4u);
}

TEST_F(HandoffTest, ARateLimitedBriefIsRetriedAndDeliveredOnce) {
  Start();
  slack_->FailNext(1, 429, 30);
  MoveTo(handoff_);
  // One of the two rows was refused (which one depends on which request
  // came first), the other went out.
  EXPECT_EQ(Posted().size(), 1u);
  EXPECT_EQ(slack_->Requests().size(), 2u);
  MoveTo(handoff_ + minutes(1));
  EXPECT_EQ(Posted(), (std::vector<std::string>{kToChannel, kToDiego}));
  EXPECT_EQ(slack_->Requests().size(), 3u) << "only the refused one again";
}

TEST_F(HandoffTest, WithoutHandoffSettingsNothingIsBriefedAndTheTimerGoes) {
  Start();
  Run();
  auto uow = store_->Begin();
  ASSERT_TRUE(uow);
  EXPECT_TRUE((*uow)->GetTimer(HandoffTimerKey("primary")).value_or(std::nullopt));
  uow->reset();
  cfg_.notifications.handoff.reset();
  Restart();
  Run();
  MoveTo(handoff_);
  EXPECT_TRUE(slack_->Messages().empty());
  auto after = store_->Begin();
  ASSERT_TRUE(after);
  EXPECT_FALSE((*after)->GetTimer(HandoffTimerKey("primary")).value_or(store::Timer{}));
}

}  // namespace
}  // namespace klaxon::engine
