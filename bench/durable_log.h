#pragma once
// DurableLog: the least a server must do before answering 2xx for a body it
// promises to keep, on SQLite. Bodies are appended as one row per commit (a
// group commit, as klaxon's alert log stores batches) by a writer thread with
// synchronous=NORMAL; a sync thread then runs one fdatasync on the WAL for
// every commit before it (klaxon's group sync) and only then calls each
// body's completion. No parsing, matching, incidents or timeline: this is the
// floor of durable ingest on this machine, used by bench_bare_server
// --durable. Benchmark code, not linked into klaxon.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

class DurableLog {
 public:
  using Done = std::function<void()>;  // called on the sync thread once durable

  // How much of the work to do, to take its cost apart: kHandOff only passes
  // each body to the writer and the sync thread and back; kCommit also commits
  // it to SQLite; kSync (the floor) also waits for the fdatasync.
  enum class Steps { kHandOff, kCommit, kSync };

  // Opens (creating) the database at `path`; false with `error` set on failure.
  bool Open(const std::string& path, Steps steps, std::string* error);
  ~DurableLog();

  // Thread-safe; never blocks on I/O.
  void Append(std::string body, Done done);

 private:
  void WriterLoop();
  void Commit(const std::vector<std::pair<std::string, Done>>& batch, std::string& bodies);
  void SyncLoop();

  Steps steps_ = Steps::kSync;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  int wal_fd_ = -1;

  std::mutex mu_;
  std::condition_variable writer_cv_, sync_cv_;
  std::vector<std::pair<std::string, Done>> queued_;  // guarded by mu_
  std::vector<Done> committed_;                       // guarded by mu_
  bool stop_ = false;                                 // guarded by mu_
  std::thread writer_, syncer_;
};
