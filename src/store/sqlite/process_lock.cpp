#include "store/sqlite/process_lock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

namespace klaxon::store::sqlite {

Result<ProcessLock> ProcessLock::Acquire(const std::string& database_path) {
  std::string path = database_path + ".lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("sqlite store: cannot open lock file {}: {}", path,
                            std::strerror(errno)));
  }
  ProcessLock lock(fd);  // closes fd on every path out
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err != EWOULDBLOCK) {
      return Fail(ErrorCode::kUnavailable,
                  fmt::format("sqlite store: cannot lock {}: {}", path, std::strerror(err)));
    }
    char buf[32] = {};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    std::string holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    return Fail(ErrorCode::kUnavailable,
                fmt::format("sqlite store: {} is in use by {} (another klaxon store has it "
                            "open for writing)",
                            database_path, holder.empty() ? "another process" : "pid " + holder));
  }
  std::string pid = fmt::format("{}\n", ::getpid());
  // The pid is a courtesy for the error above: failing to write it is harmless.
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  return lock;
}

ProcessLock::ProcessLock(ProcessLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

ProcessLock::~ProcessLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

}  // namespace klaxon::store::sqlite
