// The sender against the real Slack and PagerDuty stand-ins over HTTP, with a
// manual clock and a fixed jitter draw: nothing here sleeps, every wait is a
// clock move followed by RunPending().

#include <gtest/gtest.h>

#include <cstdlib>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <set>

#include "notify/outbox/sender.h"
#include "notify/pagerduty/channel.h"
#include "notify/payload.h"
#include "notify/slack/channel.h"
#include "notify/test_support.h"
#include "standins/pagerduty_standin.h"
#include "standins/slack_standin.h"
#include "store/sqlite/sqlite_store.h"

namespace klaxon::notify::outbox {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using store::NotificationState;

constexpr const char* kRoutingKey = "0123456789abcdef0123456789abcdef";

class SenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = (std::filesystem::temp_directory_path() / "klaxon-sender-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    dir_ = dir;
    auto store = store::sqlite::Open({.path = dir_ + "/klaxon.db"});
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    auto slack = standins::SlackStandin::Start({});
    ASSERT_TRUE(slack) << slack.error().message;
    slack_ = std::move(*slack);
    auto pd = standins::PagerDutyStandin::Start(
        {}, [this](const standins::PagerDutyStandin::Received&, const auto*) {
          std::lock_guard lock(seen_mu_);
          ++pd_requests_;
          seen_cv_.notify_all();
        });
    ASSERT_TRUE(pd) << pd.error().message;
    pd_ = std::move(*pd);

    incident::Incident inc = testing::Sample().incident;
    inc.id = 0;
    auto uow = store_->Begin();
    ASSERT_TRUE(uow);
    ASSERT_TRUE((*uow)->InsertIncident(inc));
    ASSERT_TRUE((*uow)->Commit());
    incident_id_ = inc.id;
  }
  void TearDown() override {
    sender_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A sender over the Slack channel (token `slack_token`) and PagerDuty.
  void MakeSender(RetryPolicy retry = {}, std::string slack_token = "xoxb-standin-token") {
    slack_channel_ = std::make_unique<slack::SlackChannel>(slack::ChannelOptions{
        .token = slack_token, .channel = "C0INCIDENTS", .api_url = slack_->BaseUrl() + "/api"});
    pagerduty::ChannelOptions pd_options;
    pd_options.events.routing_key = kRoutingKey;
    pd_options.events_url = pd_->EnqueueUrl();
    pd_channel_ = std::make_unique<pagerduty::PagerDutyChannel>(pd_options);
    SenderOptions o;
    o.store = store_.get();
    o.clock = &clock_;
    o.metrics = &metrics_;
    o.random = [] { return 0.5; };
    o.channels = {{"slack-incidents", "Slack #incidents", slack_channel_.get(), retry},
                  {"pagerduty", "PagerDuty", pd_channel_.get(), retry}};
    sender_ = std::make_unique<Sender>(std::move(o));
  }

  // Enqueues `event` for `channel`, due now; returns the row id.
  int64_t Enqueue(std::string channel, Event event, std::string key) {
    return EnqueueFor(incident_id_, std::move(channel), event, std::move(key));
  }
  int64_t EnqueueFor(int64_t incident_id, std::string channel, Event event, std::string key) {
    Notification n = testing::Sample();
    n.incident.id = incident_id;
    n.event = event;
    n.idempotency_key = key;
    store::OutboxEntry e;
    e.incident_id = incident_id;
    e.channel = std::move(channel);
    e.event = std::string(ToString(event));
    e.idempotency_key = std::move(key);
    e.payload = EncodePayload(n);
    e.next_attempt_at = clock_.Now();
    e.created_at = clock_.Now();
    auto uow = store_->Begin();
    EXPECT_TRUE(uow);
    auto added = (*uow)->EnqueueNotification(e);
    EXPECT_TRUE(added && *added);
    EXPECT_TRUE((*uow)->Commit());
    return e.id;
  }

  int64_t AnotherIncident() {
    incident::Incident inc = testing::Sample().incident;
    inc.id = 0;
    auto uow = store_->Begin();
    EXPECT_TRUE(uow);
    EXPECT_TRUE((*uow)->InsertIncident(inc));
    EXPECT_TRUE((*uow)->Commit());
    return inc.id;
  }

  store::OutboxEntry Row(int64_t id, int64_t incident_id = 0) {
    auto rows = store_->ListNotifications(incident_id ? incident_id : incident_id_).value();
    for (auto& r : rows) {
      if (r.id == id) return r;
    }
    ADD_FAILURE() << "no row " << id;
    return {};
  }
  std::vector<std::string> NotificationLines() {
    std::vector<std::string> out;
    auto detail = store_->GetIncidentDetail(incident_id_).value();
    for (const auto& l : detail->timeline) {
      if (l.kind == kNotificationLine) out.push_back(l.text);
    }
    return out;
  }
  void Run() { ASSERT_TRUE(sender_->RunPending()); }
  bool Has(const std::string& text) {
    return metrics_.Render().find(text) != std::string::npos;
  }

  std::mutex seen_mu_;
  std::condition_variable seen_cv_;
  int pd_requests_ = 0;  // guarded by seen_mu_; counted by the stand-in's observer
  std::string dir_;
  ManualClock clock_{testing::Opened()};
  metrics::Registry metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<standins::SlackStandin> slack_;
  std::unique_ptr<standins::PagerDutyStandin> pd_;
  std::unique_ptr<slack::SlackChannel> slack_channel_;
  std::unique_ptr<pagerduty::PagerDutyChannel> pd_channel_;
  std::unique_ptr<Sender> sender_;
  int64_t incident_id_ = 0;
};

TEST_F(SenderTest, DeliversTheTopMessageThenEditsItAndRepliesInItsThread) {
  MakeSender();
  int64_t opened = Enqueue("slack-incidents", Event::kOpened, "INC-1:opened:1");
  int64_t acked = Enqueue("slack-incidents", Event::kAcknowledged, "INC-1:acknowledged:2");
  Run();
  auto top = Row(opened);
  EXPECT_EQ(top.state, NotificationState::kDelivered);
  EXPECT_EQ(top.attempts, 1);
  ASSERT_EQ(slack_->Messages().size(), 2u);
  const auto first = slack_->Messages()[0];
  EXPECT_EQ(top.receipt, "C0INCIDENTS/" + first.ts);
  EXPECT_EQ(first.text.substr(0, first.text.find('\n')), "🔴 INCIDENT: API down");
  EXPECT_EQ(first.edits, 1) << "the acknowledgement edited the top message";
  auto replies = slack_->Replies("C0INCIDENTS", first.ts);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(Row(acked).state, NotificationState::kDelivered);
  EXPECT_EQ(NotificationLines(),
            (std::vector<std::string>{"Slack #incidents: delivered", "Slack #incidents: delivered"}));
  EXPECT_TRUE(Has("klaxon_notifications_total{channel=\"slack-incidents\",result=\"delivered\"} 2"));
}

TEST_F(SenderTest, A429IsRetriedNoSoonerThanItsRetryAfter) {
  MakeSender();
  slack_->FailNext(1, 429, 7);
  int64_t id = Enqueue("slack-incidents", Event::kOpened, "k");
  Run();
  auto row = Row(id);
  EXPECT_EQ(row.state, NotificationState::kPending);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.next_attempt_at, testing::Opened() + seconds(7));
  EXPECT_EQ(row.last_error, "slack: HTTP 429");
  EXPECT_EQ(NotificationLines(),
            std::vector<std::string>{"Slack #incidents: retrying in 7s after HTTP 429"});
  clock_.Advance(seconds(6));
  Run();
  EXPECT_EQ(slack_->Requests().size(), 1u) << "not due yet";
  clock_.Advance(seconds(1));
  Run();
  EXPECT_EQ(Row(id).state, NotificationState::kDelivered);
  EXPECT_EQ(Row(id).attempts, 2);
  EXPECT_EQ(slack_->Messages().size(), 1u);
  EXPECT_TRUE(Has("klaxon_notifications_total{channel=\"slack-incidents\",result=\"retry\"} 1"));
}

