// The `probes` section: every kind read into its typed form, and its
// problems as exact "file:line:column: message" lines.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;
using namespace std::chrono_literals;

const EnvLookup kEnv = test::MapEnv({{"OPS_TOKEN", "ops-secret-token"},
                                     {"REDIS_PASSWORD", "redis-secret-pw"},
                                     {"REDIS_ADDRESS", "cache.internal:6380"},
                                     {"HB_KEY", "heartbeat-key-0123"},
                                     {"RPC_URL", "https://rpc.example/v2/secret-key"}});

std::expected<Config, std::vector<Diagnostic>> Load(const std::string& rest) {
  return LoadString(test::kSeverities + rest, "t.yaml", kEnv);
}
Lines Problems(const std::string& rest) { return test::Problems(Load(rest)); }

TEST(ProbesConfig, EveryKindIsRead) {
  auto cfg = Load(R"(integrations:
  - {id: cron, type: heartbeat, key: "${HB_KEY}"}
probes:
  - id: api-up
    kind: http
    url: http://127.0.0.1:3000/up
    interval: 30s
    timeout: 5s
    for: 1m
    clear_for: 2m
    headers: {Authorization: "Bearer ${OPS_TOKEN}"}
    expect_status: [200, 3xx]
    body_match: ok
    max_latency: 2s
    labels: {alertname: ApiDown, service: api}
    annotations: {summary: API /up is failing}
  - id: db-port
    kind: tcp
    address: "[::1]:5432"
    interval: 10s
  - id: wallet
    kind: exec
    argv: [/usr/local/bin/balance, --usd]
    env: {RPC_URL: "${RPC_URL}"}
    interval: 5m
    thresholds:
      - {below: 1000, severity: SEV2}
      - {below: 100.5, severity: SEV1}
  - id: nightly-backup
    kind: heartbeat
    interval: 24h
    grace: 1h
    integration: cron
)");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  ASSERT_EQ(cfg->probes.size(), 4u);

  const probe::Spec& http = cfg->probes[0].spec;
  EXPECT_EQ(http.kind(), probe::Kind::kHttp);
  EXPECT_EQ(http.interval, 30s);
  EXPECT_EQ(http.timeout, 5s);
  EXPECT_EQ(http.hold_for, 1min);
  EXPECT_EQ(http.clear_for, 2min);
  EXPECT_EQ(http.labels, (LabelSet{{"alertname", "ApiDown"}, {"probe", "api-up"}, {"service", "api"}}));
  EXPECT_EQ(http.annotations.GetOr("summary"), "API /up is failing");
  const auto& h = std::get<probe::HttpTarget>(http.target);
  EXPECT_EQ(h.method, "GET");
  EXPECT_EQ(h.url, "http://127.0.0.1:3000/up");
  EXPECT_EQ(h.headers, (std::vector<std::pair<std::string, std::string>>{
                           {"Authorization", "Bearer ops-secret-token"}}));
  EXPECT_EQ(h.expect_status, std::vector<int>{200});
  EXPECT_EQ(h.expect_class, std::vector<int>{3});
  EXPECT_EQ(h.body_match, "ok");
  EXPECT_EQ(h.max_latency, 2s);

  const probe::Spec& tcp = cfg->probes[1].spec;
  EXPECT_EQ(tcp.timeout, 10s) << "default: 10s, at most the interval";
  EXPECT_EQ(tcp.labels.GetOr("alertname"), "db-port") << "alertname defaults to the id";
  EXPECT_EQ(std::get<probe::TcpTarget>(tcp.target).host, "::1");
  EXPECT_EQ(std::get<probe::TcpTarget>(tcp.target).port, 5432);

  const probe::Spec& exec = cfg->probes[2].spec;
  const auto& e = std::get<probe::ExecTarget>(exec.target);
  EXPECT_EQ(e.argv, (std::vector<std::string>{"/usr/local/bin/balance", "--usd"}));
  EXPECT_EQ(e.env[0].second, "https://rpc.example/v2/secret-key");
  ASSERT_EQ(exec.thresholds.size(), 2u);
  EXPECT_EQ(exec.thresholds[0].severity, "SEV1") << "most severe first";
  EXPECT_EQ(exec.thresholds[0].limit, 100.5);
  EXPECT_EQ(exec.thresholds[1].severity, "SEV2");

  const probe::Spec& hb = cfg->probes[3].spec;
  EXPECT_EQ(std::get<probe::HeartbeatTarget>(hb.target).grace, 1h);
  EXPECT_EQ(std::get<probe::HeartbeatTarget>(hb.target).integration, "cron");
  EXPECT_EQ(cfg->FindProbe("nightly-backup"), &cfg->probes[3]);
  EXPECT_EQ(cfg->FindProbe("nope"), nullptr);
}

