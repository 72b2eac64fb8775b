#include "durable_log.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

bool DurableLog::Open(const std::string& path, Steps steps, std::string* error) {
  steps_ = steps;
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
    *error = sqlite3_errmsg(db_);
    return false;
  }
  const char* setup =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
      "CREATE TABLE IF NOT EXISTS log(id INTEGER PRIMARY KEY, bodies BLOB NOT NULL);";
  char* message = nullptr;
  if (sqlite3_exec(db_, setup, nullptr, nullptr, &message) != SQLITE_OK ||
      sqlite3_prepare_v2(db_, "INSERT INTO log(bodies) VALUES (?)", -1, &insert_, nullptr) != SQLITE_OK) {
    *error = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return false;
  }
  wal_fd_ = ::open((path + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
  if (wal_fd_ < 0) {
    *error = std::string("cannot open the WAL: ") + std::strerror(errno);
    return false;
  }
  writer_ = std::thread([this] { WriterLoop(); });
  syncer_ = std::thread([this] { SyncLoop(); });
  return true;
}

DurableLog::~DurableLog() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  writer_cv_.notify_one();
  sync_cv_.notify_one();
  if (writer_.joinable()) writer_.join();
  if (syncer_.joinable()) syncer_.join();
  if (wal_fd_ >= 0) ::close(wal_fd_);
  sqlite3_finalize(insert_);
  sqlite3_close(db_);
}

void DurableLog::Append(std::string body, Done done) {
  {
    std::lock_guard lock(mu_);
    queued_.emplace_back(std::move(body), std::move(done));
  }
  writer_cv_.notify_one();
}

void DurableLog::WriterLoop() {
  std::vector<std::pair<std::string, Done>> batch;
  std::string bodies;
  while (true) {
    {
      std::unique_lock lock(mu_);
      writer_cv_.wait(lock, [this] { return stop_ || !queued_.empty(); });
      if (stop_) return;
      batch.swap(queued_);
    }
    if (steps_ != Steps::kHandOff) Commit(batch, bodies);
    {
      std::lock_guard lock(mu_);
      for (auto& [body, done] : batch) committed_.push_back(std::move(done));
    }
    sync_cv_.notify_one();
    batch.clear();
  }
}

void DurableLog::Commit(const std::vector<std::pair<std::string, Done>>& batch, std::string& bodies) {
  bodies.clear();
  for (const auto& [body, done] : batch) bodies += body;
  sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_bind_blob(insert_, 1, bodies.data(), static_cast<int>(bodies.size()), SQLITE_STATIC);
  int rc = sqlite3_step(insert_);
  sqlite3_reset(insert_);
  if (rc != SQLITE_DONE || sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::cerr << "durable log: commit failed: " << sqlite3_errmsg(db_) << "\n";
    std::abort();  // a benchmark reference: never answer what was not stored
  }
}

void DurableLog::SyncLoop() {
  std::vector<Done> batch;
  while (true) {
    {
      std::unique_lock lock(mu_);
      sync_cv_.wait(lock, [this] { return stop_ || !committed_.empty(); });
      if (committed_.empty()) return;
      batch.swap(committed_);
    }
    if (steps_ == Steps::kSync && ::fdatasync(wal_fd_) != 0) {
      std::cerr << "durable log: fdatasync failed: " << std::strerror(errno) << "\n";
      std::abort();
    }
    for (auto& done : batch) done();
    batch.clear();
  }
}
