// `tcp` probes: a non-blocking connect to each address the host resolves to,
// until one is accepted or the timeout passes. Name resolution itself uses
// the system resolver and is not bounded by the timeout.
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "probe/checks.h"

namespace klaxon::probe {
namespace {

using Clock = std::chrono::steady_clock;

std::string Where(const TcpTarget& t) {
  return t.host.find(':') != std::string::npos ? fmt::format("[{}]:{}", t.host, t.port)
                                               : fmt::format("{}:{}", t.host, t.port);
}

// 0 on success, else an errno value (ETIMEDOUT when the deadline passed).
int ConnectOne(const addrinfo& ai, Clock::time_point deadline) {
  int fd = socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) return errno;
  int err = 0;
  if (connect(fd, ai.ai_addr, ai.ai_addrlen) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      err = ETIMEDOUT;
      while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) break;
        pollfd p{fd, POLLOUT, 0};
        int n = poll(&p, 1, static_cast<int>(left.count()));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        socklen_t len = sizeof err;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
        break;
      }
    }
  }
  close(fd);
  return err;
}

}  // namespace

Result<Observation> CheckTcp(const TcpTarget& target, Duration timeout) {
  auto started = Clock::now();
  auto deadline = started + timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  std::string port = std::to_string(target.port);
  int rc = getaddrinfo(target.host.c_str(), port.c_str(), &hints, &list);
  if (rc != 0) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("cannot resolve {}: {}", target.host, gai_strerror(rc)), true);
  }
  int err = ENOENT;
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    err = ConnectOne(*ai, deadline);
    if (err == 0 || err == ETIMEDOUT) break;
  }
  freeaddrinfo(list);
  if (err == ETIMEDOUT) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("connect to {} timed out after {}", Where(target),
                            FormatDuration(timeout)),
                true);
  }
  if (err != 0) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("connect to {} failed: {}", Where(target), std::strerror(err)), true);
  }
  return Observation(TcpObservation{
      std::chrono::duration_cast<Duration>(Clock::now() - started)});
}

}  // namespace klaxon::probe
