#include "demo/demo.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "app/serve.h"
#include "config/loader.h"
#include "core/log.h"
#include "demo/cocopay.h"
#include "demo/railway.h"
#include "demo/scenarios.h"
#include "probe/kinds.h"
#include "standins/print.h"

namespace klaxon::demo {
namespace {

namespace fs = std::filesystem;

// The demo's credentials: set here, never read from the caller's
// environment, so a demo can reach nothing real. The keys and tokens the
// example reads from the environment; the routing key has 32 characters as
// PagerDuty's do.
constexpr const char* kGenericKey = "demo-generic-key-00001";
constexpr const char* kMayaToken = "demo-oncall-token-maya01";
constexpr const char* kDiegoToken = "demo-oncall-token-diego1";
constexpr const char* kLeadToken = "demo-lead-token-sam-0001";
constexpr const char* kAdminToken = "demo-admin-token-jordan";
constexpr const char* kOpsToken = "demo-cocopay-ops-token-01";
constexpr const char* kSlackToken = "xoxb-standin-token";
constexpr const char* kRoutingKey = "0123456789abcdef0123456789abcdef";

void SetEnv(const char* name, const std::string& value) { ::setenv(name, value.c_str(), 1); }

void SetCredentials() {
  SetEnv("KLAXON_PROMETHEUS_KEY", "demo-prometheus-key-0001");
  SetEnv("KLAXON_PAGERDUTY_KEY", "e93facc04764012d7bfb002500d5d1a6");
  SetEnv("KLAXON_GENERIC_KEY", kGenericKey);
  SetEnv("KLAXON_HEARTBEAT_KEY", "demo-heartbeat-key-0001");
  SetEnv("KLAXON_ADMIN_TOKEN", kAdminToken);
  SetEnv("KLAXON_LEAD_TOKEN", kLeadToken);
  SetEnv("KLAXON_MAYA_TOKEN", kMayaToken);
  SetEnv("KLAXON_DIEGO_TOKEN", kDiegoToken);
  SetEnv("KLAXON_DASHBOARD_TOKEN", "demo-dashboard-token-001");
  SetEnv("COCOPAY_OPS_TOKEN", kOpsToken);
  SetEnv("SLACK_BOT_TOKEN", kSlackToken);
  SetEnv("PAGERDUTY_ROUTING_KEY", kRoutingKey);
  SetEnv("KLAXON_REMEDIATION_DRY_RUN", "false");
  // What the demo does not run refuses at once rather than resolving a
  // production name: RB-003's SQL and RB-005's redis-cli diagnostics fail
  // and say so on the timeline.
  SetEnv("COCOPAY_DB_DSN", "postgresql://klaxon@127.0.0.1:1/cocopay_production?connect_timeout=2");
  SetEnv("COCOPAY_REDIS_ADDRESS", "127.0.0.1:1");
  SetEnv("RAILWAY_TOKEN", "");
}

// The Slack users of the configuration's people, so DMs to them land.
std::vector<std::string> SlackUsers(const std::string& config_path) {
  std::vector<std::string> users;
  auto cfg = config::LoadFile(config_path, config::ProcessEnv());
  if (!cfg) return users;
  for (const auto& p : cfg->people) {
    if (!p.slack_user.empty()) users.push_back(p.slack_user);
  }
  return users;
}

// Probes of systems the demo does not simulate would fail against nothing
// and open incidents of their own; they are left out, and their scenarios
// deliver the alert instead.
std::string LeaveOutUnsimulated(config::Config& cfg) {
  std::string left_out;
  std::erase_if(cfg.probes, [&](const config::Probe& p) {
    auto kind = p.spec.kind();
    bool out = kind == probe::Kind::kPostgres || kind == probe::Kind::kRedis ||
               kind == probe::Kind::kHeartbeat;
    if (out) left_out += (left_out.empty() ? "" : ", ") + p.spec.id;
    return out;
  });
  return left_out;
}

}  // namespace

int RunDemo(const DemoOptions& options) {
  auto scenario = FindScenario(options.scenario);
  if (!scenario) {
    std::string known;
    for (const auto& id : ScenarioIds()) known += (known.empty() ? "" : ", ") + id;
    std::cerr << "klaxon demo: unknown scenario \"" << options.scenario << "\" (known: " << known << ")\n";
    return 2;
  }
  if (!fs::exists(options.config_path)) {
    std::cerr << "klaxon demo: " << options.config_path
              << " not found (run from the source tree, or pass --config examples/cocopay/klaxon.yaml)\n";
    return 2;
  }
  // Block the stop signals before any thread starts: app::Serve waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  if (!options.verbose) log::SetLevel(log::Level::kWarn);

  std::mutex print_mu;  // one block stays together
  auto print = [&print_mu](const std::string& text) {
    std::lock_guard lock(print_mu);
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
  };

  SetCredentials();
  standins::SlackOptions so;
  so.bot_token = kSlackToken;
  so.channels = {"#incidents"};
  so.webhook_channel = "#incidents";
  so.users = SlackUsers(options.config_path);
  auto slack = standins::SlackStandin::Start(so, standins::PrintSlack(print));
  if (!slack) {
    std::cerr << "klaxon demo: slack stand-in: " << slack.error().message << "\n";
    return 1;
  }
  auto pagerduty = standins::PagerDutyStandin::Start({}, standins::PrintPagerDuty(print));
  if (!pagerduty) {
    std::cerr << "klaxon demo: pagerduty stand-in: " << pagerduty.error().message << "\n";
    return 1;
  }
  auto cocopay = CocoPay::Start(kOpsToken);
  if (!cocopay) {
    std::cerr << "klaxon demo: simulated CocoPay: " << cocopay.error().message << "\n";
    return 1;
  }

  std::error_code ec;
  std::string data_dir = options.data_dir;
  bool temporary = data_dir.empty();
  if (temporary) {
    std::string pattern = (fs::temp_directory_path(ec) / "klaxon-demo-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::cerr << "klaxon demo: cannot create a data directory under " << pattern << "\n";
      return 1;
    }
    data_dir = pattern;
  }
  fs::create_directories(data_dir, ec);
  std::string railway = (fs::absolute(data_dir) / "railway").string();
  if (!WriteRailwayScript(railway, fs::read_symlink("/proc/self/exe", ec).string(), (*cocopay)->Url())) {
    std::cerr << "klaxon demo: cannot write " << railway << "\n";
    return 1;
  }
  SetEnv("SLACK_API_URL", (*slack)->BaseUrl() + "/api");
  SetEnv("PAGERDUTY_EVENTS_URL", (*pagerduty)->EnqueueUrl());
  SetEnv("COCOPAY_API_URL", (*cocopay)->Url());
  SetEnv("COCOPAY_PROMETHEUS_URL", (*cocopay)->Url() + "/prometheus");
  SetEnv("COCOPAY_RPC_URL", (*cocopay)->Url() + "/rpc/primary");
  SetEnv("COCOPAY_RPC_BACKUP_URL", (*cocopay)->Url() + "/rpc/backup");
  SetEnv("COCOPAY_RAILWAY", railway);

  std::atomic<bool> stopping = false;
  std::atomic<bool> played = false;
  std::thread player;
  std::string left_out;

  app::ServeOptions serve;
  serve.config_path = options.config_path;
  serve.data_dir = data_dir;
  serve.listen = options.listen;
  serve.time_scale = options.time_scale;
  serve.amend_config = [&left_out](config::Config& cfg) { left_out = LeaveOutUnsimulated(cfg); };
  serve.on_serving = [&](uint16_t port) {
    std::string url = fmt::format("http://127.0.0.1:{}", port);
    print(fmt::format(
        "klaxon demo: the CocoPay handbook ({}) on SQLite in {}\n"
        "  time runs {}x faster: the handbook's minutes pass in seconds\n"
        "  klaxon              {}\n"
        "  dashboard           {}/ui/  (log in with {}: Maya, on call)\n"
        "  simulated CocoPay   {}   (API, Prometheus figures, Base RPC, Railway)\n"
        "  Slack stand-in      {}   (what klaxon posts prints as [slack])\n"
        "  PagerDuty stand-in  {}   (prints as [pagerduty])\n"
        "  not simulated       no PostgreSQL, Redis or balance-sync job: probes {} left out\n",
        options.config_path, data_dir, options.time_scale, url, url, kMayaToken,
        (*cocopay)->Url(), (*slack)->BaseUrl(), (*pagerduty)->EnqueueUrl(),
        left_out.empty() ? "none" : left_out));
    player = std::thread([&, url] {
      Play play;
      play.oncall = {.server = url, .token = kMayaToken};
      play.tokens = {{"maya", kMayaToken}, {"diego", kDiegoToken}};
      play.lead = {.server = url, .token = kLeadToken};
      play.ingest = {.server = url, .token = kGenericKey};
      play.cocopay = cocopay->get();
      play.slack = slack->get();
      play.pagerduty = pagerduty->get();
      play.print = print;
      play.stopping = &stopping;
      played = PlayScenario(*scenario, play);
      if (options.exit_when_done) {
        ::kill(::getpid(), SIGTERM);
        return;
      }
      print(fmt::format(
          "\nklaxon keeps serving on {} (dashboard {}/ui/). Try:\n"
          "  export KLAXON_SERVER={} KLAXON_TOKEN={}\n"
          "  klaxon incidents list --status all\n"
          "  klaxon incidents show {}\n"
          "  klaxon postmortem {}\n"
          "Ctrl-C stops it; `klaxon demo --scenario rb-003` (rb-001 .. rb-008) plays another runbook.\n",
          url, url, url, kMayaToken, play.incident.empty() ? "INC-1" : play.incident,
          play.incident.empty() ? "INC-1" : play.incident));
    });
  };
  int code = app::Serve(serve);
  stopping = true;
  if (player.joinable()) player.join();
  if (temporary) fs::remove_all(data_dir, ec);
  if (code != 0) return code;
  return options.exit_when_done && !played ? 1 : 0;
}

}  // namespace klaxon::demo
