#pragma once
// The store's claim to be the only writer of its database file.
//
// The alert log keeps the current state in memory and assigns log row
// numbers itself, so a second process writing the same file would corrupt
// what both believe. Open() therefore takes an exclusive flock(2) on
// "<database path>.lock" and keeps it for the store's lifetime; the file
// holds the owner's pid, for the error message of the one refused. The
// kernel drops the lock when the process dies (kill -9 included), so a
// crash never leaves the database locked. flock locks belong to an open
// file, so a second Open() within the same process is refused as well.
//
// Read-only tools (klaxon store-stats) do not take it.
//
// Thread-safety: a value type; move-only.

#include <string>

#include "core/result.h"

namespace klaxon::store::sqlite {

class ProcessLock {
 public:
  // kUnavailable (not retryable) naming the holder's pid when another open
  // store holds the lock; kUnavailable when the lock file cannot be created.
  static Result<ProcessLock> Acquire(const std::string& database_path);

  ProcessLock(ProcessLock&& other) noexcept;
  ProcessLock& operator=(ProcessLock&&) = delete;
  ProcessLock(const ProcessLock&) = delete;
  ~ProcessLock();  // releases the lock (the file stays)

 private:
  explicit ProcessLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace klaxon::store::sqlite
