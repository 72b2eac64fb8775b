#include "app/serve.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "api/context.h"
#include "api/incident_handlers.h"
#include "api/notification_handlers.h"
#include "api/remediation_handlers.h"
#include "remediate/workers.h"
#include "api/ingest_handlers.h"
#include "api/oncall_handlers.h"
#include "api/pagerduty_webhook_handlers.h"
#include "api/postmortem_handlers.h"
#include "api/public_status_handlers.h"
#include "api/status_page_handlers.h"
#include "api/probe_handlers.h"
#include "api/report_handlers.h"
#include "api/slack_handlers.h"
#include "api/session_handlers.h"
#include "api/system_handlers.h"
#include "api/token_handlers.h"
#include "app/notifications.h"
#include "app/probe_recheck.h"
#include "config/loader.h"
#include "core/log.h"
#include "engine/engine.h"
#include "http/server.h"
#include "metrics/metrics.h"
#include "notify/slack/responder.h"
#include "probe/engine_sink.h"
#include "probe/runner.h"
#include "report/exposition.h"
#include "store/sqlite/sqlite_store.h"
#include "ui/routes.h"

namespace klaxon::app {
namespace {

void PrintDiagnostics(const std::vector<config::Diagnostic>& diags) {
  for (const auto& d : diags) std::cerr << d.ToString() << "\n";
}

// The Slack Web API bases configured on slack channels: response URLs may
// point at their origins (a stand-in's, in tests and demos) besides Slack's.
std::vector<std::string> SlackApiUrls(const config::Config& cfg) {
  std::vector<std::string> out;
  for (const auto& c : cfg.notifications.channels) {
    if (c.type == "slack") out.push_back(c.api_url);
  }
  return out;
}

}  // namespace

int CheckConfig(const std::string& path) {
  auto cfg = config::LoadFile(path, config::ProcessEnv());
  if (!cfg) {
    PrintDiagnostics(cfg.error());
    std::cerr << cfg.error().size() << " problem(s) found\n";
    return 1;
  }
  std::cout << "ok\n";
  return 0;
}

int Serve(const ServeOptions& options) {
  // Block the stop signals before any thread starts, so only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  // SIGHUP is waited for too, so it neither kills the process nor stops it:
  // there is no reload (the configuration is read once, at start).
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto loaded = config::LoadFile(options.config_path, config::ProcessEnv());
  if (!loaded) {
    PrintDiagnostics(loaded.error());
    return 2;
  }
  if (options.amend_config) options.amend_config(*loaded);
  const config::Config cfg = std::move(*loaded);
  if (options.time_scale < 1 || (options.time_scale > 1 && options.simulated_time)) {
    log::Error("--time-scale must be at least 1, and cannot be combined with --simulated-time");
    return 2;
  }

  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    log::Error("cannot create data directory {}: {}", options.data_dir, ec.message());
    return 1;
  }
  // Answers to Slack clicks, posted to their response_url off the HTTP
  // workers. Declared before the store and the engine: their callbacks may
  // still queue answers while they shut down. Slack signs and expires with
  // real time, also under --simulated-time.
  SystemClock wall_clock;
  metrics::Registry registry;
  notify::slack::ResponderOptions ro;
  ro.policy = notify::slack::ResponseUrlPolicy(SlackApiUrls(cfg));
  ro.clock = &wall_clock;
  ro.metrics = &registry;
  notify::slack::Responder slack_responder(std::move(ro));
  slack_responder.Start();

  std::string db_path = (std::filesystem::path(options.data_dir) / "klaxon.db").string();
  // Group sync: a 2xx still waits for the fsync that covers its alerts, but
  // the engine builds the next batch while the disk works.
  auto store = store::sqlite::Open({.path = db_path, .group_sync = true});
  if (!store) {
    log::Error("cannot open store {}: {}", db_path, store.error().message);
    return 1;
  }

