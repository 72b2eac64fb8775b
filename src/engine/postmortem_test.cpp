// Post-mortems in the engine, against a real SQLite store on a manual clock:
// the decision at every resolution, the overdue flag from a durable timer
// (across a restart), marking it written, and action items whose owners are
// reminded once when they fall due.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "notify/reminder.h"
#include "postmortem/rules.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"
#include "testing/test_config.h"

namespace klaxon::engine {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

config::Config PostmortemConfig() {
  config::Config c = klaxon::testing::SmallConfig();
  c.incidents.resolve_timeout = hours(24 * 30);  // alerts stay firing until resolved by hand
  config::NotificationChannel slack;
  slack.id = "slack";
  slack.type = "slack";
  slack.token = "xoxb-test";
  c.notifications.channels = {slack};
  config::NotificationRoute all;
  all.channels = {"slack"};
  c.notifications.routes = {all};
  c.postmortems.required_when = postmortem::HandbookRules();
  c.postmortems.write_within = days(5);
  c.postmortems.remind_channels = {"slack"};
  c.postmortems.dm_via = "slack";
  return c;
}

ingest::Alert Fire(std::string service, std::string alertname) {
  ingest::Alert a;
  a.labels = LabelSet{{"alertname", alertname}, {"service", service}};
  a.fingerprint = FingerprintOf(a.labels);
  a.action = ingest::AlertAction::kFire;
  a.source = "alertmanager";
  a.integration = "prometheus";
  return a;
}

class PostmortemEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_ = PostmortemConfig();
    OpenStore();
  }
  void OpenStore() {
    engine_.reset();
    store_.reset();
    auto s = store::sqlite::Open({dir_.File("klaxon.db")});
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    Options o;
    o.config = &cfg_;
    o.store = store_.get();
    o.clock = &clock_;
    engine_ = std::make_unique<Engine>(o);
  }
  int64_t Open(std::string service, std::string alertname) {
    std::optional<Result<IngestResult>> got;
    EXPECT_TRUE(engine_->SubmitAlerts({Fire(std::move(service), std::move(alertname))},
                                      [&](Result<IngestResult> r) { got = std::move(r); }));
    EXPECT_TRUE(engine_->RunPending());
    EXPECT_TRUE(got && got->has_value());
    return got && got->has_value() ? (*got)->alerts.at(0).incident_id : 0;
  }
  Result<incident::Incident> Do(int64_t id, incident::Event ev) {
    std::optional<Result<incident::Incident>> got;
    engine_->SubmitCommand({id, std::move(ev)}, [&](Result<incident::Incident> r) { got = std::move(r); });
    EXPECT_TRUE(engine_->RunPending());
    EXPECT_TRUE(got.has_value());
    return got ? std::move(*got) : Fail(ErrorCode::kInternal, "no answer");
  }
  Result<PostmortemState> Pm(PostmortemCommand cmd) {
    std::optional<Result<PostmortemState>> got;
    engine_->SubmitPostmortemCommand(std::move(cmd), [&](Result<PostmortemState> r) { got = std::move(r); });
    EXPECT_TRUE(engine_->RunPending());
    EXPECT_TRUE(got.has_value());
    return got ? std::move(*got) : Fail(ErrorCode::kInternal, "no answer");
  }
  int64_t Resolved(std::string service, std::string alertname, Duration lasted) {
    int64_t id = Open(std::move(service), std::move(alertname));
    clock_.Advance(lasted);
    EXPECT_TRUE(Do(id, incident::Resolve{"pool exhausted", "maya", "cli"}));
    return id;
  }
  void Tick(Duration d) {
    clock_.Advance(d);
    auto st = engine_->RunPending();
    ASSERT_TRUE(st) << st.error().message;
  }
  postmortem::Record Record(int64_t id) {
    auto r = store_->GetPostmortem(id);
    EXPECT_TRUE(r && *r);
    return r && *r ? **r : postmortem::Record{};
  }
  std::vector<std::string> Lines(int64_t id, std::string_view kind) {
    std::vector<std::string> out;
    auto d = store_->GetIncidentDetail(id);
    EXPECT_TRUE(d && *d);
    if (!d || !*d) return out;
    for (auto& e : (*d)->timeline) {
      if (e.kind == kind) out.push_back(e.actor + ": " + e.text);
    }
    return out;
  }
  // Reminder rows of an incident: "channel kind recipient".
  std::vector<std::string> Reminders(int64_t id) {
    std::vector<std::string> out;
    for (const auto& r : store_->ListNotifications(id).value_or(std::vector<store::OutboxEntry>{})) {
      if (r.event != notify::kReminderEvent) continue;
      auto rem = notify::DecodeReminder(r.payload);
      EXPECT_TRUE(rem);
      if (rem) out.push_back(r.channel + " " + rem->kind + " " + (rem->slack_user.empty() ? "-" : rem->slack_user));
    }
    return out;
  }

  klaxon::testing::TempDir dir_;
  config::Config cfg_;
  ManualClock clock_{ParseTimestamp("2026-11-27T09:14:00Z").value()};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(PostmortemEngineTest, ASev1OfFiveMinutesRequiresOneAndSaysWhyOnTheTimeline) {
  int64_t id = Resolved("api", "ApiDown", minutes(5));
  auto r = Record(id);
  EXPECT_EQ(r.state, postmortem::State::kRequired);
  EXPECT_EQ(r.reasons, std::vector<std::string>{"SEV1"});
  EXPECT_EQ(r.due, clock_.Now() + days(5));
  EXPECT_EQ(Lines(id, kPostmortemLine),
            std::vector<std::string>{"klaxon: Post-mortem required (SEV1): write it by 2026-12-02T09:19:00.000Z"});
}

