#pragma once
// Read-only connections for the Store's read methods, so reads run while a
// UnitOfWork holds the writer. In WAL mode a reader sees the last committed
// state and never waits for the writer.
//
// Thread-safety: Acquire() may be called from any thread. A connection is
// opened on demand, up to `max_connections`; past that, callers wait for a
// lease to be returned. Leases must be returned before the pool is destroyed.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace klaxon::store::sqlite {

class ReaderPool {
 public:
  ReaderPool(std::string path, ConnectionOptions options, int max_connections);
  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;

  // Exclusive use of one reader connection until destroyed.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Connection> conn)
        : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->Return(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Result<Lease> Acquire();

 private:
  void Return(std::unique_ptr<Connection> conn) noexcept;

  const std::string path_;
  const ConnectionOptions options_;
  const int max_connections_;

  std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int open_ = 0;  // guarded by mu_; idle, leased, or being opened
};

}  // namespace klaxon::store::sqlite
