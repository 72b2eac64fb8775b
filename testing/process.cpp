#include "testing/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

extern char** environ;

namespace klaxon::testing {
namespace {

std::vector<std::string> MergedEnv(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> all;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) all[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : extra) all[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : all) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> Pointers(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

pid_t Spawn(std::vector<std::string> argv, const std::map<std::string, std::string>& env, int out_fd,
            int err_fd) {
  auto envs = MergedEnv(env);
  auto argp = Pointers(argv);
  auto envp = Pointers(envs);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Die with the test: a crashed test must not leave servers behind.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(out_fd >= 0 ? out_fd : devnull, 1);
    if (err_fd >= 0) dup2(err_fd, 2);
    // Start with a clean signal mask: the test process may block signals.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(argp[0], argp.data(), envp.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

std::string KlaxonBinary() {
  const char* b = std::getenv("KLAXON_BINARY");
  return b ? b : "klaxon";
}

std::string SourceDir() {
  const char* s = std::getenv("KLAXON_SOURCE_DIR");
  return s ? s : ".";
}

RunResult Run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = Spawn(argv, env, out_pipe[1], err_pipe[1]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  RunResult r;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env) {
  int err_pipe[2];
  if (pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  pid_ = Spawn(argv, env, -1, err_pipe[1]);
  close(err_pipe[1]);
  err_fd_ = err_pipe[0];
}

ChildProcess::~ChildProcess() {
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    Wait();
  }
  if (err_fd_ >= 0) close(err_fd_);
}

std::optional<std::string> ChildProcess::WaitForLine(const std::string& needle,
                                                     std::chrono::seconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (true) {
    // Scan complete lines not yet scanned.
    size_t nl;
    while ((nl = err_.find('\n', scanned_)) != std::string::npos) {
      std::string line = err_.substr(scanned_, nl - scanned_);
      scanned_ = nl + 1;
      if (line.find(needle) != std::string::npos) return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0 || err_fd_ < 0) return std::nullopt;
    pollfd p{err_fd_, POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left.count()));
    if (r <= 0) continue;
    char buf[4096];
    ssize_t n = read(err_fd_, buf, sizeof buf);
    if (n <= 0) {
      close(err_fd_);
      err_fd_ = -1;
      continue;
    }
    err_.append(buf, static_cast<size_t>(n));
  }
}

void ChildProcess::Signal(int sig) {
  if (!reaped_) kill(pid_, sig);
}

int ChildProcess::Wait() {
  if (reaped_) return 0;
  int status = 0;
  waitpid(pid_, &status, 0);
  reaped_ = true;
  return status;
}

KlaxonServer::KlaxonServer(const std::string& config_path, const std::string& data_dir,
                           const std::map<std::string, std::string>& env,
                           std::vector<std::string> extra_args) {
  std::vector<std::string> argv{KlaxonBinary(), "serve", "--config", config_path, "--data", data_dir,
                                "--listen", "127.0.0.1:0"};
  for (auto& a : extra_args) argv.push_back(std::move(a));
  child_ = std::make_unique<ChildProcess>(argv, env);
  auto line = child_->WaitForLine("klaxon serving on http://", std::chrono::seconds(30));
  if (!line) return;
  auto colon = line->find(':', line->find("http://") + 7);
  if (colon == std::string::npos) return;
  port_ = static_cast<uint16_t>(std::atoi(line->c_str() + colon + 1));
}

std::string KlaxonServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

}  // namespace klaxon::testing
