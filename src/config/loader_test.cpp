// The CocoPay example and the happy path: values, defaults, routes.
#include "config/loader.h"

#include <gtest/gtest.h>

#include <set>

#include "config/test_support.h"
#include "oncall/resolve.h"
#include "rules/router.h"

namespace klaxon::config {
namespace {

using namespace std::chrono_literals;
using test::MapEnv;
using test::NoEnv;
using test::Problems;

const std::vector<std::string> kRestartApi = {"railway", "service", "restart", "api"};

const std::string kExample = std::string(KLAXON_EXAMPLES_DIR) + "/cocopay/klaxon.yaml";

class CocoPayExample : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = LoadFile(kExample, MapEnv(test::kCocoPayEnv));
    ASSERT_TRUE(loaded.has_value()) << ::testing::PrintToString(Problems(loaded));
    cfg_ = std::move(*loaded);
  }
  Config cfg_;
};

TEST_F(CocoPayExample, LoadsWithoutDiagnostics) { EXPECT_EQ(cfg_.source_file, kExample); }

TEST_F(CocoPayExample, PostMortemsFollowTheHandbook) {
  const auto& pm = cfg_.postmortems;
  ASSERT_EQ(pm.required_when.size(), 3u);
  EXPECT_EQ(pm.required_when[0].severities, std::vector<std::string>{"SEV1"});
  EXPECT_EQ(pm.required_when[1].severities, std::vector<std::string>{"SEV2"});
  EXPECT_EQ(pm.required_when[1].longer_than, std::chrono::minutes(30));
  EXPECT_EQ(pm.required_when[2].reason, "affects payments");
  EXPECT_EQ(pm.write_within, std::chrono::days(5));
  EXPECT_TRUE(pm.template_text.empty());  // the handbook's own template
  EXPECT_EQ(pm.remind_channels, std::vector<std::string>{"slack-incidents"});
}

TEST_F(CocoPayExample, HandoffsAreBriefedToIncidentsAndToTheIncomingOnCall) {
  ASSERT_TRUE(cfg_.notifications.handoff);
  const HandoffSettings& h = *cfg_.notifications.handoff;
  EXPECT_EQ(h.channels, std::vector<std::string>{"slack-incidents"});
  EXPECT_TRUE(h.direct);
  EXPECT_EQ(h.dm_via, "slack-incidents");
  EXPECT_TRUE(h.Covers("primary") && h.Covers("secondary"));
  for (const auto& p : cfg_.people) EXPECT_FALSE(p.slack_user.empty()) << p.id;
}

TEST_F(CocoPayExample, SeveritiesInHandbookOrder) {
  ASSERT_EQ(cfg_.severities.size(), 4u);
  const std::vector<std::tuple<std::string, Duration, Duration>> want = {
      {"SEV1", 15min, 15min}, {"SEV2", 1h, 15min}, {"SEV3", 4h, 1h}, {"SEV4", 24h, 24h}};
  for (size_t i = 0; i < want.size(); ++i) {
    const Severity& s = cfg_.severities[i];
    EXPECT_EQ(s.id, std::get<0>(want[i]));
    EXPECT_EQ(s.response_time, std::get<1>(want[i])) << s.id;
    EXPECT_EQ(s.update_every, std::get<2>(want[i])) << s.id;
    EXPECT_EQ(s.rank, static_cast<int>(i));
  }
  EXPECT_EQ(cfg_.severities[0].definition, "Complete outage, all users affected");
  EXPECT_EQ(cfg_.severities[1].examples,
            (std::vector<std::string>{"Payments failing", "auth broken"}));
  EXPECT_EQ(cfg_.severities[3].name, "Cosmetic");
}

TEST_F(CocoPayExample, EveryRunbookWithItsSeverity) {
  const std::vector<std::pair<std::string, std::string>> want = {
      {"RB-001", "SEV1"}, {"RB-002", "SEV2"}, {"RB-003", "SEV2"}, {"RB-004", "SEV2"},
      {"RB-005", "SEV2"}, {"RB-006", "SEV2"}, {"RB-007", "SEV2"}, {"RB-008", "SEV3"}};
  ASSERT_EQ(cfg_.runbooks.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(cfg_.runbooks[i].id, want[i].first);
    EXPECT_EQ(cfg_.runbooks[i].route.severity, want[i].second) << want[i].first;
    EXPECT_FALSE(cfg_.runbooks[i].symptoms.empty()) << want[i].first;
    EXPECT_FALSE(cfg_.runbooks[i].investigation.empty()) << want[i].first;
    EXPECT_FALSE(cfg_.runbooks[i].route.match.empty()) << want[i].first;
  }
  std::vector<bool> auto_remediate;
  for (const auto& rb : cfg_.runbooks) auto_remediate.push_back(rb.auto_remediate);
  EXPECT_EQ(auto_remediate, (std::vector<bool>{true, false, true, true, true, false, true, false}));
}

