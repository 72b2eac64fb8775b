// The alert log: memory follows commits and only commits, compaction keeps
// the latest versions and stays bounded, a reopen replays the same state,
// one writer per file, and the conversion of the old one-row-per-alert table.

#include <sqlite3.h>

#include <map>

#include <gtest/gtest.h>

#include "store/sqlite/alert_log.h"
#include "store/sqlite/migrate.h"
#include "store/sqlite/record_codec.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/store_stats.h"
#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::At;
using testing::MakeAlert;
using testing::MakeIncident;
using testing::StoreTest;

TEST(FingerprintTable, FindsWhatWasInsertedThroughGrowthAndClear) {
  FingerprintTable table;
  EXPECT_EQ(table.Find(7), 0);
  for (uint64_t k = 0; k < 10'000; ++k) table.Insert(k * 3, static_cast<int64_t>(k + 1));
  EXPECT_EQ(table.size(), 10'000u);
  EXPECT_LE(table.size() * 4, table.capacity() * 3);
  for (uint64_t k = 0; k < 10'000; ++k) {
    ASSERT_EQ(table.Find(k * 3), static_cast<int64_t>(k + 1));
    ASSERT_EQ(table.Find(k * 3 + 1), 0);
  }
  table.Clear();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.Find(3), 0);
  table.Insert(0, 5);  // fingerprint 0 is a key like any other
  EXPECT_EQ(table.Find(0), 5);
}

// Everything the Store can say about its alerts, for comparing two states.
struct Snapshot {
  std::map<uint64_t, std::string> records;  // fingerprint -> encoding
  std::vector<uint64_t> expired;            // ExpiredAlerts order
  std::map<int64_t, std::vector<uint64_t>> by_incident;
  int64_t count = 0;
  std::optional<Time> next_due;
  bool operator==(const Snapshot&) const = default;
};

class AlertLogTest : public StoreTest {
 protected:
  Snapshot Take(Store& store, uint64_t max_fp, const std::vector<int64_t>& incidents) {
    Snapshot s;
    auto uow = BeginOn(store);
    for (uint64_t fp = 0; fp <= max_fp; ++fp) {
      auto found = uow->FindAlert(Fingerprint{fp});
      EXPECT_TRUE(found.has_value());
      if (found && *found) EncodeRecord(**found, s.records[fp]);
    }
    auto expired = uow->ExpiredAlerts(At(int64_t{1} << 60), 1'000'000);
    EXPECT_TRUE(expired.has_value());
    for (const auto& a : expired.value_or(std::vector<AlertRecord>{})) {
      s.expired.push_back(a.fingerprint.value);
    }
    uow.reset();
    for (int64_t id : incidents) {
      auto detail = store.GetIncidentDetail(id);
      EXPECT_TRUE(detail.has_value() && detail->has_value());
      for (const auto& a : (*detail)->alerts) s.by_incident[id].push_back(a.fingerprint.value);
    }
    s.count = store.CountAlerts().value_or(-1);
    s.next_due = store.NextDue().value_or(std::nullopt);
    return s;
  }
};

TEST_F(AlertLogTest, RolledBackWritesLeaveMemoryUnchanged) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  {
    auto uow = BeginOn(*store);
    ASSERT_TRUE(uow->PutAlert(MakeAlert(1)));
    ASSERT_TRUE(uow->Commit());
  }
  Snapshot before = Take(*store, 3, {});
  {
    auto uow = BeginOn(*store);
    AlertRecord changed = MakeAlert(1);
    changed.firing = false;
    ASSERT_TRUE(uow->PutAlert(changed));
    ASSERT_TRUE(uow->PutAlert(MakeAlert(2)));
    auto found = uow->FindAlert(Fingerprint{2});  // pending, same unit of work
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_FALSE((*uow->FindAlert(Fingerprint{1}))->firing);
    // Dropped: rolled back.
  }
  EXPECT_EQ(Take(*store, 3, {}), before);
  {
    // A unit of work whose Commit() fails is rolled back as well.
    auto uow = BeginOn(*store);
    ASSERT_TRUE(uow->PutAlert(MakeAlert(3)));
    incident::TimelineEntry orphan = testing::Entry(4242, 1, "update");
    ASSERT_FALSE(uow->AppendTimeline(orphan).has_value());  // aborts it
    ASSERT_FALSE(uow->Commit().has_value());
  }
  EXPECT_EQ(Take(*store, 3, {}), before);
  store.reset();
  auto reopened = OpenStore();
  ASSERT_TRUE(reopened);
  EXPECT_EQ(Take(*reopened, 3, {}), before);
}

