#include "testing/redis_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "probe/redis_client.h"

namespace klaxon::testing {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
constexpr auto kDeadline = 10s;
constexpr auto kPollEvery = 10ms;

// A port nothing listens on now: the kernel's pick for a socket bound to 0.
uint16_t FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  uint16_t port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  if (fd >= 0) close(fd);
  return port;
}

// Gone, or a zombie nobody has reaped yet (its sockets are closed either way).
bool Gone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return true;
  std::string line;
  std::getline(stat, line);
  auto close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() || line[close + 2] == 'Z';
}

}  // namespace

std::string RedisServerBinary() {
  if (const char* b = std::getenv("KLAXON_REDIS_SERVER"); b && *b) return b;
  if (const char* path = std::getenv("PATH")) {
    std::stringstream dirs(path);
    for (std::string d; std::getline(dirs, d, ':');) {
      std::string candidate = (d.empty() ? "." : d) + "/redis-server";
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return "/usr/bin/redis-server";
}

Result<std::unique_ptr<RedisServer>> RedisServer::Start(RedisServerOptions options) {
  std::unique_ptr<RedisServer> s(new RedisServer());
  s->options_ = std::move(options);
  s->port_ = FreePort();
  if (s->port_ == 0) return Fail(ErrorCode::kUnavailable, "no free port on 127.0.0.1");
  std::ofstream conf(s->dir_.File("redis.conf"));
  conf << "bind 127.0.0.1\n"
       << "port " << s->port_ << "\n"
       << "dir " << s->dir_.path() << "\n"
       << "pidfile " << s->dir_.File("redis.pid") << "\n"
       << "logfile " << s->dir_.File("redis.log") << "\n"
       << "daemonize no\n"
       << "save \"\"\n"
       << "appendonly no\n";
  if (!s->options_.password.empty()) conf << "requirepass \"" << s->options_.password << "\"\n";
  if (!s->options_.maxmemory.empty()) conf << "maxmemory " << s->options_.maxmemory << "\n";
  conf.close();
  if (!conf) return Fail(ErrorCode::kUnavailable, "cannot write redis.conf");
  if (auto st = s->Restart(); !st) return Fail(st.error());
  return s;
}

RedisServer::~RedisServer() { (void)Stop(); }

std::string RedisServer::address() const { return fmt::format("127.0.0.1:{}", port_); }

std::vector<std::string> RedisServer::StartCommand() const {
  return {RedisServerBinary(), dir_.File("redis.conf"), "--daemonize", "yes"};
}

Status RedisServer::WriteStartScript(const std::string& path) const {
  auto quote = [](const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  };
  std::string start;
  for (const auto& a : StartCommand()) start += quote(a) + " ";
  std::string cli = std::filesystem::path(RedisServerBinary()).parent_path() / "redis-cli";
  std::ofstream out(path);
  out << "#!/bin/sh\n"
      << "# Starts the test's Redis again (a daemon in its own session) and waits\n"
      << "# until it answers PING.\n"
      << start << "|| exit 1\n"
      << "REDISCLI_AUTH=" << quote(options_.password) << "\n"
      << "[ -n \"$REDISCLI_AUTH\" ] && export REDISCLI_AUTH\n"
      << "tries=0\n"
      << "until " << quote(cli) << " --no-auth-warning -h 127.0.0.1 -p " << port_
      << " ping 2>/dev/null | grep -q PONG; do\n"
      << "  tries=$((tries + 1))\n"
      << "  [ \"$tries\" -le 500 ] || { echo \"redis did not answer\" >&2; exit 1; }\n"
      << "  sleep 0.02\n"
      << "done\n"
      << "echo \"redis on port " << port_ << " answers PING\"\n";
  out.close();
  if (!out || chmod(path.c_str(), 0755) != 0) {
    return Fail(ErrorCode::kUnavailable, "cannot write " + path);
  }
  return {};
}

std::string RedisServer::LogTail() const {
  std::ifstream in(dir_.File("redis.log"));
  std::string text((std::istreambuf_iterator<char>(in)), {});
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

pid_t RedisServer::RunningPid() const {
  std::ifstream in(dir_.File("redis.pid"));
  long pid = 0;
  if (!(in >> pid) || pid <= 0) return 0;
  return static_cast<pid_t>(pid);
}

bool RedisServer::Answers() const {
  auto conn = probe::redis::Connection::Open("127.0.0.1", port_, 200ms);
  if (!conn) return false;
  if (!options_.password.empty()) {
    auto auth = conn->Command({"AUTH", options_.password}, 200ms);
    if (!auth || auth->type == probe::redis::Reply::Type::kError) return false;
  }
  auto pong = conn->Command({"PING"}, 200ms);
  return pong && pong->text == "PONG";
}

Status RedisServer::WaitUntilAnswering() {
  const auto deadline = Clock::now() + kDeadline;
  while (!Answers()) {
    if (child_ > 0) {
      int status = 0;
      if (waitpid(child_, &status, WNOHANG) == child_) {
        child_ = -1;
        return Fail(ErrorCode::kUnavailable, "redis-server exited at start:\n" + LogTail());
      }
    }
    if (Clock::now() > deadline) {
      return Fail(ErrorCode::kUnavailable,
                  fmt::format("redis-server on port {} did not answer PING within {}s:\n{}", port_,
                              kDeadline.count(), LogTail()));
    }
    std::this_thread::sleep_for(kPollEvery);  // the poll's period, not a synchronisation
  }
  return {};
}

Status RedisServer::Restart() {
  if (Answers()) return Fail(ErrorCode::kConflict, "the server is already running");
  std::string binary = RedisServerBinary();
  std::string conf = dir_.File("redis.conf");
  pid_t pid = fork();
  if (pid < 0) return Fail(ErrorCode::kUnavailable, "fork failed");
  if (pid == 0) {
    // Dies with the test: a crashed test leaves no server behind.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    close_range(3, ~0U, 0);  // none of the test's sockets
    execl(binary.c_str(), binary.c_str(), conf.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  child_ = pid;
  return WaitUntilAnswering();
}

Status RedisServer::Stop() {
  pid_t pid = RunningPid();
  if (pid <= 0 && child_ > 0) pid = child_;
  if (pid > 0) kill(pid, SIGKILL);
  if (child_ > 0) {
    kill(child_, SIGKILL);
    int status = 0;
    while (waitpid(child_, &status, 0) < 0 && errno == EINTR) {
    }
    child_ = -1;
  }
  const auto deadline = Clock::now() + kDeadline;
  while (pid > 0 && !Gone(pid)) {
    if (Clock::now() > deadline) {
      return Fail(ErrorCode::kUnavailable, fmt::format("redis-server {} did not die", pid));
    }
    std::this_thread::sleep_for(kPollEvery);
  }
  std::filesystem::remove(dir_.File("redis.pid"));  // so a later Stop never kills a reused pid
  return {};
}

}  // namespace klaxon::testing