TEST_F(CocoPayExample, Rb001RestartsThenEscalates) {
  const Runbook* rb = cfg_.FindRunbook("RB-001");
  ASSERT_NE(rb, nullptr);
  EXPECT_EQ(rb->title, "API Health Check Failing");
  EXPECT_EQ(rb->service, "api");
  ASSERT_EQ(rb->route.match.size(), 1u);
  EXPECT_EQ(rb->route.match[0].ToString(),
            "alertname=~\"ApiDown|ApiNotReady|ApiErrorRateCritical\"");
  ASSERT_EQ(rb->actions.size(), 2u);
  EXPECT_EQ(rb->actions[0].type, "exec");
  EXPECT_EQ(rb->actions[0].argv, kRestartApi);
  EXPECT_EQ(rb->actions[0].timeout, 60s);
  EXPECT_EQ(rb->actions[1].type, "wait_and_recheck");
  EXPECT_EQ(rb->actions[1].wait, 2min);
  EXPECT_EQ(rb->actions[1].on_failure, "escalate");
  ASSERT_EQ(rb->investigation.size(), 4u);
  EXPECT_EQ(rb->investigation[0].run, "railway logs --since 30m | grep \"deploy\"");
  EXPECT_EQ(rb->investigation[0].hint, "If recent deploy, consider rollback");
  EXPECT_EQ(rb->investigation[2].checks[0], "Database: `railway run bin/rails db:status`");
  ASSERT_EQ(rb->resolution.size(), 4u);
  EXPECT_EQ(rb->resolution[0].cause, "Bad deploy");
  EXPECT_EQ(rb->resolution[0].action, "`railway rollback`");
}

TEST_F(CocoPayExample, Rb002CarriesPaymentCommunication) {
  const Runbook* rb = cfg_.FindRunbook("RB-002");
  ASSERT_NE(rb, nullptr);
  EXPECT_EQ(rb->tags, (std::vector<std::string>{"payments"}));
  EXPECT_TRUE(rb->actions.empty());
  EXPECT_EQ(rb->communication.user_message,
            "We're experiencing issues with payments. Our team is actively working on it.\n"
            "Payments made during this time will be processed once resolved.\n");
  ASSERT_TRUE(rb->communication.investigating.has_value());
  EXPECT_EQ(rb->communication.investigating->title, "Investigating issues with payments");
  ASSERT_TRUE(rb->communication.identified.has_value());
  EXPECT_EQ(rb->communication.identified->title, "Identified - Payment processing delays");
  ASSERT_TRUE(rb->communication.resolved.has_value());
  EXPECT_EQ(rb->communication.resolved->body,
            "Payment processing is back to normal.\n"
            "Any delayed payments have been processed. Thank you for your patience.\n");
  EXPECT_EQ(rb->investigation[0].run,
            "railway logs | grep \"payment_failed\" | jq '.error_code' | sort | uniq -c");
}

TEST_F(CocoPayExample, TheStatusPageShowsWhatUsersSee) {
  const auto& page = cfg_.status_page.page;
  EXPECT_EQ(page.name, "CocoPay Status");
  std::vector<std::string> names;
  for (const auto& c : page.components) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"API", "Payments", "Web app", "Notifications", "Analytics"}));
  // Every runbook suggests at least one component, so every draft names one.
  for (const auto& rb : cfg_.runbooks) {
    bool mapped = false;
    for (const auto& c : page.components) {
      for (const auto& id : c.runbooks) mapped |= id == rb.id;
      for (const auto& s : c.services) mapped |= s == rb.service;
    }
    EXPECT_TRUE(mapped) << rb.id;
  }
}

