// Round trips, transactions and durability of the SQLite store.

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "store/sqlite/sql.h"
#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::At;
using testing::Entry;
using testing::MakeAlert;
using testing::MakeIncident;
using testing::StoreTest;

void ExpectSameAlert(const AlertRecord& a, const AlertRecord& b) {
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.annotations, b.annotations);
  EXPECT_EQ(a.firing, b.firing);
  EXPECT_EQ(a.starts_at, b.starts_at);
  EXPECT_EQ(a.ends_at, b.ends_at);
  EXPECT_EQ(a.last_received_at, b.last_received_at);
  EXPECT_EQ(a.expires_at, b.expires_at);
  EXPECT_EQ(a.incident_id, b.incident_id);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.integration, b.integration);
  EXPECT_EQ(a.generator_url, b.generator_url);
  EXPECT_EQ(a.external_key, b.external_key);
}

void ExpectSameIncident(const incident::Incident& a, const incident::Incident& b) {
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
  ASSERT_EQ(a.ack.has_value(), b.ack.has_value());
  if (a.ack) {
    EXPECT_EQ(a.ack->by, b.ack->by);
    EXPECT_EQ(a.ack->via, b.ack->via);
    EXPECT_EQ(a.ack->at, b.ack->at);
  }
  EXPECT_EQ(a.lead, b.lead);
  EXPECT_EQ(a.firing_alerts, b.firing_alerts);
  EXPECT_EQ(a.total_alerts, b.total_alerts);
  EXPECT_EQ(a.reopen_count, b.reopen_count);
  EXPECT_EQ(a.summary, b.summary);
  EXPECT_EQ(a.next_step, b.next_step);
  EXPECT_EQ(a.eta, b.eta);
  EXPECT_EQ(a.root_cause, b.root_cause);
  EXPECT_EQ(a.version, b.version);
}

// An incident with every optional field set and awkward text.
incident::Incident FullIncident() {
  incident::Incident inc = MakeIncident("alertname=\"X\",service=\"api\"", "SEV1");
  inc.title = "Störung: \"checkout\" 500s 🚨";
  inc.status = incident::Status::kMonitoring;
  inc.group_labels = LabelSet{{"alertname", "X"}, {"empty", ""}, {"zone", "eu-1"}};
  inc.monitoring_since = At(1'700'000'500'000);
  inc.resolved_at = At(1'700'000'900'000);
  inc.ack = incident::Acknowledgement{"alice", "slack", At(1'700'000'100'000)};
  inc.lead = "bob";
  inc.firing_alerts = 3;
  inc.total_alerts = 7;
  inc.reopen_count = 2;
  inc.summary = "rolled back";
  inc.next_step = "watch error rate";
  inc.eta = "15 min";
  inc.root_cause = "bad deploy\nline two";
  return inc;
}

TEST_F(StoreTest, AlertRoundTripsEveryField) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  incident::Incident inc = MakeIncident("g");
  AlertRecord full = MakeAlert(0xfedcba9876543210ULL);  // top bit set
  full.labels.Set("unicode", "Störung 障害 🚨");
  full.labels.Set("quotes", R"(a "b" \c)");
  full.labels.Set("empty", "");
  full.annotations.Set("newline", "one\ntwo");
  full.firing = false;
  full.ends_at = At(1'700'000'120'000);
  AlertRecord bare = MakeAlert(1);
  bare.labels = LabelSet{};
  bare.annotations = LabelSet{};
  bare.expires_at.reset();
  bare.source = bare.integration = bare.generator_url = bare.external_key = "";
  AlertRecord max = MakeAlert(~0ULL);
  AlertRecord zero = MakeAlert(0);
  {
    auto uow = BeginOn(*store);
    ASSERT_TRUE(uow->InsertIncident(inc).has_value());
    full.incident_id = inc.id;
    for (const AlertRecord* a : {&full, &bare, &max, &zero}) ASSERT_TRUE(uow->PutAlert(*a));
    ASSERT_TRUE(uow->Commit());
  }
  auto uow = BeginOn(*store);
  for (const AlertRecord* a : {&full, &bare, &max, &zero}) {
    auto found = uow->FindAlert(a->fingerprint);
    ASSERT_TRUE(found.has_value()) << found.error().message;
    ASSERT_TRUE(found->has_value()) << a->fingerprint.ToHex();
    ExpectSameAlert(**found, *a);
  }
  auto missing = uow->FindAlert(Fingerprint{42});
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(StoreTest, PutAlertReplacesByFingerprint) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto uow = BeginOn(*store);
  AlertRecord a = MakeAlert(7);
  ASSERT_TRUE(uow->PutAlert(a));
  a.firing = false;
  a.labels.Set("extra", "1");
  a.expires_at.reset();
  a.ends_at = At(5);
  ASSERT_TRUE(uow->PutAlert(a));
  auto found = uow->FindAlert(a.fingerprint);
  ASSERT_TRUE(found.has_value() && found->has_value());
  ExpectSameAlert(**found, a);
  ASSERT_TRUE(uow->Commit());
  EXPECT_EQ(store->CountAlerts().value_or(-1), 1);
}