TEST_F(AlertLogTest, ASecondWriterOnTheSameFileIsRefusedClearly) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto second = Open(options_);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(second.error().message.find("in use by pid " + std::to_string(getpid())),
            std::string::npos)
      << second.error().message;
  // Read-only tools do not need the lock.
  {
    auto uow = BeginOn(*store);
    ASSERT_TRUE(uow->PutAlert(MakeAlert(5)));
    ASSERT_TRUE(uow->Commit());
  }
  auto stats = ReadStoreStats(options_.path);
  ASSERT_TRUE(stats.has_value()) << stats.error().message;
  EXPECT_EQ(stats->alerts, 1);
  EXPECT_EQ(stats->firing, 1);
  // Closing releases it.
  store.reset();
  EXPECT_TRUE(OpenStore());
}

TEST_F(AlertLogTest, ExpiredAlertsOverlayTheUnitOfWorkOnCommittedState) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto put = [](UnitOfWork& uow, uint64_t fp, bool firing, int64_t expires) {
    AlertRecord a = MakeAlert(fp);
    a.firing = firing;
    a.expires_at = At(expires);
    ASSERT_TRUE(uow.PutAlert(a));
  };
  {
    auto uow = BeginOn(*store);
    put(*uow, 1, true, 100);
    put(*uow, 2, true, 100);
    put(*uow, 0x9000000000000000ULL, true, 100);  // negative as int64: first of the tie
    put(*uow, 4, true, 50);
    ASSERT_TRUE(uow->Commit());
  }
  auto uow = BeginOn(*store);
  put(*uow, 4, false, 50);    // resolved in this unit of work: gone
  put(*uow, 2, true, 400);    // pushed out: not due
  put(*uow, 3, true, 100);    // new, ties with the committed ones
  put(*uow, 0x8000000000000000ULL, true, 100);
  auto expired = uow->ExpiredAlerts(At(300), 10);
  ASSERT_TRUE(expired.has_value());
  std::vector<uint64_t> fps;
  for (const auto& a : *expired) fps.push_back(a.fingerprint.value);
  EXPECT_EQ(fps, (std::vector<uint64_t>{0x8000000000000000ULL, 0x9000000000000000ULL, 1, 3}));
  auto two = uow->ExpiredAlerts(At(300), 2);
  ASSERT_TRUE(two.has_value());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].fingerprint.value, 0x9000000000000000ULL);
  ASSERT_TRUE(uow->Commit());
  uow.reset();
  EXPECT_EQ(store->NextDue().value_or(std::nullopt), At(100));
}