TEST_F(CocoPayExample, Rb003ClearsConnectionsThenRestarts) {
  const Runbook* rb = cfg_.FindRunbook("RB-003");
  ASSERT_NE(rb, nullptr);
  ASSERT_EQ(rb->route.severity_rules.size(), 1u);
  EXPECT_EQ(rb->route.severity_rules[0].severity, "SEV1");
  EXPECT_EQ(rb->route.severity_rules[0].when[0].ToString(), "scope=\"all\"");
  ASSERT_GE(rb->actions.size(), 3u);
  EXPECT_EQ(rb->actions[0].type, "exec");
  EXPECT_TRUE(rb->actions[0].argv.empty());
  EXPECT_EQ(rb->actions[0].shell,
            "railway run bin/rails runner \"ActiveRecord::Base.connection_pool.disconnect!\"");
  EXPECT_EQ(rb->actions[2].argv, kRestartApi);
  EXPECT_EQ(rb->investigation[1].language, "sql");
  EXPECT_EQ(rb->investigation[1].run,
            "SELECT pid, now() - pg_stat_activity.query_start AS duration, query\n"
            "FROM pg_stat_activity\n"
            "WHERE state != 'idle'\n"
            "ORDER BY duration DESC\n"
            "LIMIT 10;\n");
}

TEST_F(CocoPayExample, Rb004FailsOverOverHttpAndExpandsSecrets) {
  const Runbook* rb = cfg_.FindRunbook("RB-004");
  ASSERT_NE(rb, nullptr);
  ASSERT_GE(rb->actions.size(), 2u);
  const Action& failover = rb->actions[0];
  EXPECT_EQ(failover.type, "http");
  EXPECT_EQ(failover.method, "POST");
  EXPECT_EQ(failover.url, "https://api.cocopay.example/internal/ops/rpc-failover");
  EXPECT_EQ(failover.headers.at("Authorization"), "Bearer ops-token-0123456789abcdef");
  EXPECT_EQ(rb->actions[1].type, "notify");
  EXPECT_EQ(rb->route.group_by, (std::vector<std::string>{"service", "chain"}));
  // The handbook's command keeps its shell variable: "$A" is not "${A}".
  EXPECT_NE(rb->investigation[1].run.find("/v2/$ALCHEMY_API_KEY"), std::string::npos);
}

TEST_F(CocoPayExample, Rb007EscalatesForInvestigation) {
  const Runbook* rb = cfg_.FindRunbook("RB-007");
  ASSERT_NE(rb, nullptr);
  ASSERT_EQ(rb->actions.size(), 2u);
  EXPECT_EQ(rb->actions[1].type, "escalate");
  EXPECT_NE(rb->actions[1].message.find("investigate"), std::string::npos);
  EXPECT_EQ(rb->investigation[2].language, "ruby");
}

TEST_F(CocoPayExample, RoutesPickRunbookAndSeverity) {
  rules::Router router(cfg_.Routes(), cfg_.FallbackRoute());
  auto d = router.Route(
      LabelSet{{"alertname", "DatabaseConnectionErrors"}, {"service", "database"}});
  EXPECT_EQ(d.runbook_id, "RB-003");
  EXPECT_EQ(d.severity, "SEV2");
  d = router.Route(LabelSet{{"alertname", "DatabaseConnectionErrors"}, {"scope", "all"}});
  EXPECT_EQ(d.severity, "SEV1");
  d = router.Route(LabelSet{{"alertname", "ReservesWalletLow"}, {"level", "critical"}});
  EXPECT_EQ(d.runbook_id, "RB-008");
  EXPECT_EQ(d.severity, "SEV2");
  d = router.Route(LabelSet{{"alertname", "ReservesWalletLow"}, {"level", "warning"}});
  EXPECT_EQ(d.severity, "SEV3");
  d = router.Route(LabelSet{{"alertname", "BlockchainRpcErrors"}, {"chain", "base"}});
  EXPECT_EQ(d.runbook_id, "RB-004");
  EXPECT_EQ(d.severity, "SEV3");
  d = router.Route(LabelSet{{"alertname", "BlockchainRpcErrors"}});
  EXPECT_EQ(d.severity, "SEV2");
  d = router.Route(LabelSet{{"alertname", "SomethingNew"}});
  EXPECT_FALSE(d.matched);
  EXPECT_EQ(d.severity, "SEV3");
  EXPECT_EQ(d.title, "Unrouted alert");
}

