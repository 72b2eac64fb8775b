// A Notification survives the outbox's JSON payload unchanged.
#include <gtest/gtest.h>

#include "notify/payload.h"
#include "notify/test_support.h"

namespace klaxon::notify {
namespace {

using std::chrono::minutes;

TEST(Payload, EveryFieldRoundTrips) {
  Notification n = testing::Sample();
  n.event = Event::kResolved;
  n.incident.status = incident::Status::kResolved;
  n.incident.group_key = "RB-001/api";
  n.incident.monitoring_since = testing::Opened() + minutes(30);
  n.incident.resolved_at = testing::Opened() + minutes(47);
  n.incident.ack = incident::Acknowledgement{"alice", "api", testing::Opened() + minutes(2)};
  n.incident.lead = "alice";
  n.incident.reopen_count = 2;
  n.incident.summary = "Bad deploy \"v2\"";
  n.incident.next_step = "Rollback";
  n.incident.eta = "10m";
  n.incident.root_cause = "Config typo";
  n.incident.version = 7;
  n.update = UpdateFields{incident::Status::kMonitoring, "Bad deploy", "Watch", "5m"};
  n.resolution = ResolutionFields{minutes(47), "All API calls failed", "Config typo", "PM-1"};
  n.approval = ApprovalRequest{3, "Terminate idle connections", "lead"};
  n.first_receipt = "C1/1.0001";

  auto back = DecodePayload(EncodePayload(n));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->event, n.event);
  EXPECT_EQ(back->incident_ref, n.incident_ref);
  const auto& a = back->incident;
  const auto& b = n.incident;
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.runbook_id, b.runbook_id);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.group_key, b.group_key);
  EXPECT_EQ(a.group_labels, b.group_labels);
  EXPECT_EQ(a.opened_at, b.opened_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.monitoring_since, b.monitoring_since);
  EXPECT_EQ(a.resolved_at, b.resolved_at);
  ASSERT_TRUE(a.ack);
  EXPECT_EQ(a.ack->by, "alice");
  EXPECT_EQ(a.ack->via, "api");
  EXPECT_EQ(a.ack->at, b.ack->at);
  EXPECT_EQ(a.lead, b.lead);
  EXPECT_EQ(a.firing_alerts, b.firing_alerts);
  EXPECT_EQ(a.total_alerts, b.total_alerts);
  EXPECT_EQ(a.reopen_count, b.reopen_count);
  EXPECT_EQ(a.summary, b.summary);
  EXPECT_EQ(a.next_step, b.next_step);
  EXPECT_EQ(a.eta, b.eta);
  EXPECT_EQ(a.root_cause, b.root_cause);
  EXPECT_EQ(a.version, b.version);
  ASSERT_TRUE(back->update);
  EXPECT_EQ(back->update->status, incident::Status::kMonitoring);
  EXPECT_EQ(back->update->summary, "Bad deploy");
  EXPECT_EQ(back->update->next, "Watch");
  EXPECT_EQ(back->update->eta, "5m");
  ASSERT_TRUE(back->resolution);
  EXPECT_EQ(back->resolution->duration, minutes(47));
  EXPECT_EQ(back->resolution->impact, "All API calls failed");
  EXPECT_EQ(back->resolution->root_cause, "Config typo");
  EXPECT_EQ(back->resolution->follow_up, "PM-1");
  EXPECT_EQ(back->link, n.link);
  EXPECT_EQ(back->at, n.at);
  EXPECT_EQ(back->actor, n.actor);
  EXPECT_EQ(back->idempotency_key, n.idempotency_key);
  EXPECT_EQ(back->first_receipt, "") << "the receipt is looked up at send time, never stored";
  ASSERT_TRUE(back->approval);
  EXPECT_EQ(back->approval->step, 3);
  EXPECT_EQ(back->approval->name, "Terminate idle connections");
  EXPECT_EQ(back->approval->role, "lead");
}

TEST(Payload, OptionalPartsStayAbsent) {
  Notification n = testing::Sample();
  auto back = DecodePayload(EncodePayload(n));
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->update);
  EXPECT_FALSE(back->resolution);
  EXPECT_FALSE(back->approval);
  EXPECT_FALSE(back->incident.ack);
  EXPECT_FALSE(back->incident.resolved_at);
}

TEST(Payload, GarbageIsAnErrorThatDoesNotQuoteIt) {
  for (std::string_view bad : {"", "[]", "{\"event\":\"incident.nope\",\"incident\":{}}",
                               "{\"event\":\"incident.opened\"}", "{secret"}) {
    auto r = DecodePayload(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message.find("secret"), std::string::npos);
  }
}

}  // namespace
}  // namespace klaxon::notify
