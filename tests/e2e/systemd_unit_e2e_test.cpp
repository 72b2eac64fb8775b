// packaging/systemd/klaxon.service stays true: systemd-analyze accepts it
// without a warning, and its ExecStartPre, ExecStart and ExecStartPost lines,
// run as written against the real binary (only the installed paths and the
// port swapped for the test's), check the configuration, serve, and find the
// server ready.
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

constexpr const char* kInstalledBinary = "/usr/local/bin/klaxon";
constexpr const char* kInstalledConfig = "/etc/klaxon/klaxon.yaml";
constexpr const char* kUnitPort = "127.0.0.1:9099";

std::string UnitPath() { return testing::SourceDir() + "/packaging/systemd/klaxon.service"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The value of the one `key=` line of the unit ("" when absent).
std::string UnitValue(const std::string& unit, const std::string& key) {
  std::istringstream in(unit);
  std::string line, found;
  int count = 0;
  while (std::getline(in, line)) {
    if (line.starts_with(key + "=")) {
      found = line.substr(key.size() + 1);
      ++count;
    }
  }
  EXPECT_LE(count, 1) << key << " appears more than once";
  return found;
}

void Replace(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// A command line of the unit as argv, with the installed paths replaced.
// The unit's commands use no quoting, so whitespace splits them.
std::vector<std::string> Command(std::string line, const std::map<std::string, std::string>& swaps) {
  EXPECT_EQ(line.find_first_of("\"'\\"), std::string::npos) << "quoting in: " << line;
  for (const auto& [from, to] : swaps) Replace(line, from, to);
  std::istringstream in(line);
  std::vector<std::string> argv;
  for (std::string word; in >> word;) argv.push_back(word);
  return argv;
}

TEST(SystemdUnit, SystemdAnalyzeVerifiesItWithoutAWarning) {
  std::string unit = ReadFile(UnitPath());
  ASSERT_FALSE(unit.empty()) << UnitPath();
  // verify checks that ExecStart's program exists: point it at the build.
  Replace(unit, kInstalledBinary, testing::KlaxonBinary());
  testing::TempDir dir;
  std::ofstream(dir.File("klaxon.service")) << unit;
  auto r = testing::Run({"/usr/bin/systemd-analyze", "verify", dir.File("klaxon.service")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out + r.err, "") << "systemd-analyze warns";
}

TEST(SystemdUnit, ItsCommandsCheckServeAndWaitForReadiness) {
  std::string unit = ReadFile(UnitPath());
  ASSERT_FALSE(unit.empty()) << UnitPath();
  EXPECT_EQ(UnitValue(unit, "StateDirectory"), "klaxon") << "the store is %S/klaxon";
  EXPECT_EQ(UnitValue(unit, "Restart"), "on-failure");

  testing::TempDir dir;
  std::string config = kConfig;
  Replace(config, "server:\n", "server:\n  listen: 127.0.0.1:0\n");
  std::ofstream(dir.File("klaxon.yaml")) << config;
  std::filesystem::create_directories(dir.File("state"));
  std::map<std::string, std::string> swaps{
      {kInstalledBinary, testing::KlaxonBinary()}, {kInstalledConfig, dir.File("klaxon.yaml")},
      {"%S", dir.File("state")}};

  auto pre = testing::Run(Command(UnitValue(unit, "ExecStartPre"), swaps), kEnv);
  EXPECT_EQ(pre.exit_code, 0) << pre.err;
  EXPECT_EQ(pre.out, "ok\n");

  // The unit's server listens where the configuration says (no --listen).
  auto argv = Command(UnitValue(unit, "ExecStart"), swaps);
  ASSERT_GE(argv.size(), 2u);
  EXPECT_EQ(argv[1], "serve");
  testing::ChildProcess server(argv, kEnv);
  auto line = server.WaitForLine("klaxon serving on http://", std::chrono::seconds(30));
  ASSERT_TRUE(line) << server.stderr_text();
  EXPECT_NE(line->find(dir.File("state") + "/klaxon/klaxon.db"), std::string::npos)
      << "the store is in the state directory: " << *line;
  size_t colon = line->find(':', line->find("http://") + 7);
  std::string port = std::to_string(std::atoi(line->c_str() + colon + 1));

  swaps[kUnitPort] = "127.0.0.1:" + port;
  auto post = testing::Run(Command(UnitValue(unit, "ExecStartPost"), swaps));
  EXPECT_EQ(post.exit_code, 0) << post.err;

  // KillMode=mixed sends SIGTERM to klaxon alone: it stops cleanly.
  server.Signal(SIGTERM);
  int status = server.Wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << server.stderr_text();

  // With the server gone, the readiness check fails (after its retries).
  std::string quick = UnitValue(unit, "ExecStartPost");
  Replace(quick, "--retry 30", "--retry 1");
  auto down = testing::Run(Command(quick, swaps));
  EXPECT_NE(down.exit_code, 0) << "readiness passed with no server";
}

}  // namespace
}  // namespace klaxon::e2e