TEST_F(CocoPayExample, PeopleIntegrationsAndTokens) {
  ASSERT_EQ(cfg_.people.size(), 5u);
  EXPECT_EQ(cfg_.FindPerson("maya")->role, access::Role::kOnCall);
  EXPECT_EQ(cfg_.FindPerson("diego")->role, access::Role::kOnCall);
  EXPECT_EQ(cfg_.FindPerson("sam")->role, access::Role::kLead);
  EXPECT_EQ(cfg_.FindPerson("jordan")->role, access::Role::kAdmin);
  EXPECT_EQ(cfg_.FindPerson("maya")->slack_user, "U04MAYA0001");
  ASSERT_EQ(cfg_.integrations.size(), 4u);
  EXPECT_EQ(cfg_.integrations[0].type, "alertmanager");
  EXPECT_EQ(cfg_.integrations[0].key, "prom-key-0123456789abcdef");
  EXPECT_EQ(cfg_.integrations[1].type, "pagerduty");
  EXPECT_EQ(cfg_.integrations[2].type, "generic");
  EXPECT_EQ(cfg_.integrations[3].type, "heartbeat");
  ASSERT_EQ(cfg_.api_tokens.size(), 5u);
  EXPECT_EQ(cfg_.api_tokens[0].token, "admin-token-0123456789abcdef");
  EXPECT_EQ(cfg_.api_tokens[0].role, access::Role::kAdmin);
  EXPECT_EQ(cfg_.api_tokens[0].person, "jordan");
  EXPECT_EQ(cfg_.api_tokens[2].role, access::Role::kOnCall);
  EXPECT_EQ(cfg_.api_tokens[2].person, "maya");
  EXPECT_EQ(cfg_.api_tokens[4].role, access::Role::kViewer);
  EXPECT_EQ(cfg_.FindService("blockchain-rpc")->name, "Blockchain RPC");
  EXPECT_EQ(cfg_.services.size(), 9u);
}

TEST_F(CocoPayExample, ServerAndIncidentSettings) {
  EXPECT_EQ(cfg_.server.listen, "127.0.0.1:9099");
  EXPECT_EQ(cfg_.server.external_url, "https://klaxon.cocopay.example");
  EXPECT_EQ(cfg_.server.body_limit, 1u << 20);
  EXPECT_EQ(cfg_.incidents.group_by, (std::vector<std::string>{"service"}));
  EXPECT_EQ(cfg_.incidents.quiet_period, 5min);
  EXPECT_EQ(cfg_.incidents.reopen_window, 30min);
  EXPECT_EQ(cfg_.incidents.unmatched_severity, "SEV3");
}

TEST(Loader, DefaultsFillIn) {
  auto loaded = LoadString(std::string(test::kSeverities) +
                               "runbooks:\n"
                               "  - id: RB-1\n"
                               "    title: One\n"
                               "    severity: SEV1\n"
                               "    match: [alertname=\"A\"]\n"
                               "  - id: RB-2\n"
                               "    title: Two\n"
                               "    severity: SEV2\n"
                               "    group_by: []\n",
                           "t.yaml", NoEnv());
  ASSERT_TRUE(loaded) << ::testing::PrintToString(Problems(loaded));
  const Config& c = *loaded;
  EXPECT_EQ(c.incidents.unmatched_severity, "SEV2");  // the least severe
  EXPECT_EQ(c.server.listen, "127.0.0.1:9099");
  EXPECT_EQ(c.server.external_url, "http://127.0.0.1:9099");
  EXPECT_EQ(c.severities[0].update_every, 15min);  // defaults to response_time
  EXPECT_EQ(c.severities[1].name, "SEV2");
  auto routes = c.Routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].runbook_id, "RB-1");
  EXPECT_EQ(routes[0].title, "One");
  EXPECT_EQ(routes[0].group_by, (std::vector<std::string>{"service"}));  // incidents.group_by
  EXPECT_TRUE(routes[1].group_by.empty());  // explicitly none
  auto fallback = c.FallbackRoute();
  EXPECT_EQ(fallback.runbook_id, "");
  EXPECT_EQ(fallback.title, "Unrouted alert");
  EXPECT_EQ(fallback.severity, "SEV2");
  EXPECT_EQ(fallback.group_by, (std::vector<std::string>{"service", "alertname"}));
}