TEST(ProbesConfig, TimeoutDefaultsToTheIntervalWhenShorter) {
  auto cfg = Load("probes:\n  - {id: p, kind: tcp, address: \"localhost:1\", interval: 3s}\n");
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->probes[0].spec.timeout, 3s);
}

TEST(ProbesConfig, MissingAndUnknownKeys) {
  EXPECT_EQ(Problems("probes:\n"
                     "  - id: p\n"
                     "    kind: htp\n"
                     "    interval: 1m\n"),
            Lines{"t.yaml:6:11: unknown probe kind \"htp\"; did you mean \"http\"? (expected one "
                  "of: http, tcp, exec, heartbeat, redis, postgres, jsonrpc, prometheus)"});
  EXPECT_EQ(Problems("probes:\n"
                     "  - {id: p, kind: http}\n"),
            (Lines{"t.yaml:5:5: probe is missing required key \"interval\"",
                   "t.yaml:5:5: probe is missing required key \"url\""}));
  EXPECT_EQ(Problems("probes:\n"
                     "  - id: p\n"
                     "    kind: tcp\n"
                     "    interval: 1m\n"
                     "    address: db:5432\n"
                     "    url: http://x\n"
                     "    intervall: 1m\n"),
            (Lines{"t.yaml:9:5: \"url\" does not apply to a tcp probe (its keys: address)",
                   "t.yaml:10:5: unknown key \"intervall\" in probe; did you mean \"interval\"? "
                   "(allowed: id, kind, description, interval, timeout, for, clear_for, labels, "
                   "annotations, thresholds, method, url, headers, body, expect_status, "
                   "body_match, max_latency, address, argv, env, grace, integration, username, "
                   "password, info_field, dsn, query, result, backups, params, max_lag, on_empty)"}));
}

TEST(ProbesConfig, BadValues) {
  EXPECT_EQ(Problems("probes:\n"
                     "  - id: p\n"
                     "    kind: http\n"
                     "    interval: 10s\n"
                     "    timeout: 20s\n"
                     "    url: ftp://x\n"
                     "    expect_status: [200, 600, 2yy]\n"
                     "    body_match: \"(\"\n"),
            (Lines{"t.yaml:8:14: timeout (20s) must not exceed interval (10s): a probe never "
                   "runs twice at once",
                   "t.yaml:9:10: invalid url \"ftp://x\": expected an http:// or https:// URL",
                   "t.yaml:10:26: invalid status \"600\": expected a code from 100 to 599 or a "
                   "class such as \"2xx\"",
                   "t.yaml:10:31: invalid status \"2yy\": expected a code from 100 to 599 or a "
                   "class such as \"2xx\"",
                   "t.yaml:11:17: invalid body_match \"(\": missing ): ("}));
  EXPECT_EQ(Problems("probes:\n"
                     "  - {id: p, kind: tcp, interval: 1m, address: db}\n"
                     "  - {id: q, kind: exec, interval: 1m, argv: []}\n"
                     "  - {id: r, kind: http, interval: 1m, timeout: 1s, url: \"http://x\", "
                     "max_latency: 2s}\n"),
            (Lines{"t.yaml:5:47: invalid address \"db\": expected host:port, e.g. "
                   "db.internal:5432 or [::1]:6379",
                   "t.yaml:6:45: \"argv\" needs the program to run, e.g. [/usr/local/bin/check]",
                   "t.yaml:7:82: max_latency (2s) must not exceed timeout (1s)"}));
}

