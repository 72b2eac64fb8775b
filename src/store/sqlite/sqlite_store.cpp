#include "store/sqlite/sqlite_store.h"

#include <cassert>
#include <chrono>
#include <filesystem>
#include <limits>
#include <system_error>

#include <fmt/format.h>

#include "store/sqlite/alert_log.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/guard.h"
#include "store/sqlite/migrate.h"
#include "store/sqlite/process_lock.h"
#include "store/sqlite/api_tokens.h"
#include "store/sqlite/heartbeats.h"
#include "store/sqlite/outbox.h"
#include "store/sqlite/postmortems.h"
#include "store/sqlite/status_page.h"
#include "store/sqlite/remediation.h"
#include "store/sqlite/reports.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/record_codec.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/syncer.h"
#include "store/sqlite/unit_of_work.h"
#include "store/sqlite/writer_slot.h"

namespace klaxon::store::sqlite {
namespace {

// Runs `body` inside one read transaction, so its queries share a snapshot.
// A failure leaves the transaction open; ReaderPool ends it on return.
template <class F>
auto InSnapshot(Connection& conn, F&& body) -> decltype(body()) {
  if (auto st = conn.Run("begin_read"); !st) return Fail(st.error());
  auto result = body();
  if (!result) return result;
  if (auto st = conn.Run("commit"); !st) return Fail(st.error());
  return result;
}

// The first column of the only row, or nullopt when there is no row or it is NULL.
Result<std::optional<int64_t>> OptionalInt(Connection& conn, std::string_view query) {
  auto stmt = conn.Query(query);
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row || stmt->IsNull(0)) return std::nullopt;
  return stmt->Int(0);
}

std::string StatusesJson(const std::vector<incident::Status>& statuses) {
  std::string out = "[";
  for (incident::Status s : statuses) {
    if (out.size() > 1) out += ',';
    out += fmt::format("\"{}\"", incident::ToString(s));
  }
  return out + "]";
}

class SqliteStore final : public Store, public ApiTokenStore {
 public:
  SqliteStore(const Options& options, ProcessLock lock, std::unique_ptr<Connection> writer,
              std::unique_ptr<AlertLog> alerts, std::unique_ptr<Checkpointer> checkpointer,
              std::unique_ptr<Syncer> syncer)
      : options_(options),
        lock_(std::move(lock)),
        writer_(std::move(writer)),
        alerts_(std::move(alerts)),
        checkpointer_(std::move(checkpointer)),
        syncer_(std::move(syncer)),
        readers_(options.path,
                 ConnectionOptions{.read_only = true,
                                   .cache_size_kib = options.reader_cache_size_kib,
                                   .busy_timeout_ms = options.busy_timeout_ms},
                 options.max_readers) {
    checkpointer_->Attach(*writer_);
  }

  ~SqliteStore() override {
    assert(!writer_slot_.held() && "a UnitOfWork outlived its Store");
    syncer_.reset();  // answers what is waiting, before the connections close
    Checkpointer::Detach(*writer_);
    checkpointer_.reset();  // joins its thread
  }

  Result<std::unique_ptr<UnitOfWork>> Begin() override {
    return Guard("begin", [&]() -> Result<std::unique_ptr<UnitOfWork>> {
      writer_slot_.Acquire();
      SlotHold hold(writer_slot_);
      // Left open only if a dropped unit of work could not roll back.
      if (writer_->InTransaction()) {
        if (auto st = writer_->Run("rollback"); !st) return Fail(st.error());
      }
      if (auto st = writer_->Run("begin_write"); !st) return Fail(st.error());
      // Log rows a commit that reported failure may still have added
      // (checked only after such a failure).
      alerts_->Drop();
      if (auto st = alerts_->CatchUp(*writer_); !st) {
        (void)writer_->Run("rollback");
        return Fail(st.error());
      }
      auto uow = std::make_unique<SqliteUnitOfWork>(*writer_, writer_slot_, *alerts_,
                                                    *checkpointer_);
      hold.Dismiss();
      return uow;
    });
  }

  void WhenDurable(std::function<void(Status)> done) override {
    // Without group sync a commit was as durable as configured when it returned.
    if (!syncer_) return done(Status{});
    syncer_->Enqueue(std::move(done));
  }

