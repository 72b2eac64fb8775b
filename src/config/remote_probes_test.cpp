// The `jsonrpc` and `prometheus` probe kinds: their keys read into typed
// targets, and their problems as exact "file:line:column: message" lines,
// never showing a URL that came from the environment.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;

const EnvLookup kEnv = test::MapEnv({{"RPC_URL", "https://rpc.example/v2/secret-key"},
                                     {"PROM_TOKEN", "prom-secret-token"},
                                     {"ADDRESS", "0xabc"}});

std::expected<Config, std::vector<Diagnostic>> Load(const std::string& rest) {
  return LoadString(test::kSeverities + rest, "t.yaml", kEnv);
}
Lines Problems(const std::string& rest) { return test::Problems(Load(rest)); }

TEST(RemoteProbesConfig, JsonRpcIsRead) {
  auto cfg = Load(R"(probes:
  - id: rpc
    kind: jsonrpc
    url: ${RPC_URL}
    backups: [https://backup-1.example/key, "https://backup-2.example"]
    max_lag: 10
    interval: 30s
  - id: balance
    kind: jsonrpc
    url: http://127.0.0.1:8545
    method: eth_getBalance
    params: ["${ADDRESS}", latest, 12, 1.5, true, null, "12", {full: false}]
    interval: 1m
)");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  const auto& rpc = std::get<probe::JsonRpcTarget>(cfg->probes[0].spec.target);
  EXPECT_EQ(cfg->probes[0].spec.kind(), probe::Kind::kJsonRpc);
  EXPECT_EQ(rpc.url, "https://rpc.example/v2/secret-key");
  EXPECT_EQ(rpc.backups, (std::vector<std::string>{"https://backup-1.example/key",
                                                   "https://backup-2.example"}));
  EXPECT_EQ(rpc.method, "eth_blockNumber");
  EXPECT_EQ(rpc.params, "[]");
  EXPECT_EQ(rpc.max_lag, 10);
  const auto& balance = std::get<probe::JsonRpcTarget>(cfg->probes[1].spec.target);
  EXPECT_EQ(balance.method, "eth_getBalance");
  EXPECT_EQ(balance.params, R"(["0xabc","latest",12,1.5E0,true,null,"12",{"full":false}])");
  EXPECT_TRUE(balance.backups.empty());
  EXPECT_EQ(balance.max_lag, std::nullopt);
}

TEST(RemoteProbesConfig, JsonRpcProblems) {
  EXPECT_EQ(Problems("probes:\n"
                     "  - {id: p, kind: jsonrpc, interval: 1m}\n"),
            Lines{"t.yaml:5:5: probe is missing required key \"url\""});
  EXPECT_EQ(Problems("probes:\n"
                     "  - id: p\n"
                     "    kind: jsonrpc\n"
                     "    interval: 1m\n"
                     "    url: ftp://node\n"
                     "    backups: [http://ok, \"${RPC_URL}x\", node:8545]\n"
                     "    method: \"\"\n"
                     "    params: latest\n"
                     "    max_lag: -1\n"
                     "    thresholds: [{above: 1, severity: SEV1}]\n"
                     "    query: up\n"),
            (Lines{"t.yaml:8:10: invalid url \"ftp://node\": expected an http:// or https:// URL",
                   "t.yaml:9:41: invalid url \"node:8545\": expected an http:// or https:// URL",
                   "t.yaml:10:13: \"method\" must not be empty, e.g. eth_blockNumber",
                   "t.yaml:11:13: \"params\" must be a list or a map (JSON-RPC by-position or "
                   "by-name parameters), got a string",
                   "t.yaml:12:14: number \"-1\" must be between 0 and 1099511627776",
                   "t.yaml:13:17: a jsonrpc probe measures no number; \"thresholds\" apply to: exec, "
                   "redis, postgres, prometheus",
                   "t.yaml:14:5: \"query\" does not apply to a jsonrpc probe (its keys: url, backups, "
                   "method, params, max_lag)"}));
  EXPECT_EQ(Problems("probes:\n"
                     "  - {id: p, kind: jsonrpc, interval: 1m, url: \"${RPC_URL}\", max_lag: 3}\n"),
            Lines{"t.yaml:5:70: \"max_lag\" needs \"backups\": the primary's block height is "
                  "compared with theirs"});
}

TEST(RemoteProbesConfig, PrometheusIsRead) {
  auto cfg = Load(R"(probes:
  - id: error-rate
    kind: prometheus
    url: http://prometheus:9090/
    query: sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))
    headers: {Authorization: "Bearer ${PROM_TOKEN}"}
    on_empty: failing
    interval: 1m
    thresholds:
      - {above: 0.05, severity: SEV2}
  - id: alerting-style
    kind: prometheus
    url: https://prom.example/prometheus
    query: job:errors:ratio5m > 0.05
    interval: 1m
)");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  const auto& rate = std::get<probe::PrometheusTarget>(cfg->probes[0].spec.target);
  EXPECT_EQ(rate.url, "http://prometheus:9090/");
  EXPECT_EQ(rate.query,
            "sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))");
  ASSERT_EQ(rate.headers.size(), 1u);
  EXPECT_EQ(rate.headers[0].second, "Bearer prom-secret-token");
  EXPECT_TRUE(rate.empty_fails);
  ASSERT_EQ(cfg->probes[0].spec.thresholds.size(), 1u);
  const auto& plain = std::get<probe::PrometheusTarget>(cfg->probes[1].spec.target);
  EXPECT_FALSE(plain.empty_fails);
  EXPECT_TRUE(plain.headers.empty());
}

TEST(RemoteProbesConfig, PrometheusProblems) {
  EXPECT_EQ(Problems("probes:\n"
                     "  - {id: p, kind: prometheus, interval: 1m, url: \"http://p:9090\"}\n"),
            Lines{"t.yaml:5:5: probe is missing required key \"query\""});
  EXPECT_EQ(Problems("probes:\n"
                     "  - id: p\n"
                     "    kind: prometheus\n"
                     "    interval: 1m\n"
                     "    url: http://p:9090/api/v1/query?query=up\n"
                     "    query: \"\"\n"
                     "    on_empty: ignore\n"
                     "    headers: {\"bad name\": x}\n"
                     "    backups: [http://x]\n"),
            (Lines{"t.yaml:8:10: invalid url \"http://p:9090/api/v1/query?query=up\": expected the "
                   "server's base URL without a query, e.g. http://prometheus:9090",
                   "t.yaml:9:12: \"query\" must not be empty",
                   "t.yaml:10:15: unknown on_empty \"ignore\" (expected one of: healthy, failing)",
                   "t.yaml:11:15: invalid name \"bad name\": a header name has no spaces or colons",
                   "t.yaml:12:5: \"backups\" does not apply to a prometheus probe (its keys: url, "
                   "query, headers, on_empty)"}));
  EXPECT_EQ(Problems("probes:\n"
                     "  - {id: p, kind: prometheus, interval: 1m, url: \"${RPC_URL}?x\", query: up, "
                     "on_empty: failing}\n"),
            (Lines{"t.yaml:5:50: invalid url from ${RPC_URL}: expected the server's base URL "
                   "without a query, e.g. http://prometheus:9090",
                   "t.yaml:5:87: \"on_empty: failing\" without \"thresholds\" always fails (without "
                   "thresholds any result fails too); add thresholds"}));
}

}  // namespace
}  // namespace klaxon::config