  SystemClock system_clock;
  std::unique_ptr<ManualClock> simulated;
  std::unique_ptr<ScaledClock> scaled;
  const Clock* clock = &system_clock;
  if (options.simulated_time) {
    simulated = std::make_unique<ManualClock>(system_clock.Now());
    clock = simulated.get();
    log::Warn("simulated time: the clock moves only through POST /api/v1/admin/clock");
  } else if (options.time_scale > 1) {
    scaled = std::make_unique<ScaledClock>(system_clock.Now(), options.time_scale);
    clock = scaled.get();
    log::Warn("time runs {}x faster than real time", options.time_scale);
  }
  // A loop sleeps at most its idle_poll of real time between looks at the
  // clock; on a scaled clock that must stay short, or a due time read in
  // scaled minutes would wait for real seconds.
  const std::chrono::milliseconds idle_poll{scaled ? 50 : 1000};

  store::Store* store_ptr = store->get();
  registry.AddCollector("klaxon_open_incidents", "Open incidents, by severity.", {"severity"},
                        [store_ptr, &cfg] {
                          std::vector<std::pair<std::vector<std::string>, double>> out;
                          std::map<std::string, double> counts;
                          for (const auto& s : cfg.severities) counts[s.id] = 0;
                          if (auto n = store_ptr->CountOpenBySeverity()) {
                            for (const auto& [sev, c] : *n) counts[sev] = static_cast<double>(c);
                          }
                          for (const auto& [sev, c] : counts) out.push_back({{sev}, c});
                          return out;
                        });

  registry.AddCollector("klaxon_postmortems_overdue",
                        "Required post-mortems not written within postmortems.write_within.", {},
                        [store_ptr] {
                          std::vector<std::pair<std::vector<std::string>, double>> out;
                          auto n = store_ptr->CountOverduePostmortems();
                          out.push_back({{}, n ? static_cast<double>(*n) : 0.0});
                          return out;
                        });

  // Response metrics over the last 30 days, computed at each scrape from one
  // bounded read (the window's newest incidents, through migration 0012's
  // indexes). A failed read leaves them out of that scrape.
  registry.AddFamilyCollector([store_ptr, &cfg, clock] {
    Time now = clock->Now();
    auto facts = store_ptr->ListResponseFacts(now - report::kMetricsWindow,
                                              report::kMetricsIncidentLimit);
    if (!facts) {
      log::Warn("metrics: response report failed: {}", facts.error().message);
      return std::vector<metrics::CollectedFamily>{};
    }
    return report::Families(
        report::Build(*facts, report::SettingsFrom(cfg), now, report::kMetricsWindow));
  });

  // Outbound notifications: the sender delivers what the engine enqueues,
  // after it is durable; the engine wakes it after each such commit.
  auto notifications = MakeNotifications(cfg, *store_ptr, *clock, &registry);
  notify::outbox::Sender* sender = notifications->sender.get();
  if (simulated) simulated->OnAdvance([sender] { sender->Wake(); });

  // Remediation and diagnostics: external steps run on a small pool, off the
  // engine thread; each result comes back to the engine as a command.
  engine::Engine* engine_ptr = nullptr;  // set below, before any job can run
  remediate::Workers workers(cfg.remediation.workers, [&engine_ptr](remediate::StepResult r) {
    engine_ptr->SubmitStepResult(std::move(r));
  });

  // Probes answer remediation re-checks (app/probe_recheck.h). The runner is
  // built after the engine (its sink is the engine), so the hook reaches it
  // through this pointer, set before any alert can open an incident.
  std::atomic<probe::Runner*> probes_ptr = nullptr;

  engine::Options eo;
  eo.notifications_enqueued = [sender] { sender->Wake(); };
  eo.recheck = [&probes_ptr](const incident::Incident& incident,
                             Time since) -> std::optional<engine::ProbeRecheck> {
    const probe::Runner* runner = probes_ptr.load();
    if (!runner) return std::nullopt;
    return JudgeRecheck(runner->Covering(incident.id), since);
  };
  eo.run_step = [&workers](remediate::Job job) { workers.Submit(std::move(job)); };
  eo.inherit_env = [](const std::string& name) -> std::optional<std::string> {
    if (const char* v = std::getenv(name.c_str())) return std::string(v);
    return std::nullopt;
  };
  eo.config = &cfg;
  eo.store = store_ptr;
  eo.clock = clock;
  eo.metrics = &registry;
  eo.idle_poll = idle_poll;
  eo.max_queued_alerts = static_cast<size_t>(std::max(1, cfg.server.ingest_queue_limit));
  engine::Engine engine(eo);
  engine_ptr = &engine;
  engine.Start();
  sender->Start();

