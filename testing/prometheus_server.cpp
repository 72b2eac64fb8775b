#include "testing/prometheus_server.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "http/client.h"

extern char** environ;

namespace klaxon::testing {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollEvery = std::chrono::milliseconds(20);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Tail(const std::string& text, size_t n = 2000) {
  return text.size() > n ? "..." + text.substr(text.size() - n) : text;
}

// The port in `... msg="Listening on" address=127.0.0.1:43219`, 0 if not yet.
uint16_t ListeningPort(const std::string& log) {
  const std::string marker = "msg=\"Listening on\" address=";
  auto at = log.find(marker);
  if (at == std::string::npos) return 0;
  auto end = log.find_first_of(" \n", at + marker.size());
  if (end == std::string::npos) return 0;
  std::string address = log.substr(at + marker.size(), end - at - marker.size());
  auto colon = address.rfind(':');
  return colon == std::string::npos ? 0 : static_cast<uint16_t>(std::atoi(address.c_str() + colon + 1));
}

}  // namespace

Result<std::unique_ptr<PrometheusServer>> PrometheusServer::Start(Options options) {
  std::unique_ptr<PrometheusServer> s(new PrometheusServer());
  if (const char* b = std::getenv("KLAXON_PROMETHEUS_BINARY")) options.binary = b;
  if (access(options.binary.c_str(), X_OK) != 0) {
    return Fail(ErrorCode::kUnavailable,
                options.binary + " is not installed (scripts/deps.sh installs prometheus)");
  }
  std::string config = s->dir_.File("prometheus.yml");
  {
    std::ofstream out(config);
    out << "global:\n"
        << "  scrape_interval: " << options.scrape_interval.count() << "s\n"
        << "  scrape_timeout: " << options.scrape_interval.count() << "s\n"
        << "  evaluation_interval: " << options.scrape_interval.count() << "s\n"
        << "scrape_configs:\n"
        << "  - job_name: test\n"
        << "    static_configs:\n"
        << "      - targets: [";
    for (size_t i = 0; i < options.targets.size(); ++i) {
      out << (i ? ", " : "") << '"' << options.targets[i] << '"';
    }
    out << "]\n";
  }
  std::string log = s->dir_.File("prometheus.log");
  std::vector<std::string> argv = {options.binary,
                                   "--config.file=" + config,
                                   "--storage.tsdb.path=" + s->dir_.File("data"),
                                   "--web.listen-address=127.0.0.1:0",
                                   "--log.level=info"};
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (log_fd < 0) return Fail(ErrorCode::kInternal, "cannot create " + log);
  pid_t pid = fork();
  if (pid < 0) {
    close(log_fd);
    return Fail(ErrorCode::kInternal, "fork failed");
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (chdir(s->dir_.path().c_str()) != 0) _exit(126);
    execve(args[0], args.data(), environ);
    _exit(127);
  }
  close(log_fd);
  s->pid_ = pid;

  auto deadline = Clock::now() + options.ready_within;
  auto failed = [&](std::string why) {
    return Fail(ErrorCode::kUnavailable, why + "; its log:\n" + Tail(ReadFile(log)));
  };
  while (true) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      s->pid_ = -1;
      return failed("prometheus exited before it was ready");
    }
    if (s->port_ == 0) s->port_ = ListeningPort(ReadFile(log));
    if (s->port_ != 0) {
      http::ClientRequest req;
      req.url = s->url() + "/-/ready";
      req.timeout_ms = 1000;
      auto resp = http::Send(req);
      if (resp && resp->status == 200) return s;
    }
    if (Clock::now() > deadline) return failed("prometheus was not ready in time");
    std::this_thread::sleep_for(kPollEvery);  // polling the log and /-/ready
  }
}

PrometheusServer::~PrometheusServer() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  auto deadline = Clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(kPollEvery);
  }
}

std::string PrometheusServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string PrometheusServer::Log() const { return ReadFile(dir_.File("prometheus.log")); }

}  // namespace klaxon::testing