TEST_F(SenderTest, ServerErrorsAreRetriedWithExponentialBackoff) {
  MakeSender(RetryPolicy{seconds(2), minutes(5), minutes(60)});
  slack_->FailNext(2, 500);
  int64_t id = Enqueue("slack-incidents", Event::kOpened, "k");
  Run();
  // Retry 1: half (the fixed draw) of the initial 2s.
  EXPECT_EQ(Row(id).next_attempt_at, testing::Opened() + seconds(1));
  clock_.Advance(seconds(1));
  Run();
  // Retry 2: half of 4s.
  EXPECT_EQ(Row(id).next_attempt_at, testing::Opened() + seconds(3));
  clock_.Advance(milliseconds(1999));
  Run();
  EXPECT_EQ(Row(id).state, NotificationState::kPending);
  clock_.Advance(milliseconds(1));
  Run();
  EXPECT_EQ(Row(id).state, NotificationState::kDelivered);
  EXPECT_EQ(Row(id).attempts, 3);
  EXPECT_EQ(NotificationLines(),
            (std::vector<std::string>{"Slack #incidents: retrying in 1s after HTTP 500",
                                      "Slack #incidents: retrying in 2s after HTTP 500",
                                      "Slack #incidents: delivered"}));
}

TEST_F(SenderTest, APermanentErrorFailsAfterOneAttemptVisiblyAndWithoutTheToken) {
  MakeSender({}, "xoxb-wrong-secret-token");
  int64_t id = Enqueue("slack-incidents", Event::kOpened, "k");
  Run();
  auto row = Row(id);
  EXPECT_EQ(row.state, NotificationState::kFailed);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.last_error, "slack: invalid_auth");
  EXPECT_EQ(NotificationLines(), std::vector<std::string>{"Slack #incidents: failed: invalid_auth"});
  clock_.Advance(minutes(10));
  Run();
  EXPECT_EQ(slack_->Requests().size(), 1u) << "never retried";
  EXPECT_TRUE(Has("klaxon_notifications_total{channel=\"slack-incidents\",result=\"failed\"} 1"));
  EXPECT_TRUE(Has("klaxon_notifications_failed 1"));
  auto detail = store_->GetIncidentDetail(incident_id_).value();
  for (const auto& l : detail->timeline) {
    EXPECT_EQ(l.data.find("wrong-secret"), std::string::npos);
  }
}