TEST(Loader, RunbookGroupByDefaultsToIncidentsDeclaredLater) {
  auto loaded = LoadString(std::string(test::kSeverities) +
                               "runbooks:\n"
                               "  - {id: RB-1, title: One, severity: SEV1}\n"
                               "incidents:\n"
                               "  group_by: [cluster, service]\n"
                               "  unmatched: {title: Stray, severity: SEV1}\n",
                           "t.yaml", NoEnv());
  ASSERT_TRUE(loaded) << ::testing::PrintToString(Problems(loaded));
  EXPECT_EQ(loaded->Routes()[0].group_by, (std::vector<std::string>{"cluster", "service"}));
  auto fallback = loaded->FallbackRoute();
  EXPECT_EQ(fallback.title, "Stray");
  EXPECT_EQ(fallback.severity, "SEV1");
  EXPECT_EQ(fallback.group_by, (std::vector<std::string>{"cluster", "service", "alertname"}));
}

TEST(Loader, ServerSettings) {
  auto loaded = LoadString(std::string(test::kSeverities) +
                               "server:\n"
                               "  listen: \"[::]:8080\"\n"
                               "  external_url: https://klaxon.example/\n"
                               "  body_limit: 512KiB\n"
                               "  max_alerts_per_request: 50\n"
                               "  ingest_queue_limit: 10\n"
                               "  http_threads: 4\n",
                           "t.yaml", NoEnv());
  ASSERT_TRUE(loaded) << ::testing::PrintToString(Problems(loaded));
  EXPECT_EQ(loaded->server.listen, "[::]:8080");
  EXPECT_EQ(loaded->server.external_url, "https://klaxon.example");
  EXPECT_EQ(loaded->server.body_limit, 512u * 1024);
  EXPECT_EQ(loaded->server.max_alerts_per_request, 50);
  EXPECT_EQ(loaded->server.ingest_queue_limit, 10);
  EXPECT_EQ(loaded->server.http_threads, 4);
}

TEST(Loader, FindReturnsNullForUnknownIds) {
  auto loaded = LoadString(test::kSeverities, "t.yaml", NoEnv());
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->FindSeverity("SEV1")->rank, 0);
  EXPECT_EQ(loaded->FindSeverity("SEV9"), nullptr);
  EXPECT_EQ(loaded->FindRunbook("RB-1"), nullptr);
  EXPECT_EQ(loaded->FindPerson("x"), nullptr);
  EXPECT_EQ(loaded->FindService("x"), nullptr);
}

TEST(Loader, MissingFileIsADiagnostic) {
  auto loaded = LoadFile("/nonexistent/klaxon.yaml", NoEnv());
  EXPECT_EQ(Problems(loaded), (std::vector<std::string>{
                                  "/nonexistent/klaxon.yaml: cannot read file: no such file or "
                                  "directory"}));
}

TEST_F(CocoPayExample, PrimaryAndSecondaryOnCallAreNeverTheSamePerson) {
  const Schedule* primary = cfg_.FindSchedule("primary");
  const Schedule* secondary = cfg_.FindSchedule("secondary");
  ASSERT_TRUE(primary && secondary);
  Time from = *ParseTimestamp("2025-01-06T17:00:00Z");  // Monday 09:00 PST
  auto shifts = oncall::Shifts(primary->spec, from, from + std::chrono::days(2 * 365));
  ASSERT_TRUE(shifts);
  ASSERT_GT(shifts->size(), 100u);
  for (const auto& shift : *shifts) {
    EXPECT_EQ(oncall::FormatLocal(shift.start, primary->spec.zone).substr(11, 5), "09:00");
    for (Time t : {shift.start, shift.start + (shift.end - shift.start) / 2}) {
      auto second = oncall::OnCallAt(secondary->spec, t);
      ASSERT_TRUE(second);
      EXPECT_NE(second->person, shift.person) << FormatTimestamp(t);
      EXPECT_FALSE(second->person.empty());
    }
  }
}

}  // namespace
}  // namespace klaxon::config

namespace klaxon::config {
namespace {

class CocoPayProbes : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cfg = LoadFile(std::string(KLAXON_EXAMPLES_DIR) + "/cocopay/klaxon.yaml",
                        test::MapEnv(test::kCocoPayEnv));
    ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
    cfg_ = std::move(*cfg);
    router_.emplace(cfg_.Routes(), cfg_.FallbackRoute());
  }
  // The runbook a probe's alert is routed to, and at which severity.
  rules::Decision Route(std::string_view probe_id) {
    const Probe* p = cfg_.FindProbe(probe_id);
    EXPECT_NE(p, nullptr) << probe_id;
    return p ? router_->Route(p->spec.labels) : rules::Decision{};
  }
  Config cfg_;
  std::optional<rules::Router> router_;
};

