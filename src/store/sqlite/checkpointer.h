#pragma once
// Checkpoints off the commit path.
//
// In WAL mode every commit appends pages to the WAL; a checkpoint copies them
// back into the database file so the WAL can start over. SQLite's default
// runs that copy inside the commit that crosses the threshold, which stalls
// that commit (and every request waiting on it) for tens of milliseconds. The
// writer therefore runs with wal_autocheckpoint off, and this class does it:
//
//   * after each commit the writer's WAL hook reports the WAL size
//     (Committed); past `passive_pages` the background thread runs a PASSIVE
//     checkpoint on its own connection, which never blocks the writer or
//     readers (it copies what no reader still needs);
//   * when no commit has happened for `idle`, it runs a TRUNCATE checkpoint,
//     leaving an empty WAL file;
//   * past `limit_pages` (the background thread cannot keep up, or readers
//     keep it from finishing) the committing writer itself runs a RESTART
//     checkpoint before its Commit() returns (LimitWal), so the WAL cannot
//     grow without bound under sustained load: a rare stall instead of an
//     unbounded file. Most of the WAL is usually copied by then, so the stall
//     is mostly the wait for readers and one fsync.
//
// Durability is unchanged: a checkpoint only copies committed frames, and
// SQLite syncs the WAL before it copies (with synchronous=NORMAL under group
// sync) or the commit had synced it already (synchronous=FULL).
//
// Thread-safety: Committed() and LimitWal() run on the writer's thread while it
// holds the writer slot; the background thread uses only its own connection. Stop() (or
// the destructor) joins the thread; uninstall the WAL hook first.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace klaxon::store::sqlite {

struct CheckpointerOptions {
  int passive_pages = 4096;
  int limit_pages = 32768;
  std::chrono::milliseconds idle{1000};
  bool synchronous_full = true;
};

class Checkpointer {
 public:
  // Opens the checkpointer's connection to `path` and starts its thread.
  static Result<std::unique_ptr<Checkpointer>> Start(const std::string& path,
                                                     const CheckpointerOptions& options);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Installs the WAL hook on the writer: after each commit it calls
  // Committed(). Detach before destroying this object.
  void Attach(Connection& writer);
  static void Detach(Connection& writer);

  // From the WAL hook, inside the writer's COMMIT: the WAL holds `wal_pages`.
  void Committed(int wal_pages);
  // After the writer's COMMIT returned: a blocking checkpoint if the WAL is
  // past the limit. Failures are logged; the commit stands either way.
  void LimitWal(Connection& writer);

  // Checkpoints run so far, for tests and measurements.
  int64_t passive_runs() const { return passive_runs_.load(); }
  int64_t blocking_runs() const { return blocking_runs_.load(); }
  int64_t truncate_runs() const { return truncate_runs_.load(); }

 private:
  Checkpointer(std::unique_ptr<Connection> conn, const CheckpointerOptions& options);
  void Run();
  void Checkpoint(int mode);

  const CheckpointerOptions options_;
  std::unique_ptr<Connection> conn_;  // used only by thread_
  int last_wal_pages_ = 0;  // writer thread only

  // Held while this process runs a checkpoint: SQLite refuses (SQLITE_BUSY,
  // without waiting) a checkpoint while another one runs, so LimitWal waits
  // here for the background one to finish instead.
  std::mutex checkpoint_mu_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;        // guarded by mu_
  bool requested_ = false;   // guarded by mu_: a PASSIVE checkpoint is due
  int64_t commits_ = 0;      // guarded by mu_: commits seen, to notice idleness
  int wal_pages_ = 0;        // guarded by mu_: WAL size after the last commit

  std::atomic<int64_t> passive_runs_{0};
  std::atomic<int64_t> blocking_runs_{0};
  std::atomic<int64_t> truncate_runs_{0};
  std::thread thread_;  // last: starts after everything it uses
};

}  // namespace klaxon::store::sqlite