TEST_F(SenderTest, GivesUpWhenTheNextRetryWouldPassTheHorizon) {
  MakeSender(RetryPolicy{seconds(1), minutes(5), minutes(1)});
  slack_->FailNext(100, 429, 30);
  int64_t id = Enqueue("slack-incidents", Event::kOpened, "k");
  Run();                       // t0: retry at t0+30s
  clock_.Advance(seconds(30));
  Run();                       // t0+30s: retry at t0+60s, the horizon itself
  clock_.Advance(seconds(30));
  Run();                       // t0+60s: t0+90s is past it
  auto row = Row(id);
  EXPECT_EQ(row.state, NotificationState::kFailed);
  EXPECT_EQ(row.attempts, 3);
  ASSERT_EQ(NotificationLines().size(), 3u);
  EXPECT_EQ(NotificationLines()[2],
            "Slack #incidents: failed after 3 attempts over 1m: HTTP 429");
  EXPECT_TRUE(Has("klaxon_notifications_failed 1"));
}

TEST_F(SenderTest, AFailingChannelDoesNotHoldBackAnother) {
  MakeSender();
  slack_->FailNext(100, 503);
  int64_t s = Enqueue("slack-incidents", Event::kOpened, "k");
  int64_t p = Enqueue("pagerduty", Event::kOpened, "k");
  Run();
  EXPECT_EQ(Row(s).state, NotificationState::kPending);
  EXPECT_EQ(Row(p).state, NotificationState::kDelivered);
  EXPECT_EQ(Row(p).receipt, "INC-42");
  ASSERT_EQ(pd_->Events().size(), 1u);
  EXPECT_EQ(pd_->Events()[0].event_action, "trigger");
  EXPECT_TRUE(Has("klaxon_notifications_total{channel=\"pagerduty\",result=\"delivered\"} 1"));
}

TEST_F(SenderTest, LaterRowsOfAnIncidentWaitForTheEarlierOne) {
  MakeSender();
  slack_->FailNext(1, 429, 5);
  int64_t opened = Enqueue("slack-incidents", Event::kOpened, "a");
  int64_t acked = Enqueue("slack-incidents", Event::kAcknowledged, "b");
  Run();
  EXPECT_EQ(Row(opened).state, NotificationState::kPending);
  EXPECT_EQ(Row(acked).attempts, 0) << "not sent before the top message exists";
  clock_.Advance(seconds(5));
  Run();
  EXPECT_EQ(Row(acked).state, NotificationState::kDelivered);
  ASSERT_EQ(slack_->Messages().size(), 2u);
  EXPECT_EQ(slack_->Messages()[1].thread_ts, slack_->Messages()[0].ts);
}