  // Probes: their alerts go to the engine exactly as ingested ones do.
  probe::RunnerOptions po;
  for (const auto& p : cfg.probes) po.probes.push_back(p.spec);
  po.clock = clock;
  po.sink = probe::EngineSink(engine);
  po.store = store_ptr;
  po.metrics = &registry;
  po.idle_poll = idle_poll;
  probe::Runner probes(std::move(po));
  probes_ptr = &probes;
  if (auto st = probes.Start(); !st) {
    log::Error("cannot start probes: {}", st.error().message);
    engine.Stop();
    sender->Stop();
    return 1;
  }
  if (simulated) simulated->OnAdvance([&probes] { probes.Wake(); });

  // The SQLite store keeps issued API tokens too (store/api_tokens.h).
  auto* tokens = dynamic_cast<store::ApiTokenStore*>(store_ptr);
  api::Authenticator auth(cfg, tokens, clock);
  api::Context ctx{&cfg, store_ptr, &engine, clock, &registry, &auth, simulated.get(), &probes, tokens};
  http::Router router;
  api::AddSystemRoutes(router, ctx);
  api::AddIngestRoutes(router, ctx);
  api::AddIncidentRoutes(router, ctx);
  api::AddNotificationRoutes(router, ctx);
  api::AddRemediationRoutes(router, ctx);
  api::AddOnCallRoutes(router, ctx);
  api::AddSlackRoutes(router, ctx, {.wall = &wall_clock, .responder = &slack_responder});
  api::AddPagerDutyWebhookRoutes(router, ctx);
  api::AddProbeRoutes(router, ctx);
  api::AddTokenRoutes(router, ctx);
  api::AddPostmortemRoutes(router, ctx);
  api::AddSessionRoutes(router, ctx);
  api::AddReportRoutes(router, ctx);
  api::AddStatusPageRoutes(router, ctx);
  api::AddPublicStatusRoutes(router, ctx);
  ui::AddUiRoutes(router);

  auto listen = http::ParseListen(options.listen.empty() ? cfg.server.listen : options.listen);
  if (!listen) {
    log::Error("invalid listen address: {}", listen.error().message);
    return 2;
  }
  http::ServerOptions so;
  so.host = listen->first;
  so.port = listen->second;
  so.threads = cfg.server.http_threads;
  so.body_limit = cfg.server.body_limit;
  auto server = http::Server::Start(so, router);
  if (!server) {
    log::Error("cannot listen on {}:{}: {}", so.host, so.port, server.error().message);
    return 1;
  }
  uint16_t port = (*server)->port();
  if (!options.port_file.empty()) {
    std::string tmp = options.port_file + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::filesystem::rename(tmp, options.port_file, ec);
  }
  log::Info("klaxon serving on http://{}:{} (store {}, {} runbooks, {} probes)", so.host, port,
            db_path, cfg.runbooks.size(), cfg.probes.size());
  if (options.on_serving) options.on_serving(port);

  int sig = 0;
  while (sigwait(&stop_signals, &sig) == 0 && sig == SIGHUP) {
    log::Warn("SIGHUP ignored: klaxon has no reload; check the configuration with klaxon "
              "check-config, then restart klaxon to apply it");
  }
  log::Info("received signal {}, stopping", sig);
  (*server)->Stop();
  probes.Stop();
  workers.Stop();  // running steps finish (within their timeouts) and report
  engine.Stop();
  sender->Stop();
  slack_responder.Stop();
  return 0;
}

}  // namespace klaxon::app