TEST_F(StoreTest, IncidentRoundTripsEveryField) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  incident::Incident full = FullIncident();
  incident::Incident bare = MakeIncident("");
  bare.title = bare.runbook_id = bare.severity = "";
  bare.group_labels = LabelSet{};
  auto uow = BeginOn(*store);
  auto id = uow->InsertIncident(full);
  ASSERT_TRUE(id.has_value()) << id.error().message;
  EXPECT_EQ(*id, full.id);
  EXPECT_GT(full.id, 0);
  EXPECT_EQ(full.version, 1);
  ASSERT_TRUE(uow->InsertIncident(bare).has_value());
  EXPECT_GT(bare.id, full.id);
  for (const incident::Incident* inc : {&full, &bare}) {
    auto got = uow->GetIncident(inc->id);
    ASSERT_TRUE(got.has_value() && got->has_value());
    ExpectSameIncident(**got, *inc);
  }
  auto missing = uow->GetIncident(999);
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(StoreTest, UpdateIncidentIsGuardedByVersion) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto uow = BeginOn(*store);
  incident::Incident inc = MakeIncident("g");
  ASSERT_TRUE(uow->InsertIncident(inc).has_value());
  incident::Incident stale = inc;  // a second reader of version 1

  inc.status = incident::Status::kIdentified;
  inc.ack = incident::Acknowledgement{"alice", "api", At(9)};
  ASSERT_TRUE(uow->UpdateIncident(inc));
  EXPECT_EQ(inc.version, 2);

  stale.title = "overwritten?";
  auto conflict = uow->UpdateIncident(stale);
  ASSERT_FALSE(conflict.has_value());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.version, 1);

  incident::Incident ghost = MakeIncident("g");
  ghost.id = 12345;
  ghost.version = 1;
  auto missing = uow->UpdateIncident(ghost);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kConflict);

  // A conflict does not abort the unit of work.
  auto got = uow->GetIncident(inc.id);
  ASSERT_TRUE(got.has_value() && got->has_value());
  ExpectSameIncident(**got, inc);
  ASSERT_TRUE(uow->Commit());
}

TEST_F(StoreTest, UpdateIncidentCountsWritesOnlyTheCountersUnderTheSameGuard) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto uow = BeginOn(*store);
  incident::Incident inc = MakeIncident("g");
  ASSERT_TRUE(uow->InsertIncident(inc).has_value());
  incident::Incident stale = inc;

  incident::Incident changed = inc;
  changed.firing_alerts = 7;
  changed.total_alerts = 9;
  changed.updated_at = At(77);
  changed.title = "not written by a counts update";
  changed.status = incident::Status::kFixing;
  ASSERT_TRUE(uow->UpdateIncidentCounts(changed));
  EXPECT_EQ(changed.version, 2);

  auto got = uow->GetIncident(inc.id);
  ASSERT_TRUE(got.has_value() && got->has_value());
  incident::Incident want = inc;  // everything as inserted but the three counters
  want.firing_alerts = 7;
  want.total_alerts = 9;
  want.updated_at = At(77);
  want.version = 2;
  ExpectSameIncident(**got, want);

  auto conflict = uow->UpdateIncidentCounts(stale);
  ASSERT_FALSE(conflict.has_value());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(uow->Commit());
}