TEST_F(PostmortemEngineTest, AnIncidentNotTouchingPaymentsAndNotSevereNeedsNone) {
  int64_t id = Open("analytics", "ReportsSlow");  // unrouted: SEV4
  clock_.Advance(hours(3));
  ASSERT_TRUE(Do(id, incident::Resolve{"", "maya", "cli"}));
  EXPECT_EQ(Record(id).state, postmortem::State::kNotRequired);
  EXPECT_EQ(Lines(id, kPostmortemLine),
            std::vector<std::string>{"klaxon: No post-mortem required (SEV4 lasting 3h)"});
  EXPECT_FALSE(*store_->NextDue() && **store_->NextDue() < clock_.Now() + days(20));
}

TEST_F(PostmortemEngineTest, AnythingTouchingPaymentsRequiresOne) {
  int64_t id = Resolved("payments", "PaymentsSlow", minutes(2));  // unrouted: SEV4
  EXPECT_EQ(Record(id).reasons, std::vector<std::string>{"affects payments"});
}

TEST_F(PostmortemEngineTest, NotWrittenInTimeIsFlaggedOnceAcrossARestartAndRemindsTheLead) {
  int64_t id = Open("api", "ApiDown");
  ASSERT_TRUE(Do(id, incident::AssignLead{"alice", "maya", "cli"}));
  clock_.Advance(minutes(40));
  ASSERT_TRUE(Do(id, incident::Resolve{"pool exhausted", "maya", "cli"}));
  Tick(days(5) - minutes(1));
  EXPECT_FALSE(Record(id).overdue);
  EXPECT_TRUE(Lines(id, kPostmortemOverdueLine).empty());
  OpenStore();  // the deadline is a durable timer
  Tick(minutes(2));
  EXPECT_TRUE(Record(id).overdue);
  EXPECT_EQ(store_->CountOverduePostmortems().value_or(-1), 1);
  auto overdue = Lines(id, kPostmortemOverdueLine);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0], "klaxon: Post-mortem overdue: required (SEV1) and not written within 5d of "
                        "the resolution (due 2026-12-02T09:54:00.000Z)");
  EXPECT_EQ(Reminders(id), (std::vector<std::string>{"slack postmortem_overdue -",
                                                     "slack postmortem_overdue U1"}));
  Tick(days(10));
  EXPECT_EQ(Lines(id, kPostmortemOverdueLine).size(), 1u);
  // Written late: no longer counted.
  PostmortemCommand mark;
  mark.incident_id = id;
  mark.url = "https://docs.example/pm/1";
  mark.actor = "alice";
  mark.via = "cli";
  auto marked = Pm(mark);
  ASSERT_TRUE(marked) << marked.error().message;
  EXPECT_EQ(marked->record.state, postmortem::State::kWritten);
  EXPECT_EQ(store_->CountOverduePostmortems().value_or(-1), 0);
  EXPECT_EQ(Lines(id, kPostmortemLine).back(),
            "alice: Post-mortem marked written by alice via cli: https://docs.example/pm/1");
}