TEST_F(SenderTest, TheThreadWakesUpForNewRows) {
  MakeSender();
  sender_->Start();
  Enqueue("pagerduty", Event::kOpened, "k");
  sender_->Wake();
  {
    // The stand-in's observer signals each request it answered.
    std::unique_lock lock(seen_mu_);
    ASSERT_TRUE(seen_cv_.wait_for(lock, seconds(30), [&] { return pd_requests_ >= 1; }));
  }
  sender_->Stop();  // joins: the attempt in flight is recorded
  EXPECT_EQ(pd_->Events().size(), 1u);
  auto rows = store_->ListNotifications(incident_id_).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, NotificationState::kDelivered);
}

// A channel that holds every Send until `gate` of them are in flight at once
// (or 30 s pass, and the test fails on max_in_flight), so a sender that sends
// one row at a time cannot pass; it records the order of the keys it was
// sent and whether two rows of one incident were ever in flight together.
class GatedChannel final : public Channel {
 public:
  explicit GatedChannel(int gate) : gate_(gate) {}
  std::string_view Name() const override { return "gated"; }
  Result<Delivery> Send(const Notification& n) override {
    const std::string incident = n.idempotency_key.substr(0, n.idempotency_key.find(':'));
    std::unique_lock lock(mu_);
    order_.push_back(n.idempotency_key);
    if (!in_flight_.insert(incident).second) same_incident_together_ = true;
    max_in_flight_ = std::max(max_in_flight_, static_cast<int>(in_flight_.size()));
    cv_.notify_all();
    cv_.wait_for(lock, seconds(30), [&] { return open_ || static_cast<int>(in_flight_.size()) >= gate_; });
    open_ = true;  // the gate opens once, for the rest of the test
    cv_.notify_all();
    in_flight_.erase(incident);
    return Delivery::Delivered("ref");
  }
  std::vector<std::string> order() {
    std::lock_guard lock(mu_);
    return order_;
  }
  int max_in_flight() {
    std::lock_guard lock(mu_);
    return max_in_flight_;
  }
  bool same_incident_together() {
    std::lock_guard lock(mu_);
    return same_incident_together_;
  }

 private:
  const int gate_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> in_flight_;       // guarded by mu_: incidents
  std::vector<std::string> order_;        // guarded by mu_
  int max_in_flight_ = 0;                 // guarded by mu_
  bool same_incident_together_ = false;   // guarded by mu_
  bool open_ = false;                     // guarded by mu_
};

TEST_F(SenderTest, RowsOfDifferentIncidentsAreSentTogetherAndEachIncidentsInOrder) {
  GatedChannel gated(4);
  SenderOptions o;
  o.store = store_.get();
  o.clock = &clock_;
  o.random = [] { return 0.5; };
  o.concurrency = 4;
  o.channels = {{"gated", "Gated", &gated, RetryPolicy{}}};
  Sender sender(std::move(o));
  std::vector<int64_t> incidents = {incident_id_};
  for (int i = 1; i < 4; ++i) incidents.push_back(AnotherIncident());
  std::vector<std::pair<int64_t, int64_t>> rows;  // (incident, row)
  for (int64_t id : incidents) {
    for (Event e : {Event::kOpened, Event::kAcknowledged, Event::kResolved}) {
      const std::string key = "INC-" + std::to_string(id) + ":" + std::string(ToString(e));
      rows.emplace_back(id, EnqueueFor(id, "gated", e, key));
    }
  }
  ASSERT_TRUE(sender.RunPending());
  EXPECT_EQ(gated.max_in_flight(), 4) << "the four incidents' rows were in flight at once";
  EXPECT_FALSE(gated.same_incident_together());
  for (auto [incident, row] : rows) {
    EXPECT_EQ(Row(row, incident).state, NotificationState::kDelivered) << row;
  }
  const auto order = gated.order();
  ASSERT_EQ(order.size(), 12u);
  for (int64_t id : incidents) {
    std::vector<std::string> mine;
    for (const auto& key : order) {
      if (key.starts_with("INC-" + std::to_string(id) + ":")) mine.push_back(key.substr(key.find(':') + 1));
    }
    EXPECT_EQ(mine, (std::vector<std::string>{"incident.opened", "incident.acknowledged", "incident.resolved"}))
        << "incident " << id;
  }
}

}  // namespace
}  // namespace klaxon::notify::outbox