TEST_F(StoreTest, UpdateTimelineTextRewritesOnlyTextAndData) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto uow = BeginOn(*store);
  incident::Incident inc = MakeIncident("g");
  ASSERT_TRUE(uow->InsertIncident(inc).has_value());
  incident::TimelineEntry line = Entry(inc.id, 5, "alert_fired");
  ASSERT_TRUE(uow->AppendTimeline(line));
  ASSERT_TRUE(uow->UpdateTimelineText(line.seq, "9 alerts firing: a", "{\"count\":9}"));
  auto missing = uow->UpdateTimelineText(line.seq + 100, "x", "{}");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  uow.reset();  // a failed statement aborted it: nothing of it is kept

  auto again = BeginOn(*store);
  ASSERT_TRUE(again->InsertIncident(inc).has_value());
  incident::TimelineEntry kept = Entry(inc.id, 5, "alert_fired");
  ASSERT_TRUE(again->AppendTimeline(kept));
  ASSERT_TRUE(again->UpdateTimelineText(kept.seq, "9 alerts firing: a", "{\"count\":9}"));
  ASSERT_TRUE(again->Commit());
  auto detail = store->GetIncidentDetail(inc.id);
  ASSERT_TRUE(detail && *detail);
  ASSERT_EQ((*detail)->timeline.size(), 1u);
  const auto& got = (*detail)->timeline[0];
  EXPECT_EQ(got.seq, kept.seq);
  EXPECT_EQ(got.at, kept.at);
  EXPECT_EQ(got.kind, kept.kind);
  EXPECT_EQ(got.actor, kept.actor);
  EXPECT_EQ(got.text, "9 alerts firing: a");
  EXPECT_EQ(got.data, "{\"count\":9}");
}

TEST_F(StoreTest, LatestIncidentInGroupIsTheHighestId) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto uow = BeginOn(*store);
  incident::Incident a = MakeIncident("group-a");
  incident::Incident b = MakeIncident("group-b");
  incident::Incident a2 = MakeIncident("group-a");
  a2.status = incident::Status::kResolved;
  for (auto* inc : {&a, &b, &a2}) ASSERT_TRUE(uow->InsertIncident(*inc).has_value());
  auto latest = uow->LatestIncidentInGroup("group-a");
  ASSERT_TRUE(latest.has_value() && latest->has_value());
  EXPECT_EQ((*latest)->id, a2.id);
  auto none = uow->LatestIncidentInGroup("group-c");
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
}

TEST_F(StoreTest, DroppedUnitOfWorkRollsBack) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  {
    auto uow = BeginOn(*store);
    incident::Incident inc = MakeIncident("g");
    ASSERT_TRUE(uow->InsertIncident(inc).has_value());
    ASSERT_TRUE(uow->PutAlert(MakeAlert(1, inc.id)));
    ASSERT_TRUE(uow->PutTimer(Timer{"incident/1/quiet", "quiet_period", inc.id, At(5), "{}"}));
  }  // dropped without Commit
  EXPECT_EQ(store->CountAlerts().value_or(-1), 0);
  auto listed = store->ListIncidents({});
  ASSERT_TRUE(listed.has_value());
  EXPECT_TRUE(listed->empty());
  auto next = store->NextDue();
  ASSERT_TRUE(next.has_value());
  EXPECT_FALSE(next->has_value());
  // The writer is free again and the next unit of work starts clean.
  auto uow = BeginOn(*store);
  auto found = uow->FindAlert(Fingerprint{1});
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->has_value());
}

TEST_F(StoreTest, FailedOperationAbortsTheUnitOfWork) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto uow = BeginOn(*store);
  ASSERT_TRUE(uow->PutAlert(MakeAlert(1)));
  incident::TimelineEntry orphan = Entry(999, 1, "update");
  auto failed = uow->AppendTimeline(orphan);  // no such incident: foreign key
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(uow->PutAlert(MakeAlert(2)).has_value());
  EXPECT_FALSE(uow->Commit().has_value());
  uow.reset();
  EXPECT_EQ(store->CountAlerts().value_or(-1), 0);
}

