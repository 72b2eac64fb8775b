// Real child processes: output capture, exit codes, the environment as the
// only way in, and a timeout that kills the whole process group.
#include "remediate/process.h"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "remediate/environment.h"
#include "remediate/step_runner.h"

namespace klaxon::remediate {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> Env() { return {"PATH=/usr/bin:/bin"}; }

TEST(Process, CapturesOutputAndExitCode) {
  auto r = RunProcess({{"sh", "-c", "echo out; echo err >&2; exit 3"}, Env(), 10s, 4096});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_FALSE(r->timed_out);
  EXPECT_EQ(r->head, "out\nerr\n");
}

TEST(Process, MissingProgramIsAnError) {
  auto r = RunProcess({{"no-such-program-klaxon"}, Env(), 1s, 64});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST(Process, TimeoutKillsTheWholeGroup) {
  // The child starts a grandchild that would outlive it, prints the
  // grandchild's pid, and hangs; the timeout must take both.
  auto r = RunProcess({{"sh", "-c", "sleep 60 & echo $!; sleep 60"}, Env(), 300ms, 4096});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->timed_out);
  EXPECT_EQ(r->signal, SIGKILL);
  pid_t grandchild = std::stoi(r->head);
  ASSERT_GT(grandchild, 0);
  // Killed: the kernel delivers SIGKILL asynchronously, so wait (bounded) for
  // the grandchild's termination event through a pidfd; ESRCH means it is
  // gone already.
  bool gone = false;
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, grandchild, 0));
  if (pidfd < 0) {
    gone = errno == ESRCH;
  } else {
    struct pollfd p {pidfd, POLLIN, 0};
    gone = ::poll(&p, 1, 5000) == 1;
    ::close(pidfd);
  }
  EXPECT_TRUE(gone) << "grandchild " << grandchild << " survived the timeout";
}

TEST(Process, AlertValuesNeverExecute) {
  auto dir = std::filesystem::temp_directory_path() /
             ("klaxon-inject-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string marker = (dir / "x").string();
  std::string hostile = "$(touch " + marker + ") `touch " + marker + "`; touch " + marker +
                        " \"'";
  EnvironmentInput in;
  in.labels = LabelSet{{"service", hostile}};
  in.incident = "INC-1";
  in.runbook = "RB-001";
  // A configured shell step that uses the label the documented way.
  config::Action step;
  step.type = "exec";
  step.shell = "printf '%s' \"$KLAXON_LABEL_service\"";
  Job job{1, 1, step, BuildEnvironment(in, nullptr), 4096};
  StepResult r = RunStep(job);
  EXPECT_TRUE(r.ok) << Summarize(r);
  EXPECT_EQ(r.head, hostile);  // the literal, unexpanded
  EXPECT_FALSE(std::filesystem::exists(marker));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace klaxon::remediate
