// The checks against real things: an HTTP server and listening sockets on
// 127.0.0.1 port 0, and real child processes. Nothing here sleeps to
// synchronise; a check's own timeout is what is measured.
#include "probe/checks.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "http/test_support.h"
#include "testing/temp_dir.h"

namespace klaxon::probe {
namespace {

using namespace std::chrono_literals;

// A listening socket on 127.0.0.1 that never answers (the kernel accepts
// connections into its backlog).
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 16);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~Listener() { Close(); }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

TEST(ProbeChecks, HttpSeesStatusAndBody) {
  std::atomic<int> status{200};
  http::Router router;
  router.Add("GET", "/up", [&](http::Request&, http::Reply reply) {
    reply(http::Response::Text(status.load(), "ready"));
  });
  auto server = http::testing::StartServer(router);
  ASSERT_TRUE(server);
  HttpTarget t;
  t.url = http::testing::Url(*server, "/up");
  auto o = CheckHttp(t, 2s);
  ASSERT_TRUE(o) << o.error().message;
  auto& h = std::get<HttpObservation>(*o);
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body, "ready");
  EXPECT_LT(h.latency, 2s);
  status = 503;
  o = CheckHttp(t, 2s);
  ASSERT_TRUE(o);
  EXPECT_EQ(std::get<HttpObservation>(*o).status, 503);
}

TEST(ProbeChecks, HttpTimeoutAndRefusalAreErrorsWithoutThePath) {
  Listener silent;
  HttpTarget t;
  t.url = "http://127.0.0.1:" + std::to_string(silent.port()) + "/secret-path?token=abc";
  auto started = std::chrono::steady_clock::now();
  auto o = CheckHttp(t, 300ms);
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(o);
  EXPECT_GE(took, 290ms);
  EXPECT_LT(took, 5s);
  EXPECT_EQ(o.error().message.find("secret"), std::string::npos) << o.error().message;
  silent.Close();
  o = CheckHttp(t, 1s);
  ASSERT_FALSE(o);
  EXPECT_NE(o.error().message.find("127.0.0.1"), std::string::npos) << o.error().message;
}

TEST(ProbeChecks, TcpConnectsThenIsRefused) {
  Listener l;
  TcpTarget t{"127.0.0.1", l.port()};
  auto o = CheckTcp(t, 1s);
  ASSERT_TRUE(o) << o.error().message;
  l.Close();
  o = CheckTcp(t, 1s);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().message,
            "connect to 127.0.0.1:" + std::to_string(t.port) + " failed: Connection refused");
  EXPECT_FALSE(CheckTcp(TcpTarget{"no-such-host.invalid", 80}, 1s));
}

ExecTarget Sh(std::string script, std::vector<std::pair<std::string, std::string>> env = {}) {
  return ExecTarget{{"/bin/sh", "-c", std::move(script)}, std::move(env)};
}

ExecObservation Ran(const ExecTarget& t, Duration timeout = 5s) {
  auto o = CheckExec(t, timeout);
  EXPECT_TRUE(o) << o.error().message;
  return o ? std::get<ExecObservation>(*o) : ExecObservation{};
}

TEST(ProbeChecks, ExecExitStatusStdoutAndStderr) {
  auto ok = Ran(Sh("echo 42"));
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_EQ(ok.out, "42\n");
  auto bad = Ran(Sh("echo warming >&2; echo not ready >&2; exit 3"));
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_EQ(bad.err, "warming\nnot ready\n");
}

TEST(ProbeChecks, ExecKeepsTheTailOfLongOutput) {
  auto o = Ran(Sh("i=0; while [ $i -lt 20000 ]; do echo filler-line; i=$((i+1)); done; echo 7"));
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_LE(o.out.size(), 64u << 10);
  EXPECT_EQ(ParseValue(o.out), 7);
}

TEST(ProbeChecks, ExecGetsOnlyPathAndItsOwnEnvironment) {
  setenv("KLAXON_TEST_SECRET", "do-not-leak", 1);
  auto o = Ran(Sh("echo \"[$FOO][$KLAXON_TEST_SECRET][${PATH:+path}]\"", {{"FOO", "bar"}}));
  EXPECT_EQ(o.out, "[bar][][path]\n");
  unsetenv("KLAXON_TEST_SECRET");
}

TEST(ProbeChecks, ExecInheritsNoDescriptorsAndNoBlockedSignals) {
  int fd = open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  ASSERT_GE(fd, 3);
  auto o = Ran(Sh("if [ -e /proc/self/fd/" + std::to_string(fd) +
                  " ]; then echo inherited; else echo closed; fi"));
  EXPECT_EQ(o.out, "closed\n");
  close(fd);

  // klaxon serve blocks SIGTERM in every thread; a probe must not inherit that.
  sigset_t term, old;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &term, &old);
  auto killed = Ran(Sh("kill -TERM $$; echo survived"));
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  EXPECT_EQ(killed.signal, SIGTERM);
  EXPECT_EQ(killed.out, "");
}

// True once `pid` is gone (or a zombie nobody reaped yet), within `timeout`.
bool Dies(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return true;
    auto close_paren = line.rfind(')');
    if (close_paren != std::string::npos && line.size() > close_paren + 2 &&
        line[close_paren + 2] == 'Z') {
      return true;
    }
    std::this_thread::yield();
  }
  return false;
}

TEST(ProbeChecks, ExecTimeoutKillsTheWholeProcessGroup) {
  klaxon::testing::TempDir dir;
  std::string pid_file = dir.File("child.pid");
  auto started = std::chrono::steady_clock::now();
  auto o = CheckExec(Sh("sleep 30 & echo $! > " + pid_file + "; wait"), 300ms);
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().message, "/bin/sh timed out after 300ms; its process group was killed");
  EXPECT_LT(took, 5s);
  std::ifstream in(pid_file);
  pid_t grandchild = 0;
  ASSERT_TRUE(in >> grandchild) << "the script did not start its background child";
  EXPECT_TRUE(Dies(grandchild, 5000ms)) << "the background sleep outlived the timeout";
}

TEST(ProbeChecks, ExecLeavesNothingRunningAfterItExits) {
  klaxon::testing::TempDir dir;
  std::string pid_file = dir.File("child.pid");
  // The background child holds stdout open; the check must not wait for it.
  auto o = Ran(Sh("sleep 30 & echo $! > " + pid_file + "; echo 5"), 5s);
  EXPECT_EQ(o.exit_code, 0);
  std::ifstream in(pid_file);
  pid_t leftover = 0;
  ASSERT_TRUE(in >> leftover);
  EXPECT_TRUE(Dies(leftover, 5000ms));
}

TEST(ProbeChecks, ExecOfAMissingProgramIsAnError) {
  auto o = CheckExec(ExecTarget{{"/nonexistent/klaxon-check"}, {}}, 1s);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().message, "cannot start /nonexistent/klaxon-check: No such file or directory");
}

TEST(ProbeChecks, RunCheckDispatchesByKind) {
  Spec s;
  s.timeout = 2s;
  s.target = Sh("exit 0");
  auto o = RunCheck(s);
  ASSERT_TRUE(o);
  EXPECT_TRUE(std::holds_alternative<ExecObservation>(*o));
  s.target = HeartbeatTarget{};
  EXPECT_FALSE(RunCheck(s));
}

}  // namespace
}  // namespace klaxon::probe