TEST_F(StoreTest, CommittedUnitOfWorkCannotBeReused) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto uow = BeginOn(*store);
  ASSERT_TRUE(uow->Commit());
  EXPECT_FALSE(uow->PutAlert(MakeAlert(1)).has_value());
  EXPECT_FALSE(uow->Commit().has_value());
  // Commit() released the writer even though the object still exists.
  auto next = BeginOn(*store);
  ASSERT_TRUE(next);
}

TEST_F(StoreTest, TimersUpsertDeleteAndComeDueInOrder) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto uow = BeginOn(*store);
  incident::Incident inc = MakeIncident("g");
  ASSERT_TRUE(uow->InsertIncident(inc).has_value());
  ASSERT_TRUE(uow->PutTimer(Timer{"c", "escalate", inc.id, At(300), R"({"step":2})"}));
  ASSERT_TRUE(uow->PutTimer(Timer{"a", "quiet_period", 0, At(100), "{}"}));
  ASSERT_TRUE(uow->PutTimer(Timer{"b", "reminder", inc.id, At(200), "{}"}));
  ASSERT_TRUE(uow->PutTimer(Timer{"d", "later", 0, At(900), "{}"}));
  // Upsert: "a" moves behind "b" and changes every field.
  ASSERT_TRUE(uow->PutTimer(Timer{"a", "renamed", inc.id, At(250), R"({"x":"ü"})"}));
  ASSERT_TRUE(uow->DeleteTimer("b"));
  ASSERT_TRUE(uow->DeleteTimer("never-existed"));
  auto due = uow->DueTimers(At(300), 10);
  ASSERT_TRUE(due.has_value()) << due.error().message;
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].key, "a");
  EXPECT_EQ((*due)[0].kind, "renamed");
  EXPECT_EQ((*due)[0].incident_id, inc.id);
  EXPECT_EQ((*due)[0].due_at, At(250));
  EXPECT_EQ((*due)[0].payload, R"({"x":"ü"})");
  EXPECT_EQ((*due)[1].key, "c");
  auto limited = uow->DueTimers(At(1000), 1);
  ASSERT_TRUE(limited.has_value());
  ASSERT_EQ(limited->size(), 1u);
  EXPECT_EQ((*limited)[0].key, "a");
  // GetTimer: by key, this unit of work's writes included.
  auto a = uow->GetTimer("a");
  ASSERT_TRUE(a.has_value()) << a.error().message;
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->kind, "renamed");
  EXPECT_EQ((*a)->due_at, At(250));
  EXPECT_EQ((*a)->payload, R"({"x":"ü"})");
  EXPECT_EQ(uow->GetTimer("b").value_or(Timer{}), std::nullopt) << "deleted";
  EXPECT_EQ(uow->GetTimer("d").value_or(std::nullopt).value_or(Timer{}).due_at, At(900));
  EXPECT_FALSE(uow->DueTimers(At(1000), 0).has_value());
}

TEST_F(StoreTest, ExpiredAlertsAreFiringAndDueOldestFirst) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto uow = BeginOn(*store);
  auto put = [&](uint64_t fp, bool firing, std::optional<Time> expires) {
    AlertRecord a = MakeAlert(fp);
    a.firing = firing;
    a.expires_at = expires;
    ASSERT_TRUE(uow->PutAlert(a));
  };
  put(1, true, At(300));
  put(2, true, At(100));
  put(3, false, At(50));   // resolved: never expires
  put(4, true, std::nullopt);
  put(5, true, At(1000));  // not yet
  put(0x8000000000000000ULL, true, At(200));
  auto expired = uow->ExpiredAlerts(At(300), 10);
  ASSERT_TRUE(expired.has_value()) << expired.error().message;
  ASSERT_EQ(expired->size(), 3u);
  EXPECT_EQ((*expired)[0].fingerprint.value, 2u);
  EXPECT_EQ((*expired)[1].fingerprint.value, 0x8000000000000000ULL);
  EXPECT_EQ((*expired)[2].fingerprint.value, 1u);
  auto first = uow->ExpiredAlerts(At(300), 1);
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].fingerprint.value, 2u);
  ASSERT_TRUE(uow->Commit());
}