TEST(ProbesConfig, LabelsAndThresholds) {
  EXPECT_EQ(Problems("probes:\n"
                     "  - id: p\n"
                     "    kind: exec\n"
                     "    interval: 1m\n"
                     "    argv: [check]\n"
                     "    labels: {service: x, 1bad: y}\n"
                     "    thresholds:\n"
                     "      - {below: 10}\n"
                     "      - {below: ten, above: 3, severity: SEV9}\n"),
            (Lines{"t.yaml:9:26: invalid name \"1bad\": label names are letters, digits and _, "
                   "not starting with a digit",
                   "t.yaml:11:9: threshold is missing required key \"severity\"",
                   "t.yaml:12:9: a threshold needs exactly one of \"below\" or \"above\"",
                   "t.yaml:12:42: unknown severity \"SEV9\"; did you mean \"SEV1\"? (declared: "
                   "SEV1, SEV2)"}));
  EXPECT_EQ(Problems("probes:\n"
                     "  - {id: p, kind: tcp, interval: 1m, address: \"db:1\", labels: {probe: x}}\n"),
            Lines{"t.yaml:5:63: the label \"probe\" is set by klaxon to the probe's id; remove it"});
  EXPECT_EQ(Problems("probes:\n"
                     "  - {id: p, kind: tcp, interval: 1m, address: \"db:1\", thresholds: []}\n"),
            Lines{"t.yaml:5:67: a tcp probe measures no number; \"thresholds\" apply to: exec, "
                  "redis, postgres, prometheus"});
}

TEST(ProbesConfig, HeartbeatRules) {
  EXPECT_EQ(Problems("integrations:\n"
                     "  - {id: am, type: alertmanager, key: k1}\n"
                     "probes:\n"
                     "  - id: backup\n"
                     "    kind: heartbeat\n"
                     "    interval: 1d\n"
                     "    timeout: 1m\n"
                     "    for: 5m\n"
                     "    integration: am\n"
                     "  - {id: other, kind: heartbeat, interval: 1h, integration: nobody}\n"),
            (Lines{"t.yaml:10:14: \"timeout\" does not apply to a heartbeat probe",
                   "t.yaml:11:10: \"for\" does not apply to a heartbeat probe (use \"grace\" for "
                   "how late it may be)",
                   "t.yaml:12:18: integration \"am\" is of type alertmanager; a heartbeat needs "
                   "an integration of type heartbeat",
                   "t.yaml:13:61: unknown integration \"nobody\" (declared: am)"}));
}

TEST(ProbesConfig, DuplicateIdsAndSecretsNeverShown) {
  auto problems = Problems("probes:\n"
                           "  - {id: p, kind: tcp, interval: 1m, address: \"db:1\"}\n"
                           "  - id: p\n"
                           "    kind: http\n"
                           "    interval: 1m\n"
                           "    url: ${RPC_URL}\n"
                           "    body_match: ${OPS_TOKEN}(\n");
  EXPECT_EQ(problems.size(), 2u);
  for (const auto& p : problems) {
    EXPECT_EQ(p.find("secret"), std::string::npos) << p;
  }
  EXPECT_NE(problems[0].find("duplicate probe"), std::string::npos) << problems[0];
  EXPECT_EQ(problems[1], "t.yaml:10:17: invalid body_match from ${OPS_TOKEN}: not a regular "
                         "expression");
}

