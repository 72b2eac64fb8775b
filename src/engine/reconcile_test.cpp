#include "engine/reconcile.h"

#include <gtest/gtest.h>

namespace klaxon::engine {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Time kNow = FromUnixMillis(1'750'000'000'000);
const Duration kTimeout = minutes(5);

ingest::Alert Firing() {
  ingest::Alert a;
  a.labels = LabelSet{{"alertname", "ApiDown"}, {"service", "api"}};
  a.annotations = LabelSet{{"summary", "API down"}};
  a.fingerprint = FingerprintOf(a.labels);
  a.source = "alertmanager";
  a.integration = "prometheus";
  return a;
}

TEST(Reconcile, NewAlertStartsNowUnlessTold) {
  auto r = Reconcile(std::nullopt, Firing(), kNow, kTimeout);
  EXPECT_EQ(r.change, AlertChange::kNew);
  EXPECT_TRUE(r.write);
  EXPECT_EQ(r.record.starts_at, kNow);
  EXPECT_FALSE(r.record.expires_at.has_value()) << "no refresh expected, no end: fires until resolved";
  auto in = Firing();
  in.starts_at = kNow - minutes(3);
  in.refresh_expected = true;
  auto r2 = Reconcile(std::nullopt, in, kNow, kTimeout);
  EXPECT_EQ(r2.record.starts_at, kNow - minutes(3));
  EXPECT_EQ(r2.record.expires_at, kNow + kTimeout);
}

TEST(Reconcile, EndsAtInThePastResolves) {
  auto first = Reconcile(std::nullopt, Firing(), kNow, kTimeout).record;
  auto in = Firing();
  in.ends_at = kNow - seconds(1);
  auto r = Reconcile(first, in, kNow, kTimeout);
  EXPECT_EQ(r.change, AlertChange::kResolved);
  EXPECT_FALSE(r.record.firing);
  EXPECT_EQ(r.record.ends_at, kNow - seconds(1));
  EXPECT_FALSE(r.record.expires_at.has_value());
  // Resolving again, or resolving the unknown, changes nothing.
  EXPECT_EQ(Reconcile(r.record, in, kNow, kTimeout).change, AlertChange::kIgnored);
  EXPECT_EQ(Reconcile(std::nullopt, in, kNow, kTimeout).change, AlertChange::kIgnored);
}

TEST(Reconcile, RefiringKeepsTheIncidentLink) {
  auto rec = Reconcile(std::nullopt, Firing(), kNow, kTimeout).record;
  rec.incident_id = 7;
  rec.firing = false;
  auto r = Reconcile(rec, Firing(), kNow + minutes(1), kTimeout);
  EXPECT_EQ(r.change, AlertChange::kRefired);
  EXPECT_EQ(r.record.incident_id, 7);
  EXPECT_TRUE(r.record.firing);
}

TEST(Reconcile, RepeatsWriteOnlyWhenSomethingVisibleOrExpiryMateriallyChanges) {
  auto in = Firing();
  in.ends_at = kNow + minutes(4);  // what Prometheus sends
  auto rec = Reconcile(std::nullopt, in, kNow, kTimeout).record;
  // 30 s later, the end moves 30 s: less than a quarter of 4 min, no write.
  in.ends_at = kNow + seconds(30) + minutes(4);
  auto r = Reconcile(rec, in, kNow + seconds(30), kTimeout);
  EXPECT_EQ(r.change, AlertChange::kRepeat);
  EXPECT_FALSE(r.write);
  EXPECT_EQ(r.record.expires_at, kNow + minutes(4));
  // 90 s later it moved 90 s: written.
  in.ends_at = kNow + seconds(90) + minutes(4);
  auto r2 = Reconcile(rec, in, kNow + seconds(90), kTimeout);
  EXPECT_TRUE(r2.write);
  EXPECT_EQ(r2.record.expires_at, kNow + seconds(90) + minutes(4));
  // A changed annotation is always written.
  auto changed = Firing();
  changed.ends_at = rec.ends_at;
  changed.annotations.Set("summary", "API still down");
  EXPECT_TRUE(Reconcile(rec, changed, kNow + seconds(1), kTimeout).write);
  // A shorter end is always written.
  in.ends_at = kNow + minutes(2);
  EXPECT_TRUE(Reconcile(rec, in, kNow + seconds(1), kTimeout).write);
}

TEST(Reconcile, AcknowledgeOnlyForFiringAlerts) {
  auto rec = Reconcile(std::nullopt, Firing(), kNow, kTimeout).record;
  auto ack = Firing();
  ack.action = ingest::AlertAction::kAcknowledge;
  EXPECT_EQ(Reconcile(rec, ack, kNow, kTimeout).change, AlertChange::kAcknowledge);
  EXPECT_FALSE(Reconcile(rec, ack, kNow, kTimeout).write);
  EXPECT_EQ(Reconcile(std::nullopt, ack, kNow, kTimeout).change, AlertChange::kIgnored);
}

}  // namespace
}  // namespace klaxon::engine