TEST_F(CocoPayProbes, Rb001SymptomsAreHttpProbes) {
  EXPECT_EQ(Route("api-up").runbook_id, "RB-001");
  EXPECT_EQ(Route("api-up").severity, "SEV1");
  EXPECT_EQ(Route("api-ready").runbook_id, "RB-001");
  const auto& up = std::get<probe::HttpTarget>(cfg_.FindProbe("api-up")->spec.target);
  EXPECT_EQ(up.url, "https://api.cocopay.example/up");
  const auto& ready = std::get<probe::HttpTarget>(cfg_.FindProbe("api-ready")->spec.target);
  EXPECT_EQ(ready.url, "https://api.cocopay.example/health/ready");
}

TEST_F(CocoPayProbes, Rb005IsRedisPingAndMemory) {
  EXPECT_EQ(Route("redis-ping").runbook_id, "RB-005");
  EXPECT_EQ(Route("redis-memory").runbook_id, "RB-005");
  const auto& ping = cfg_.FindProbe("redis-ping")->spec;
  EXPECT_EQ(ping.kind(), probe::Kind::kRedis);
  const auto& t = std::get<probe::RedisTarget>(ping.target);
  EXPECT_EQ(t.host, "redis.cocopay.internal");
  EXPECT_EQ(t.port, 6379);
  EXPECT_EQ(t.password, "") << "no COCOPAY_REDIS_PASSWORD: no AUTH";
  const auto& memory = cfg_.FindProbe("redis-memory")->spec;
  EXPECT_EQ(std::get<probe::RedisTarget>(memory.target).info_field, "used_memory_percent");
  ASSERT_EQ(memory.thresholds.size(), 2u);
  EXPECT_EQ(memory.thresholds[0].severity, "SEV2");
  EXPECT_EQ(memory.thresholds[0].limit, 97);

  auto env = test::kCocoPayEnv;
  env["COCOPAY_REDIS_ADDRESS"] = "10.0.0.7:6380";
  env["COCOPAY_REDIS_PASSWORD"] = "redis-pw-0123";
  auto cfg = LoadFile(std::string(KLAXON_EXAMPLES_DIR) + "/cocopay/klaxon.yaml", test::MapEnv(env));
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  const auto& from_env = std::get<probe::RedisTarget>(cfg->FindProbe("redis-ping")->spec.target);
  EXPECT_EQ(from_env.host, "10.0.0.7");
  EXPECT_EQ(from_env.port, 6380);
  EXPECT_EQ(from_env.password, "redis-pw-0123");
}

TEST_F(CocoPayProbes, EveryRunbookHasAProbeForItsSymptoms) {
  std::set<std::string> covered;
  for (const Probe& p : cfg_.probes) covered.insert(router_->Route(p.spec.labels).runbook_id);
  for (const char* rb : {"RB-001", "RB-002", "RB-003", "RB-004", "RB-005", "RB-006", "RB-007", "RB-008"}) {
    EXPECT_TRUE(covered.contains(rb)) << rb << " has no probe";
  }
  EXPECT_EQ(Route("api-error-rate-critical").runbook_id, "RB-001");
  EXPECT_EQ(Route("api-error-rate-critical").severity, "SEV1");
  EXPECT_EQ(Route("api-memory-growth").runbook_id, "RB-007");
  EXPECT_EQ(Route("api-oom-kills").runbook_id, "RB-007");
  EXPECT_EQ(cfg_.FindProbe("api-oom-kills")->spec.kind(), probe::Kind::kPrometheus);
}

TEST_F(CocoPayProbes, OtherRunbooksSymptoms) {
  EXPECT_EQ(Route("database-accepts").runbook_id, "RB-003");
  EXPECT_EQ(Route("database-accepts").severity, "SEV1") << "scope=all";
  EXPECT_EQ(Route("balance-sync").runbook_id, "RB-004");
  EXPECT_EQ(Route("reserves-wallet").runbook_id, "RB-008");
  const auto& wallet = cfg_.FindProbe("reserves-wallet")->spec;
  ASSERT_EQ(wallet.thresholds.size(), 2u);
  EXPECT_EQ(wallet.thresholds[0].severity, "SEV2");
  EXPECT_EQ(wallet.thresholds[0].limit, 100);
  EXPECT_EQ(wallet.thresholds[1].severity, "SEV3");
  EXPECT_EQ(wallet.thresholds[1].limit, 1000);
  EXPECT_EQ(std::get<probe::ExecTarget>(wallet.target).argv[0], "railway");
}

}  // namespace
}  // namespace klaxon::config