  Result<std::vector<incident::Incident>> ListIncidents(const IncidentFilter& filter) override {
    return Guard("list_incidents", [&]() -> Result<std::vector<incident::Incident>> {
      if (filter.limit <= 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("sqlite store: list_incidents: limit must be positive, got {}",
                                filter.limit));
      }
      auto conn = readers_.Acquire();
      if (!conn) return Fail(conn.error());
      auto stmt = (*conn)->Query("list_incidents");
      if (!stmt) return Fail(stmt.error());
      std::string statuses = StatusesJson(filter.statuses);
      stmt->BindInt(":before_id", filter.before_id > 0 ? filter.before_id
                                                      : std::numeric_limits<int64_t>::max());
      stmt->BindInt(":open_only", filter.open_only ? 1 : 0);
      stmt->BindText(":severity", filter.severity);
      stmt->BindText(":runbook_id", filter.runbook_id);
      stmt->BindText(":statuses", statuses);
      stmt->BindInt(":limit", filter.limit);
      return CollectRows(*stmt, &ReadIncident);
    });
  }

  Result<std::optional<IncidentDetail>> GetIncidentDetail(int64_t id) override {
    return Guard("get_incident_detail", [&]() -> Result<std::optional<IncidentDetail>> {
      auto conn = readers_.Acquire();
      if (!conn) return Fail(conn.error());
      auto detail = InSnapshot(**conn, [&]() -> Result<std::optional<IncidentDetail>> {
        IncidentDetail detail;
        {
          auto stmt = (*conn)->Query("get_incident");
          if (!stmt) return Fail(stmt.error());
          stmt->BindInt(":id", id);
          auto row = stmt->Step();
          if (!row) return Fail(row.error());
          if (!*row) return std::nullopt;
          auto inc = ReadIncident(*stmt);
          if (!inc) return Fail(inc.error());
          detail.incident = std::move(*inc);
        }
        {
          auto stmt = (*conn)->Query("incident_timeline");
          if (!stmt) return Fail(stmt.error());
          stmt->BindInt(":incident_id", id);
          auto timeline = CollectRows(*stmt, &ReadTimelineEntry);
          if (!timeline) return Fail(timeline.error());
          detail.timeline = std::move(*timeline);
        }
        return std::optional<IncidentDetail>(std::move(detail));
      });
      if (!detail || !*detail) return detail;
      // The alerts come from memory (committed state), decoded outside the lock.
      auto records =
          alerts_->IncidentRecords(id, static_cast<size_t>(options_.detail_alert_limit));
      (*detail)->alerts.reserve(records.size());
      for (const std::string& record : records) {
        auto alert = DecodeRecord(record);
        if (!alert) {
          return Fail(ErrorCode::kInternal, fmt::format("sqlite store: incident {}: {}", id,
                                                        alert.error().message));
        }
        (*detail)->alerts.push_back(std::move(*alert));
      }
      return detail;
    });
  }

  Result<std::vector<std::pair<std::string, int64_t>>> CountOpenBySeverity() override {
    using Counts = std::vector<std::pair<std::string, int64_t>>;
    return Guard("count_open_by_severity", [&]() -> Result<Counts> {
      auto conn = readers_.Acquire();
      if (!conn) return Fail(conn.error());
      auto stmt = (*conn)->Query("count_open_by_severity");
      if (!stmt) return Fail(stmt.error());
      Counts counts;
      while (true) {
        auto row = stmt->Step();
        if (!row) return Fail(row.error());
        if (!*row) return counts;
        counts.emplace_back(stmt->Text(0), stmt->Int(1));
      }
    });
  }

  Result<std::optional<Time>> NextDue() override {
    return Guard("next_due", [&]() -> Result<std::optional<Time>> {
      auto conn = readers_.Acquire();
      if (!conn) return Fail(conn.error());
      auto timer = OptionalInt(**conn, "next_timer_due");
      if (!timer) return Fail(timer.error());
      std::optional<int64_t> expiry = alerts_->NextExpiry();
      std::optional<int64_t> next = *timer;
      if (expiry && (!next || *expiry < *next)) next = expiry;
      if (!next) return std::nullopt;
      return FromUnixMillis(*next);
    });
  }

  // The outbox reads live in outbox.cpp; these only lend them a reader.
  Result<std::vector<OutboxEntry>> ListNotifications(int64_t incident_id) override {
    return OnReader("list_notifications",
                    [&](Connection& c) { return ListNotificationsOn(c, incident_id); });
  }
  Result<std::string> FirstReceipt(int64_t incident_id, std::string_view channel) override {
    return OnReader("first_receipt",
                    [&](Connection& c) { return FirstReceiptOn(c, incident_id, channel); });
  }
  Result<std::optional<Time>> NextNotificationDue(std::string_view channel) override {
    return OnReader("next_notification_due",
                    [&](Connection& c) { return NextNotificationDueOn(c, channel); });
  }
  Result<int64_t> CountFailedNotifications() override {
    return OnReader("count_failed_notifications",
                    [&](Connection& c) { return CountFailedNotificationsOn(c); });
  }

