// `exec` probes: posix_spawn, no shell. The program gets its own process
// group so that a timeout ends everything it started, and nothing of klaxon's
// but PATH: no inherited descriptors (sockets, the database), no blocked
// signals, no secrets from klaxon's environment. Nothing from any alert
// reaches it: argv and env come from the configuration only.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "probe/checks.h"

namespace klaxon::probe {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxOut = 64 << 10;  // tail of stdout kept (the value is its last line)
constexpr size_t kMaxErr = 4 << 10;   // tail of stderr kept

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Reads what is available without blocking; false at EOF or error.
bool Drain(int fd, std::string& into, size_t keep, bool keep_tail) {
  char buf[4096];
  while (true) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      into.append(buf, static_cast<size_t>(n));
      if (into.size() > keep) {
        if (keep_tail) {
          into.erase(0, into.size() - keep);
        } else {
          into.resize(keep);
        }
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;  // EOF or error
  }
}

// Whether `pid` has exited, without reaping it (so its pid, and so its
// process group id, cannot be reused before the group is killed).
bool Exited(pid_t pid) {
  siginfo_t info{};
  info.si_pid = 0;
  if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return errno == ECHILD;
  }
  return info.si_pid == pid;
}

int Reap(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

struct Spawned {
  pid_t pid = -1;
  int error = 0;
};

Spawned Spawn(const ExecTarget& t, int out_w, int err_w) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out_w, 1);
  posix_spawn_file_actions_adddup2(&fa, err_w, 2);
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);

  std::vector<std::string> env;
  const char* path = std::getenv("PATH");
  env.push_back(std::string("PATH=") + (path ? path : "/usr/local/bin:/usr/bin:/bin"));
  for (const auto& [name, value] : t.env) env.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = t.argv;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  Spawned s;
  s.error = posix_spawnp(&s.pid, argv[0], &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  return s;
}

}  // namespace

Result<Observation> CheckExec(const ExecTarget& t, Duration timeout) {
  if (t.argv.empty()) return Fail(ErrorCode::kInvalidArgument, "nothing to run");
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    return Fail(ErrorCode::kUnavailable, fmt::format("cannot create a pipe: {}", std::strerror(errno)), true);
  }
  Fd out_r(out_pipe[0]), out_w(out_pipe[1]);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    return Fail(ErrorCode::kUnavailable, fmt::format("cannot create a pipe: {}", std::strerror(errno)), true);
  }
  Fd err_r(err_pipe[0]), err_w(err_pipe[1]);
  auto started = Clock::now();
  Spawned s = Spawn(t, out_w.get(), err_w.get());
  out_w.Reset();
  err_w.Reset();
  if (s.error != 0) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("cannot start {}: {}", t.argv[0], std::strerror(s.error)));
  }
  fcntl(out_r.get(), F_SETFL, O_NONBLOCK);
  fcntl(err_r.get(), F_SETFL, O_NONBLOCK);
  // glibc 2.36's <sys/pidfd.h> lacks C linkage for C++; the system call is the same.
  Fd pidfd(static_cast<int>(syscall(SYS_pidfd_open, s.pid, 0)));  // -1 on old kernels: poll in slices

  ExecObservation o;
  bool out_open = true, err_open = true, exited = false;
  const auto deadline = started + timeout;
  while (!exited) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    pollfd fds[3];
    nfds_t n = 0;
    if (out_open) fds[n++] = {out_r.get(), POLLIN, 0};
    if (err_open) fds[n++] = {err_r.get(), POLLIN, 0};
    if (pidfd.get() >= 0) fds[n++] = {pidfd.get(), POLLIN, 0};
    int wait_ms = static_cast<int>(left.count());
    if (pidfd.get() < 0 || n == 0) wait_ms = std::min(wait_ms, 10);
    if (poll(fds, n, wait_ms) < 0 && errno != EINTR) break;
    if (out_open) out_open = Drain(out_r.get(), o.out, kMaxOut, true);
    if (err_open) err_open = Drain(err_r.get(), o.err, kMaxErr, true);
    exited = Exited(s.pid);
  }
  // Whatever is left in the group goes now: everything on a timeout, and
  // anything the program left behind when it exited.
  kill(-s.pid, SIGKILL);
  int status = Reap(s.pid);
  if (!exited) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("{} timed out after {}; its process group was killed", t.argv[0],
                            FormatDuration(timeout)),
                true);
  }
  if (out_open) Drain(out_r.get(), o.out, kMaxOut, true);
  if (err_open) Drain(err_r.get(), o.err, kMaxErr, true);
  if (WIFSIGNALED(status)) {
    o.signal = WTERMSIG(status);
  } else {
    o.exit_code = WEXITSTATUS(status);
  }
  return Observation(std::move(o));
}

}  // namespace klaxon::probe
