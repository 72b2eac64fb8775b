#pragma once
// Group durability for the embedded store (docs/adr/0003-group-sync.md).
//
// With Options::group_sync the writer commits with synchronous=NORMAL: a
// Commit() writes its WAL frames and returns without an fsync, so the engine
// can go on with the next batch while the disk catches up. This thread makes
// those commits durable: it takes every callback queued so far, runs one
// fdatasync on the WAL file, then calls them. SQLite appends to the WAL with
// write(), so one fdatasync covers every frame written before it began, that
// is every commit that returned before its callback was queued.
//
// SQLite syncs the WAL itself before a checkpoint copies frames into the
// database (and the database after), so frames a checkpoint moved or a WAL
// reset dropped were already durable.
//
// An fdatasync that fails leaves the page cache in an unknown state (a retry
// may report success for data that never reached the disk). The syncer
// therefore answers the waiting callbacks with an error and stops the
// process; the restart recovers from what is on disk.
//
// Thread-safety: Enqueue() from any thread. Callbacks run on the syncer's
// thread, in the order they were queued, and must not block.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

namespace klaxon::store::sqlite {

class Syncer {
 public:
  using Done = std::function<void(Status)>;

  // Opens the WAL file (which the writer connection must already have
  // created) and starts the thread.
  static Result<std::unique_ptr<Syncer>> Start(const std::string& wal_path);
  // Syncs and answers whatever is queued, then joins the thread.
  ~Syncer();
  Syncer(const Syncer&) = delete;
  Syncer& operator=(const Syncer&) = delete;

  // `done` runs once every commit that returned before this call is durable.
  void Enqueue(Done done);

 private:
  explicit Syncer(int fd);
  void Loop();

  const int fd_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Done> queue_;  // guarded by mu_
  bool stop_ = false;        // guarded by mu_
  std::thread thread_;
};

}  // namespace klaxon::store::sqlite