  Status InsertApiToken(const ApiTokenRecord& token) override {
    auto uow = Begin();
    if (!uow) return Fail(uow.error());
    if (auto st = static_cast<SqliteUnitOfWork&>(**uow).InsertApiToken(token); !st) return st;
    return (*uow)->Commit();
  }
  Status RevokeApiToken(std::string_view name, std::string_view by, Time at) override {
    auto uow = Begin();
    if (!uow) return Fail(uow.error());
    if (auto st = static_cast<SqliteUnitOfWork&>(**uow).RevokeApiToken(name, by, at); !st) return st;
    return (*uow)->Commit();
  }
  Result<std::vector<ApiTokenRecord>> ListApiTokens() override {
    return OnReader("list_api_tokens", [&](Connection& c) { return ListApiTokensOn(c); });
  }
  Result<std::optional<ApiTokenRecord>> FindApiToken(std::string_view digest) override {
    return OnReader("find_api_token", [&](Connection& c) { return FindApiTokenOn(c, digest); });
  }

  Result<std::vector<HeartbeatRecord>> ListHeartbeats() override {
    return OnReader("list_heartbeats", [&](Connection& c) { return ListHeartbeatsOn(c); });
  }

  Result<std::vector<RemediationRun>> ListRemediationRuns(int64_t incident_id) override {
    return OnReader("incident_remediation_runs",
                    [&](Connection& c) { return ListRemediationRunsOn(c, incident_id); });
  }

  Result<std::vector<RemediationStepRecord>> ListRemediationSteps(int64_t incident_id) override {
    return OnReader("incident_remediation_steps",
                    [&](Connection& c) { return ListRemediationStepsOn(c, incident_id); });
  }

  Result<std::optional<postmortem::Record>> GetPostmortem(int64_t incident_id) override {
    return OnReader("get_postmortem",
                    [&](Connection& c) { return GetPostmortemOn(c, incident_id); });
  }
  Result<std::vector<postmortem::ActionItem>> ListActionItems(int64_t incident_id) override {
    return OnReader("incident_action_items",
                    [&](Connection& c) { return ListActionItemsOn(c, incident_id); });
  }
  Result<int64_t> CountOverduePostmortems() override {
    return OnReader("count_overdue_postmortems",
                    [&](Connection& c) { return CountOverduePostmortemsOn(c); });
  }

  Result<std::vector<report::IncidentFacts>> ListResponseFacts(Time since, int limit) override {
    return OnReader("response_facts",
                    [&](Connection& c) { return ListResponseFactsOn(c, since, limit); });
  }
  Result<statuspage::Records> ReadStatusPage(Time since) override {
    return OnReader("read_status_page", [&](Connection& c) { return ReadStatusPageOn(c, since); });
  }
  Result<std::optional<statuspage::Incident>> LatestStatusIncidentOf(int64_t incident_id) override {
    return OnReader("latest_status_incident_of",
                    [&](Connection& c) { return LatestStatusIncidentOn(c, incident_id); });
  }
  Result<std::optional<statuspage::Incident>> GetStatusIncident(int64_t id) override {
    return OnReader("get_status_incident", [&](Connection& c) { return GetStatusIncidentOn(c, id); });
  }

  Result<int64_t> CountAlerts() override {
    return Guard("count_alerts", [&]() -> Result<int64_t> { return alerts_->counts().alerts; });
  }

 private:
  // Runs `read` on a reader connection, exceptions turned into errors.
  template <class F>
  auto OnReader(std::string_view what, F&& read) -> decltype(read(std::declval<Connection&>())) {
    return Guard(what, [&]() -> decltype(read(std::declval<Connection&>())) {
      auto conn = readers_.Acquire();
      if (!conn) return Fail(conn.error());
      return read(**conn);
    });
  }

  const Options options_;
  ProcessLock lock_;  // first member: released after everything else closed
  // Used only by the holder of writer_slot_ (Begin() and its UnitOfWork).
  std::unique_ptr<Connection> writer_;
  // Its writer side likewise; its read side from any thread (alert_log.h).
  std::unique_ptr<AlertLog> alerts_;
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<Syncer> syncer_;  // null unless options_.group_sync
  WriterSlot writer_slot_;
  ReaderPool readers_;
};