TEST_F(AlertLogTest, CompactionKeepsTheLatestVersionsAndReopenGivesTheSameState) {
  options_.compact_min_dead = 50;
  options_.compact_records_per_commit = 64;
  auto store = OpenStore();
  ASSERT_TRUE(store);
  std::vector<int64_t> incidents;
  {
    auto uow = BeginOn(*store);
    for (int i = 0; i < 3; ++i) {
      incident::Incident inc = MakeIncident("g" + std::to_string(i));
      ASSERT_TRUE(uow->InsertIncident(inc).has_value());
      incidents.push_back(inc.id);
    }
    ASSERT_TRUE(uow->Commit());
  }
  // 300 fingerprints, rewritten over and over in batches of 20: versions
  // differ in every indexed field, so stale index entries would show.
  constexpr uint64_t kAlerts = 300;
  uint64_t version = 0;
  for (int commit = 0; commit < 200; ++commit) {
    auto uow = BeginOn(*store);
    for (int i = 0; i < 20; ++i, ++version) {
      uint64_t fp = (version * 7919) % kAlerts;
      AlertRecord a = MakeAlert(fp, incidents[version % 3]);
      a.firing = version % 5 != 0;
      a.starts_at = At(static_cast<int64_t>(version % 97));
      a.expires_at = At(1000 + static_cast<int64_t>(version % 13));
      a.annotations.Set("version", std::to_string(version));
      ASSERT_TRUE(uow->PutAlert(a));
    }
    ASSERT_TRUE(uow->Commit());
  }
  Snapshot before = Take(*store, kAlerts, incidents);
  EXPECT_EQ(before.count, static_cast<int64_t>(kAlerts));
  store.reset();

  // The log holds about twice the live records, not 4000.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(options_.path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT sum(count) FROM alert_log", -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  int64_t records = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  EXPECT_LE(records, static_cast<int64_t>(2 * kAlerts + 50 + 64 + 2 * 20)) << records;

  auto reopened = OpenStore();
  ASSERT_TRUE(reopened);
  Snapshot after = Take(*reopened, kAlerts, incidents);
  EXPECT_EQ(after, before);
}

// AlertLog on its own, to see the work of each commit.
class CompactionTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    std::filesystem::create_directories(std::filesystem::path(options_.path).parent_path());
    auto conn = Connection::Open(options_.path, ConnectionOptions{});
    ASSERT_TRUE(conn.has_value()) << conn.error().message;
    conn_ = std::move(*conn);
    ASSERT_TRUE(Migrate(*conn_));
  }
  void CommitBatch(AlertLog& log, const std::vector<AlertRecord>& alerts) {
    ASSERT_TRUE(conn_->Run("begin_write"));
    for (const auto& a : alerts) log.pending().Put(a);
    ASSERT_TRUE(log.Write(*conn_));
    ASSERT_TRUE(conn_->Run("commit"));
    log.Apply();
  }
  std::unique_ptr<Connection> conn_;
};

TEST_F(CompactionTest, EachCommitReadsABoundedNumberOfOldRecords) {
  AlertLogOptions options{.compact_min_dead = 100, .compact_records_per_commit = 50};
  AlertLog log(options);
  constexpr size_t kBatch = 10;
  constexpr uint64_t kAlerts = 500;
  // Every alert once, in batches: rows of 10.
  for (uint64_t fp = 0; fp < kAlerts; fp += kBatch) {
    std::vector<AlertRecord> batch;
    for (uint64_t i = 0; i < kBatch; ++i) batch.push_back(MakeAlert(fp + i));
    CommitBatch(log, batch);
  }
  size_t max_read = 0;
  size_t max_rows_total = 0;
  for (int commit = 0; commit < 600; ++commit) {
    std::vector<AlertRecord> batch;
    for (uint64_t i = 0; i < kBatch; ++i) {
      batch.push_back(MakeAlert((static_cast<uint64_t>(commit) * kBatch + i) % 37));  // a hot set
    }
    CommitBatch(log, batch);
    AlertLog::Stats s = log.stats();
    max_read = std::max(max_read, s.last_compacted);
    max_rows_total = std::max(max_rows_total, s.records);
    ASSERT_EQ(s.live, kAlerts);
  }
  // Whole rows are read: the budget plus at most one row of carried records
  // and a batch (rows hold at most budget + 2 x batch records).
  EXPECT_GT(max_read, 0u);
  EXPECT_LE(max_read, 50u + 50u + 2 * kBatch);
  // The log stays near twice the live data (plus the floor).
  EXPECT_LE(max_rows_total, 2 * kAlerts + 100 + 50 + 2 * kBatch);

  // A fresh replay agrees with memory.
  AlertLog replayed(options);
  ASSERT_TRUE(conn_->Run("begin_read"));
  ASSERT_TRUE(replayed.Load(*conn_));
  ASSERT_TRUE(conn_->Run("commit"));
  EXPECT_EQ(replayed.stats().live, kAlerts);
  EXPECT_EQ(replayed.stats().records, log.stats().records);
  EXPECT_EQ(replayed.stats().rows, log.stats().rows);
  for (uint64_t fp = 0; fp < kAlerts; ++fp) {
    ASSERT_NE(replayed.committed().Find(Fingerprint{fp}), nullptr);
    EXPECT_EQ(replayed.committed().Find(Fingerprint{fp})->record,
              log.committed().Find(Fingerprint{fp})->record);
  }
}

