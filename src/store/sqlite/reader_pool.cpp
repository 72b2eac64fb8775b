#include "store/sqlite/reader_pool.h"

#include <utility>

namespace klaxon::store::sqlite {

ReaderPool::ReaderPool(std::string path, ConnectionOptions options, int max_connections)
    : path_(std::move(path)),
      options_(options),
      max_connections_(max_connections < 1 ? 1 : max_connections) {}

Result<ReaderPool::Lease> ReaderPool::Acquire() {
  {
    std::unique_lock lock(mu_);
    returned_.wait(lock, [this] { return !idle_.empty() || open_ < max_connections_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(conn));
    }
    ++open_;  // reserve the slot, then open outside the lock
  }
  auto conn = Connection::Open(path_, options_);
  if (!conn) {
    {
      std::lock_guard lock(mu_);
      --open_;
    }
    returned_.notify_one();
    return Fail(conn.error());
  }
  return Lease(*this, std::move(*conn));
}

void ReaderPool::Return(std::unique_ptr<Connection> conn) noexcept {
  std::unique_lock lock(mu_, std::defer_lock);
  try {
    // A read transaction left open (a failure between BEGIN and COMMIT) would
    // pin an old snapshot and hold back checkpoints; end it before reuse.
    bool clean = !conn->InTransaction() || conn->Run("rollback").has_value();
    lock.lock();
    if (clean) {
      idle_.push_back(std::move(conn));
    }
  } catch (...) {
  }
  if (conn) {
    // Not reusable: close it and free its place in the pool.
    conn.reset();
    if (!lock.owns_lock()) lock.lock();
    --open_;
  }
  lock.unlock();
  returned_.notify_one();
}

}  // namespace klaxon::store::sqlite