Status CheckOptions(const Options& o) {
  if (o.path.empty()) return Fail(ErrorCode::kInvalidArgument, "sqlite store: path is empty");
  if (o.cache_size_kib <= 0 || o.reader_cache_size_kib <= 0 || o.max_readers <= 0 ||
      o.busy_timeout_ms < 0 || o.detail_alert_limit <= 0 || o.checkpoint_pages <= 0 ||
      o.wal_limit_pages < o.checkpoint_pages || o.idle_checkpoint_ms <= 0 ||
      o.compact_records_per_commit <= 0 || o.compact_min_dead < 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "sqlite store: cache sizes, max_readers, detail_alert_limit, "
                "checkpoint_pages, idle_checkpoint_ms and compact_records_per_commit must be "
                "positive, busy_timeout_ms and compact_min_dead not negative, "
                "wal_limit_pages at least checkpoint_pages");
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Store>> Open(const Options& options) {
  return Guard("open", [&]() -> Result<std::unique_ptr<Store>> {
    if (auto st = CheckOptions(options); !st) return Fail(st.error());
    std::filesystem::path parent = std::filesystem::path(options.path).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("sqlite store: cannot create directory {}: {}", parent.string(),
                                ec.message()));
      }
    }
    // Before anything writes: this process is the file's only writer.
    auto lock = ProcessLock::Acquire(options.path);
    if (!lock) return Fail(lock.error());
    auto writer = Connection::Open(options.path,
                                   ConnectionOptions{.read_only = false,
                                                     .synchronous_full = options.synchronous_full &&
                                                                         !options.group_sync,
                                                     .cache_size_kib = options.cache_size_kib,
                                                     .busy_timeout_ms = options.busy_timeout_ms,
                                                     .autocheckpoint_pages = 0,
                                                     // A WAL that was reset keeps at most
                                                     // twice the checkpoint threshold.
                                                     .journal_size_limit = int64_t{2} *
                                                                           options.checkpoint_pages *
                                                                           4096});
    if (!writer) return Fail(writer.error());
    if (auto st = Migrate(**writer); !st) return Fail(st.error());
    // Prepare every query once: SQL that does not match the schema fails
    // here, at start-up, and the writer's statement cache starts warm.
    auto queries = AllQueries();
    if (!queries) return Fail(queries.error());
    for (const NamedQuery& q : *queries) {
      if (auto stmt = (*writer)->Query(q.name); !stmt) return Fail(stmt.error());
    }
    if (auto st = CheckRowShapes(**writer); !st) return Fail(st.error());
    if (auto st = CheckOutboxRowShapes(**writer); !st) return Fail(st.error());
    // The alerts: one replay of the log. Its pages are read once, so they
    // go through a small page cache rather than filling the writer's.
    auto alerts = std::make_unique<AlertLog>(AlertLogOptions{
        .compact_min_dead = static_cast<size_t>(options.compact_min_dead),
        .compact_records_per_commit = static_cast<size_t>(options.compact_records_per_commit)});
    if (auto st = (*writer)->ExecScalar("PRAGMA cache_size = -2048;", "replay cache"); !st) {
      return Fail(st.error());
    }
    if (auto st = (*writer)->Run("begin_read"); !st) return Fail(st.error());
    Status loaded = alerts->Load(**writer);
    if (auto st = (*writer)->Run(loaded ? "commit" : "rollback"); !st && loaded) {
      return Fail(st.error());
    }
    if (!loaded) return Fail(loaded.error());
    if (auto st = (*writer)->ExecScalar(
            fmt::format("PRAGMA cache_size = -{};", options.cache_size_kib), "writer cache");
        !st) {
      return Fail(st.error());
    }
    auto checkpointer = Checkpointer::Start(
        options.path, CheckpointerOptions{
                          .passive_pages = options.checkpoint_pages,
                          .limit_pages = options.wal_limit_pages,
                          .idle = std::chrono::milliseconds(options.idle_checkpoint_ms),
                          .synchronous_full = options.synchronous_full});
    if (!checkpointer) return Fail(checkpointer.error());
    std::unique_ptr<Syncer> syncer;
    if (options.group_sync) {
      // The migrations and the directory's read left the WAL file in place.
      auto started = Syncer::Start(options.path + "-wal");
      if (!started) return Fail(started.error());
      syncer = std::move(*started);
    }
    return std::make_unique<SqliteStore>(options, std::move(*lock), std::move(*writer),
                                         std::move(alerts),
                                         std::move(*checkpointer), std::move(syncer));
  });
}

}  // namespace klaxon::store::sqlite