TEST_F(StoreTest, ADamagedLogRowFailsOpenNamingTheRowOnly) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    auto uow = BeginOn(*store);
    AlertRecord a = MakeAlert(0xabcdef0123456789ULL);
    a.labels.Set("secret_looking", "hunter2");
    ASSERT_TRUE(uow->PutAlert(a));
    ASSERT_TRUE(uow->Commit());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(options_.path.c_str(), &db), SQLITE_OK);
  // Cut the last byte of the blob: the last record now runs past the end.
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE alert_log SET records = substr(records, 1, length(records) - 1)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = Open(options_);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kInternal);
  EXPECT_NE(store.error().message.find("alert log row 1"), std::string::npos)
      << store.error().message;
  EXPECT_EQ(store.error().message.find("hunter2"), std::string::npos) << store.error().message;
  EXPECT_FALSE(ReadStoreStats(options_.path).has_value());
}

TEST_F(StoreTest, AlertsOfTheOldTableAreConvertedOnce) {
  // A database as schema 0001 left it, with two alerts.
  std::filesystem::create_directories(std::filesystem::path(options_.path).parent_path());
  auto migrations = Migrations();
  ASSERT_TRUE(migrations.has_value());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(options_.path.c_str(), &db), SQLITE_OK);
  std::string script((*migrations)[0].sql);
  ASSERT_EQ(sqlite3_exec(db, script.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  const char* rows = R"sql(
    CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
                                    applied_at INTEGER NOT NULL) STRICT;
    INSERT INTO schema_migrations VALUES (1, '0001_initial.sql', 0);
    INSERT INTO incidents (title, runbook_id, severity, status, group_key, group_labels,
      opened_at, updated_at, lead, firing_alerts, total_alerts, reopen_count, summary,
      next_step, eta, root_cause, version)
      VALUES ('t', '', 'SEV2', 'investigating', 'g', '{}', 0, 0, '', 0, 0, 0, '', '', '', '', 1);
    INSERT INTO alerts VALUES (1, -7, '{"alertname":"A","z":"\u00e9"}', '{}', 1, 10, NULL, 20,
                               30, 1, 'am', 'prod', 'http://x', 'k1');
    INSERT INTO alerts VALUES (2, 5, '{}', '{"summary":"s"}', 0, 11, 12, 21, NULL, NULL,
                               '', '', '', '');
  )sql";
  ASSERT_EQ(sqlite3_exec(db, rows, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->CountAlerts().value_or(-1), 2);
  auto uow = BeginOn(*store);
  auto first = uow->FindAlert(Fingerprint{static_cast<uint64_t>(-7)});
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_EQ((*first)->labels, (LabelSet{{"alertname", "A"}, {"z", "\xc3\xa9"}}));
  EXPECT_TRUE((*first)->firing);
  EXPECT_EQ((*first)->starts_at, At(10));
  EXPECT_FALSE((*first)->ends_at.has_value());
  EXPECT_EQ((*first)->expires_at, At(30));
  EXPECT_EQ((*first)->incident_id, 1);
  EXPECT_EQ((*first)->external_key, "k1");
  auto second = uow->FindAlert(Fingerprint{5});
  ASSERT_TRUE(second.has_value() && second->has_value());
  EXPECT_FALSE((*second)->firing);
  EXPECT_EQ((*second)->ends_at, At(12));
  EXPECT_EQ((*second)->incident_id, 0);
  EXPECT_EQ((*second)->annotations, (LabelSet{{"summary", "s"}}));
  uow.reset();
  EXPECT_EQ(store->NextDue().value_or(std::nullopt), At(30));
}

}  // namespace
}  // namespace klaxon::store::sqlite
