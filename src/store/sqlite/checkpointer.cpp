#include "store/sqlite/checkpointer.h"

#include <sqlite3.h>

#include "core/log.h"
#include "core/thread_name.h"

namespace klaxon::store::sqlite {
namespace {

int WalHook(void* self, sqlite3* /*db*/, const char* /*schema*/, int pages) {
  static_cast<Checkpointer*>(self)->Committed(pages);
  return SQLITE_OK;  // the commit is durable whatever happens here
}

const char* ModeName(int mode) {
  switch (mode) {
    case SQLITE_CHECKPOINT_PASSIVE: return "passive";
    case SQLITE_CHECKPOINT_RESTART: return "restart";
    case SQLITE_CHECKPOINT_TRUNCATE: return "truncate";
    default: return "other";
  }
}

}  // namespace

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(const std::string& path,
                                                          const CheckpointerOptions& options) {
  // A short busy timeout: an idle TRUNCATE that finds the writer busy gives up
  // and tries again at the next idle moment rather than delaying it.
  auto conn = Connection::Open(path, ConnectionOptions{.read_only = false,
                                                       .synchronous_full = options.synchronous_full,
                                                       .cache_size_kib = 1024,
                                                       .busy_timeout_ms = 50});
  if (!conn) return Fail(conn.error());
  return std::unique_ptr<Checkpointer>(new Checkpointer(std::move(*conn), options));
}

Checkpointer::Checkpointer(std::unique_ptr<Connection> conn, const CheckpointerOptions& options)
    : options_(options), conn_(std::move(conn)), thread_([this] { Run(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Checkpointer::Attach(Connection& writer) {
  sqlite3_wal_hook(writer.handle(), &WalHook, this);
}

void Checkpointer::Detach(Connection& writer) { sqlite3_wal_hook(writer.handle(), nullptr, nullptr); }

void Checkpointer::Committed(int wal_pages) {
  last_wal_pages_ = wal_pages;
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    ++commits_;
    wal_pages_ = wal_pages;
    if (wal_pages >= options_.passive_pages && !requested_) wake = requested_ = true;
  }
  if (wake) wake_.notify_one();
}

void Checkpointer::LimitWal(Connection& writer) {
  if (last_wal_pages_ < options_.limit_pages) return;
  // The writer's connection, outside any transaction, in the writer slot: no
  // other commit can slip in. RESTART waits (busy timeout) for readers of
  // older snapshots, copies what the background thread has not, and makes
  // the next transaction start the WAL over.
  int log = 0, done = 0;
  std::lock_guard running(checkpoint_mu_);
  int rc = sqlite3_wal_checkpoint_v2(writer.handle(), "main", SQLITE_CHECKPOINT_RESTART, &log,
                                     &done);
  blocking_runs_.fetch_add(1, std::memory_order_relaxed);
  if (rc != SQLITE_OK) {
    log::Warn("sqlite store: blocking checkpoint at {} WAL pages failed: {}", last_wal_pages_,
              sqlite3_errstr(rc));
    return;  // the next commit tries again
  }
  last_wal_pages_ = 0;
}

void Checkpointer::Checkpoint(int mode) {
  int log = 0, done = 0;
  std::lock_guard running(checkpoint_mu_);
  int rc = sqlite3_wal_checkpoint_v2(conn_->handle(), "main", mode, &log, &done);
  // BUSY: a writer or reader was in the way; the next round tries again.
  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) {
    log::Warn("sqlite store: {} checkpoint failed: {}", ModeName(mode), sqlite3_errstr(rc));
  }
}

void Checkpointer::Run() {
  NameThisThread("klaxon-ckpt");
  std::unique_lock lock(mu_);
  int64_t seen = commits_;
  while (!stop_) {
    bool woken = wake_.wait_for(lock, options_.idle, [this] { return stop_ || requested_; });
    if (stop_) break;
    if (woken) {
      requested_ = false;
      seen = commits_;
      lock.unlock();
      Checkpoint(SQLITE_CHECKPOINT_PASSIVE);
      passive_runs_.fetch_add(1, std::memory_order_relaxed);
      lock.lock();
    } else if (commits_ == seen && wal_pages_ > 0) {
      // Idle for a whole period: empty the WAL file.
      lock.unlock();
      Checkpoint(SQLITE_CHECKPOINT_TRUNCATE);
      truncate_runs_.fetch_add(1, std::memory_order_relaxed);
      lock.lock();
      if (commits_ == seen) wal_pages_ = 0;
    } else {
      seen = commits_;
    }
  }
}

}  // namespace klaxon::store::sqlite