TEST(ProbesConfig, RedisIsRead) {
  auto cfg = Load(R"(probes:
  - id: redis-ping
    kind: redis
    address: ${REDIS_ADDRESS}
    password: ${REDIS_PASSWORD}
    interval: 30s
  - id: redis-memory
    kind: redis
    address: "[::1]:6379"
    username: ops
    password: ${REDIS_PASSWORD}
    info_field: used_memory_percent
    interval: 1m
    thresholds:
      - {above: 80, severity: SEV2}
      - {above: 95, severity: SEV1}
  - id: redis-open
    kind: redis
    address: 127.0.0.1:6379
    password: ${NOT_SET:-}
    info_field: connected_clients
    interval: 1m
)");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  ASSERT_EQ(cfg->probes.size(), 3u);
  const probe::Spec& ping = cfg->probes[0].spec;
  EXPECT_EQ(ping.kind(), probe::Kind::kRedis);
  EXPECT_EQ(ping.timeout, 10s);
  const auto& p = std::get<probe::RedisTarget>(ping.target);
  EXPECT_EQ(p.host, "cache.internal");
  EXPECT_EQ(p.port, 6380);
  EXPECT_EQ(p.password, "redis-secret-pw");
  EXPECT_EQ(p.username, "");
  EXPECT_EQ(p.info_field, "");

  const probe::Spec& memory = cfg->probes[1].spec;
  const auto& m = std::get<probe::RedisTarget>(memory.target);
  EXPECT_EQ(m.host, "::1");
  EXPECT_EQ(m.username, "ops");
  EXPECT_EQ(m.info_field, "used_memory_percent");
  ASSERT_EQ(memory.thresholds.size(), 2u);
  EXPECT_EQ(memory.thresholds[0].severity, "SEV1") << "most severe first";

  const auto& open = std::get<probe::RedisTarget>(cfg->probes[2].spec.target);
  EXPECT_EQ(open.password, "") << "an empty password: no AUTH";
  EXPECT_EQ(open.info_field, "connected_clients");
}

TEST(ProbesConfig, RedisProblemsAndThePasswordNeverShown) {
  auto problems = Problems("probes:\n"
                           "  - id: r\n"
                           "    kind: redis\n"
                           "    interval: 1m\n"
                           "    address: ${REDIS_PASSWORD}\n"
                           "    username: ops\n"
                           "    info_field: Used-Memory\n"
                           "    argv: [x]\n"
                           "  - {id: s, kind: redis, interval: 1m, address: \"r:1\", username: ops}\n"
                           "  - id: t\n"
                           "    kind: redis\n"
                           "    interval: 1m\n"
                           "    address: r:1\n"
                           "    password: ${REDIS_PASSWORD}\n"
                           "    thresholds: [{above: 1, severity: SEV2}]\n"
                           "  - {id: u, kind: redis, interval: 1m}\n");
  EXPECT_EQ(problems,
            (Lines{"t.yaml:8:14: invalid address from ${REDIS_PASSWORD}: expected host:port, e.g. "
                   "redis.internal:6379 or [::1]:6379",
                   "t.yaml:9:15: \"username\" needs a \"password\" (AUTH sends both)",
                   "t.yaml:10:17: invalid info_field \"Used-Memory\": expected a field of INFO "
                   "such as used_memory, connected_clients, mem_fragmentation_ratio, or "
                   "used_memory_percent",
                   "t.yaml:11:5: \"argv\" does not apply to a redis probe (its keys: address, "
                   "username, password, info_field)",
                   "t.yaml:12:66: \"username\" needs a \"password\" (AUTH sends both)",
                   "t.yaml:18:17: a redis probe compares \"thresholds\" with an INFO field: set "
                   "\"info_field\"",
                   "t.yaml:19:5: probe is missing required key \"address\""}));
  for (const auto& p : problems) EXPECT_EQ(p.find("redis-secret-pw"), std::string::npos) << p;
}

TEST(ProbesConfig, ProbesConcatenateAcrossIncludes) {
  test::ScratchDir dir;
  dir.Write("more.yaml", "probes:\n  - {id: b, kind: tcp, interval: 1m, address: \"db:2\"}\n");
  std::string top = dir.Write("klaxon.yaml", test::kSeverities + std::string(
                                                 "include: [more.yaml]\n"
                                                 "probes:\n"
                                                 "  - {id: a, kind: tcp, interval: 1m, address: \"db:1\"}\n"));
  auto cfg = LoadFile(top, test::NoEnv());
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  ASSERT_EQ(cfg->probes.size(), 2u);
  EXPECT_EQ(cfg->probes[0].spec.id, "a");
  EXPECT_EQ(cfg->probes[1].spec.id, "b");
}

}  // namespace
}  // namespace klaxon::config
