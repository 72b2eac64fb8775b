#include "store/sqlite/syncer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "core/log.h"
#include "core/thread_name.h"

namespace klaxon::store::sqlite {

Result<std::unique_ptr<Syncer>> Syncer::Start(const std::string& wal_path) {
  int fd = ::open(wal_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("sqlite store: cannot open the WAL {} for syncing: {}", wal_path,
                            std::strerror(errno)));
  }
  return std::unique_ptr<Syncer>(new Syncer(fd));
}

Syncer::Syncer(int fd) : fd_(fd) {
  thread_ = std::thread([this] {
    NameThisThread("klaxon-sync");
    Loop();
  });
}

Syncer::~Syncer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
  ::close(fd_);
}

void Syncer::Enqueue(Done done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(done));
  }
  cv_.notify_one();
}

void Syncer::Loop() {
  std::vector<Done> batch;
  while (true) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left to answer
      batch.swap(queue_);
    }
    int rc;
    do {
      rc = ::fdatasync(fd_);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
      std::string reason = fmt::format("sqlite store: fdatasync of the WAL failed: {}",
                                       std::strerror(errno));
      log::Error("{}; stopping so that the restart recovers from the disk", reason);
      for (auto& done : batch) done(Fail(ErrorCode::kUnavailable, reason));
      std::abort();
    }
    for (auto& done : batch) done(Status{});
    batch.clear();
  }
}

}  // namespace klaxon::store::sqlite
