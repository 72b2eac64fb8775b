// Real child processes: output capture, exit codes, the environment as the
// only way in, and a timeout that kills the whole process group.
#include "remediate/process.h"

#include <signal.h>

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
  // Killed and, its parent gone, reaped by init: kill(pid, 0) finds nothing
  // (or a zombie that is about to be reaped, which /proc shows as Z).
  bool gone = ::kill(grandchild, 0) != 0;
  if (!gone) {
    std::ifstream stat("/proc/" + std::to_string(grandchild) + "/stat");
    std::string pid, comm, state;
    stat >> pid >> comm >> state;
    gone = !stat || state == "Z";
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
