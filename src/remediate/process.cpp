#include "remediate/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "remediate/output.h"

namespace klaxon::remediate {
namespace {

// Closes a descriptor once.
struct Fd {
  int fd = -1;
  ~Fd() { Close(); }
  void Close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

}  // namespace

// PATH lookup in the child's environment (posix_spawnp would use klaxon's).
std::string FindProgram(const std::string& program, const std::vector<std::string>& env) {
  if (program.empty()) return {};
  if (program.find('/') != std::string::npos) {
    return ::access(program.c_str(), X_OK) == 0 ? program : std::string();
  }
  std::string path = "/usr/local/bin:/usr/bin:/bin";
  for (const auto& e : env) {
    if (e.starts_with("PATH=")) path = e.substr(5);
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    if (dir.empty()) dir = ".";
    std::string candidate = std::move(dir);
    candidate += '/';
    candidate += program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

Result<ProcessResult> RunProcess(const ProcessSpec& spec) {
  if (spec.argv.empty() || spec.argv[0].empty()) {
    return Fail(ErrorCode::kInvalidArgument, "no program to run");
  }
  std::string program = FindProgram(spec.argv[0], spec.env);
  if (program.empty()) {
    return Fail(ErrorCode::kNotFound,
                spec.argv[0] + (spec.argv[0].find('/') == std::string::npos
                                    ? ": not found in PATH"
                                    : ": not found or not executable"));
  }
  std::vector<char*> argv, envp;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : spec.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return Fail(ErrorCode::kUnavailable, fmt::format("pipe: {}", std::strerror(errno)), true);
  }
  Fd out{fds[0]}, in{fds[1]};

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, in.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, in.fd, 2);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGHUP);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group, led by the child
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
  auto started = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, program.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  in.Close();
  if (rc != 0) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("{}: cannot start: {}", spec.argv[0], std::strerror(rc)));
  }

  ProcessResult result;
  OutputCapture capture(spec.output_limit);
  auto deadline = started + spec.timeout;
  bool exited = false;
  int status = 0;
  char buf[8192];
  while (true) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      result.timed_out = true;
      break;
    }
    if (out.fd < 0) {
      // Output closed: wait for the exit, in short slices up to the deadline.
      pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) {
        exited = true;
        break;
      }
      struct timespec slice {0, 5'000'000};
      ::nanosleep(&slice, nullptr);
      continue;
    }
    int wait_ms = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) + 1;
    struct pollfd p {out.fd, POLLIN, 0};
    int n = ::poll(&p, 1, std::min(wait_ms, 100));
    if (n < 0 && errno != EINTR) break;
    if (n > 0) {
      ssize_t got = ::read(out.fd, buf, sizeof buf);
      if (got > 0) {
        capture.Append(std::string_view(buf, static_cast<size_t>(got)));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        out.Close();
      }
    }
    // The program may exit while something it started keeps the pipe open.
    if (!exited && ::waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      // Take what is already written, then stop reading.
      while (true) {
        struct pollfd q {out.fd, POLLIN, 0};
        if (out.fd < 0 || ::poll(&q, 1, 0) <= 0) break;
        ssize_t got = ::read(out.fd, buf, sizeof buf);
        if (got <= 0) break;
        capture.Append(std::string_view(buf, static_cast<size_t>(got)));
      }
      break;
    }
  }
  // Nothing of the step outlives it: the group goes, grandchildren included.
  ::kill(-pid, SIGKILL);
  if (!exited) {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  result.elapsed = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - started);
  if (WIFEXITED(status) && !result.timed_out) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  result.head = capture.head();
  result.tail = capture.tail();
  result.output_bytes = capture.total();
  return result;
}

}  // namespace klaxon::remediate