TEST_F(PostmortemEngineTest, WrittenInTimeIsNeverFlagged) {
  int64_t id = Resolved("api", "ApiDown", minutes(5));
  PostmortemCommand mark;
  mark.incident_id = id;
  mark.actor = "carol";
  mark.via = "api";
  ASSERT_TRUE(Pm(mark));
  Tick(days(6));
  EXPECT_FALSE(Record(id).overdue);
  EXPECT_EQ(Record(id).written_by, "carol");
  EXPECT_TRUE(Lines(id, kPostmortemOverdueLine).empty());
  EXPECT_TRUE(Reminders(id).empty());
}

TEST_F(PostmortemEngineTest, BeforeResolvingThereIsNothingToMark) {
  int64_t id = Open("api", "ApiDown");
  PostmortemCommand mark;
  mark.incident_id = id;
  mark.actor = "carol";
  auto r = Pm(mark);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
}

TEST_F(PostmortemEngineTest, ActionItemOwnersAreRemindedOnceWhenDue) {
  int64_t id = Resolved("api", "ApiDown", minutes(5));
  PostmortemCommand add;
  add.op = PostmortemCommand::Op::kAddItem;
  add.incident_id = id;
  add.action = "Cap the job's connection pool";
  add.owner = "carol";
  add.due = std::optional<Time>(clock_.Now() + days(2));
  add.actor = "alice";
  add.via = "api";
  auto added = Pm(add);
  ASSERT_TRUE(added) << added.error().message;
  ASSERT_EQ(added->items.size(), 1u);
  int64_t item = added->items[0].id;
  EXPECT_EQ(Lines(id, kActionItemLine),
            std::vector<std::string>{"alice: Action item " + std::to_string(item) +
                                     " added by alice: Cap the job's connection pool (owner "
                                     "carol, due 2026-11-29)"});
  Tick(days(2) - minutes(1));
  EXPECT_TRUE(Reminders(id).empty());
  Tick(minutes(1));
  EXPECT_EQ(Reminders(id), (std::vector<std::string>{"slack action_item_due -",
                                                     "slack action_item_due U3"}));
  Tick(days(1));
  EXPECT_EQ(Reminders(id).size(), 2u);  // once
  auto items = store_->ListActionItems(id);
  ASSERT_TRUE(items && items->size() == 1);
  EXPECT_TRUE((*items)[0].reminded_at.has_value());
  // A new due date is a new reminder; done items are not reminded.
  PostmortemCommand later;
  later.op = PostmortemCommand::Op::kUpdateItem;
  later.incident_id = id;
  later.item_id = item;
  later.due = std::optional<Time>(clock_.Now() + days(1));
  later.actor = "carol";
  later.via = "cli";
  ASSERT_TRUE(Pm(later));
  Tick(days(1));
  EXPECT_EQ(Reminders(id).size(), 4u);
  PostmortemCommand done = later;
  done.due.reset();
  done.status = postmortem::ItemStatus::kDone;
  done.due = std::optional<Time>(clock_.Now() + hours(1));
  ASSERT_TRUE(Pm(done));
  Tick(hours(2));
  EXPECT_EQ(Reminders(id).size(), 4u);
  EXPECT_EQ(Lines(id, kActionItemLine).back(),
            "carol: Action item " + std::to_string(item) + " updated by carol: due 2026-12-01, done");
}

TEST_F(PostmortemEngineTest, AReopenWaitsForTheNextResolution) {
  int64_t id = Resolved("api", "ApiDown", minutes(5));
  // The alert fires again within the re-open window.
  ingest::Alert again = Fire("api", "ApiDown");
  again.action = ingest::AlertAction::kResolve;
  ASSERT_TRUE(engine_->SubmitAlerts({again}, [](Result<IngestResult>) {}));
  ASSERT_TRUE(engine_->RunPending());
  clock_.Advance(minutes(1));
  Open("api", "ApiDown");
  auto inc = store_->GetIncidentDetail(id);
  ASSERT_TRUE(inc && *inc);
  ASSERT_TRUE((*inc)->incident.IsOpen());
  Tick(days(6));
  EXPECT_FALSE(Record(id).overdue);  // the deadline left with the re-open
  ASSERT_TRUE(Do(id, incident::Resolve{"again", "maya", "cli"}));
  EXPECT_EQ(Record(id).due, clock_.Now() + days(5));
}

}  // namespace
}  // namespace klaxon::engine