TEST_F(StoreTest, NextDueIsTheEarlierOfTimersAndExpiries) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto next = [&] { return store->NextDue().value_or(At(-1)); };
  EXPECT_EQ(next(), std::nullopt);
  {
    auto uow = BeginOn(*store);
    ASSERT_TRUE(uow->PutTimer(Timer{"t", "k", 0, At(500), "{}"}));
    ASSERT_TRUE(uow->Commit());
  }
  EXPECT_EQ(next(), At(500));
  {
    auto uow = BeginOn(*store);
    AlertRecord resolved = MakeAlert(1);
    resolved.firing = false;
    resolved.expires_at = At(10);  // ignored: not firing
    AlertRecord firing = MakeAlert(2);
    firing.expires_at = At(400);
    ASSERT_TRUE(uow->PutAlert(resolved));
    ASSERT_TRUE(uow->PutAlert(firing));
    ASSERT_TRUE(uow->Commit());
  }
  EXPECT_EQ(next(), At(400));
}

TEST_F(StoreTest, ReopenPreservesEverythingAndDoesNotRerunMigrations) {
  incident::Incident inc = FullIncident();
  AlertRecord alert = MakeAlert(0x9000000000000001ULL);
  incident::TimelineEntry entry = Entry(0, 3, "opened");
  entry.data = R"({"a":1})";
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    auto uow = BeginOn(*store);
    ASSERT_TRUE(uow->InsertIncident(inc).has_value());
    ASSERT_TRUE(uow->UpdateIncident(inc));  // version 2
    alert.incident_id = inc.id;
    entry.incident_id = inc.id;
    ASSERT_TRUE(uow->PutAlert(alert));
    ASSERT_TRUE(uow->AppendTimeline(entry));
    ASSERT_TRUE(uow->PutTimer(Timer{"k", "kind", inc.id, At(77), "{}"}));
    ASSERT_TRUE(uow->Commit());
  }
  auto applied_rows = [&] {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(options_.path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT version || ':' || applied_at FROM schema_migrations", -1,
                       &stmt, nullptr);
    std::vector<std::string> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      rows.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
  };
  std::vector<std::string> before = applied_rows();
  ASSERT_EQ(before.size(), Migrations().value().size());

  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(applied_rows(), before);
  auto detail = store->GetIncidentDetail(inc.id);
  ASSERT_TRUE(detail.has_value() && detail->has_value());
  ExpectSameIncident((*detail)->incident, inc);
  ASSERT_EQ((*detail)->alerts.size(), 1u);
  ExpectSameAlert((*detail)->alerts[0], alert);
  ASSERT_EQ((*detail)->timeline.size(), 1u);
  EXPECT_EQ((*detail)->timeline[0].seq, entry.seq);
  EXPECT_EQ((*detail)->timeline[0].data, entry.data);
  EXPECT_EQ(store->NextDue().value_or(std::nullopt), At(77));
  // Ids keep increasing across restarts.
  auto uow = BeginOn(*store);
  incident::Incident next = MakeIncident("g");
  ASSERT_TRUE(uow->InsertIncident(next).has_value());
  EXPECT_GT(next.id, inc.id);
}

TEST_F(StoreTest, RefusesASchemaNewerThanTheBuild) {
  { ASSERT_TRUE(OpenStore()); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(options_.path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 0)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = Open(options_);
  ASSERT_FALSE(store.has_value());
  EXPECT_NE(store.error().message.find("9999"), std::string::npos) << store.error().message;
}

TEST_F(StoreTest, OpenReportsUnusablePathsAsErrors) {
  Options bad = options_;
  bad.path = "";
  EXPECT_EQ(Open(bad).error().code, ErrorCode::kInvalidArgument);
  // A regular file where the parent directory should be.
  std::string file = (dir_ / "plain-file").string();
  FILE* f = fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  fclose(f);
  bad.path = file + "/klaxon.db";
  auto store = Open(bad);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace klaxon::store::sqlite
