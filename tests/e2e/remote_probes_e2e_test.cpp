// The jsonrpc and prometheus probes through the real binary under
// --simulated-time, against real servers: RB-004's primary RPC node starts
// failing while its backup answers, the incident opens and the runbook's
// http action asks the ops endpoint to fail over; a real Prometheus scrapes a
// service whose error rate the test raises above 5 % and RB-006 opens. The
// clock moves through POST /api/v1/admin/clock; waits poll with deadlines.
#include <condition_variable>
#include <functional>
#include <mutex>

#include "http/router.h"
#include "http/server.h"
#include "tests/e2e/fixture.h"
#include "testing/metrics_target.h"
#include "testing/prometheus_server.h"
#include "testing/rpc_node.h"

namespace klaxon::e2e {
namespace {

using testing::RpcNode;

constexpr const char* kRpcConfig = R"yaml(
severities:
  - {id: SEV2, response_time: 1h}
  - {id: SEV3, response_time: 4h}
services:
  - {id: blockchain-rpc, name: Blockchain RPC}
runbooks:
  - id: RB-004
    title: Blockchain RPC Errors
    service: blockchain-rpc
    severity: SEV2
    match: ['alertname="BlockchainRpcErrors"']
    auto_remediate: true
    actions:
      - name: Switch to backup RPC
        http:
          method: POST
          url: ${E2E_OPS_URL}/internal/ops/rpc-failover
          headers: {Authorization: "Bearer ${E2E_OPS_TOKEN}", Content-Type: application/json}
          body: '{"target": "backup", "retry_failed_operations": true}'
        timeout: 10s
api_tokens:
  - {name: admin, token: "${E2E_ADMIN_TOKEN}", role: admin}
  - {name: watcher, token: "${E2E_VIEWER_TOKEN}", role: viewer}
probes:
  - id: blockchain-rpc
    kind: jsonrpc
    url: ${E2E_RPC_URL}
    backups: ["${E2E_RPC_BACKUP_URL}"]
    max_lag: 10
    interval: 30s
    timeout: 5s
    for: 1m
    labels: {alertname: BlockchainRpcErrors, service: blockchain-rpc}
    annotations: {summary: Blockchain RPC failing}
)yaml";

constexpr const char* kPrometheusConfig = R"yaml(
severities:
  - {id: SEV1, response_time: 15m}
  - {id: SEV2, response_time: 1h}
services:
  - {id: api, name: API}
runbooks:
  - id: RB-006
    title: High Error Rate (Generic)
    service: api
    severity: SEV2
    match: ['alertname="ErrorRateHigh"']
api_tokens:
  - {name: admin, token: "${E2E_ADMIN_TOKEN}", role: admin}
  - {name: watcher, token: "${E2E_VIEWER_TOKEN}", role: viewer}
probes:
  - id: api-error-rate
    kind: prometheus
    url: ${E2E_PROMETHEUS_URL}
    query: sum(rate(requests_total{status=~"5.."}[5s])) / sum(rate(requests_total[5s]))
    interval: 30s
    timeout: 5s
    for: 1m
    labels: {alertname: ErrorRateHigh, service: api}
    annotations: {summary: API error rate above 5 %}
    thresholds:
      - {above: 0.05, severity: SEV2}
)yaml";

// The ops endpoint RB-004's action calls: records what arrives.
class OpsEndpoint {
 public:
  OpsEndpoint() {
    router_.Add("POST", "/internal/ops/rpc-failover", [this](http::Request& req, http::Reply reply) {
      {
        std::lock_guard lock(mu_);
        auth_ = std::string(req.Header("authorization").value_or(""));
        body_ = req.body;
        ++calls_;
      }
      cv_.notify_all();
      reply(http::Response::Json(200, R"({"switched":"backup"})"));
    });
    http::ServerOptions o;
    o.threads = 2;
    auto s = http::Server::Start(o, router_);
    EXPECT_TRUE(s) << s.error().message;
    if (s) server_ = std::move(*s);
  }
  ~OpsEndpoint() {
    if (server_) server_->Stop();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  bool WaitForCall(std::chrono::seconds deadline) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, deadline, [&] { return calls_ > 0; });
  }
  std::string auth() {
    std::lock_guard lock(mu_);
    return auth_;
  }
  std::string body() {
    std::lock_guard lock(mu_);
    return body_;
  }
  int calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::string auth_, body_;  // guarded by mu_
  int calls_ = 0;            // guarded by mu_
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

class RemoteProbesE2E : public E2E {
 protected:
  void SetUp() override {}  // each test writes its own configuration
  void StartWith(const std::string& config, std::map<std::string, std::string> env) {
    std::ofstream(ConfigPath()) << config;
    for (const auto& [k, v] : kEnv) env.emplace(k, v);
    server_ = std::make_unique<testing::KlaxonServer>(ConfigPath(), DataDir(), env, ExtraArgs());
    ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
  }
  boost::json::object Probe() {
    auto r = Call("GET", "/api/v1/probes", "", Viewer());
    auto v = Json(r);
    if (!v.is_object()) return {};
    return v.at("probes").as_array().at(0).as_object();
  }
  uint64_t Runs(const boost::json::object& p) {
    const auto* r = p.if_contains("runs");
    return r && r->is_number() ? r->to_number<uint64_t>() : 0;
  }
  // Moves the clock one interval and waits (real time) for the probe to run.
  boost::json::object Step() {
    uint64_t before = Runs(Probe());
    AdvanceClock("30s");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    boost::json::object p = Probe();
    while (Runs(p) <= before && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling GET /api/v1/probes
      p = Probe();
    }
    EXPECT_GT(Runs(p), before) << "the probe did not run: " << boost::json::serialize(p);
    return p;
  }
  // Steps until `ready` holds for the probe, for at most `deadline` real time.
  boost::json::object StepUntil(const std::function<bool(const boost::json::object&)>& ready,
                                std::chrono::seconds deadline) {
    auto until = std::chrono::steady_clock::now() + deadline;
    boost::json::object p = Step();
    while (!ready(p) && std::chrono::steady_clock::now() < until && !HasFailure()) p = Step();
    EXPECT_TRUE(ready(p)) << boost::json::serialize(p);
    return p;
  }
};

std::string Annotation(const boost::json::value& incident, const std::string& name) {
  for (const auto& a : incident.at("alerts").as_array()) {
    return Str(a.at("annotations"), name);
  }
  return "";
}

TEST_F(RemoteProbesE2E, RpcPrimaryFailingWhileTheBackupAnswersFailsOver) {
  auto primary = RpcNode::Start(0x10d4f);
  auto backup = RpcNode::Start(0x10d50);
  ASSERT_TRUE(primary && backup);
  OpsEndpoint ops;
  const std::string key = "primary-api-key-5f0c";
  StartWith(kRpcConfig, {{"E2E_RPC_URL", (*primary)->Url(key)},
                         {"E2E_RPC_BACKUP_URL", (*backup)->Url("backup-api-key-77aa")},
                         {"E2E_OPS_URL", ops.url()},
                         {"E2E_OPS_TOKEN", "ops-token-0123456789"}});

  auto p = StepUntil([](const auto& p) { return Str(p, "state") == "ok"; }, std::chrono::seconds(30));
  EXPECT_NE(Str(p, "detail").find("at block 68943"), std::string::npos) << Str(p, "detail");

  (*primary)->SetMode(RpcNode::Mode::kRpcError);
  p = StepUntil([](const auto& p) { return !Str(p, "incident").empty(); }, std::chrono::seconds(60));
  EXPECT_EQ(Str(p, "state"), "firing");
  ASSERT_TRUE(ops.WaitForCall(std::chrono::seconds(30))) << "the failover request never came";
  EXPECT_EQ(ops.auth(), "Bearer ops-token-0123456789");
  EXPECT_EQ(ops.body(), R"({"target": "backup", "retry_failed_operations": true})");

  auto inc = Incident(Str(p, "incident"));
  EXPECT_EQ(Str(inc, "runbook"), "RB-004");
  EXPECT_EQ(Str(inc, "severity"), "SEV2");
  std::string detail = Annotation(inc, "detail");
  EXPECT_TRUE(detail.starts_with("primary (http://127.0.0.1:")) << detail;
  EXPECT_NE(detail.find("failed: JSON-RPC error -32000: upstream node unavailable; healthy backups: "
                        "backup 1 (http://127.0.0.1:"),
            std::string::npos)
      << detail;
  EXPECT_NE(detail.find(") at block 68944"), std::string::npos) << detail;

  // The API key in the primary's URL shows nowhere.
  auto body = Call("GET", "/api/v1/incidents/" + Str(p, "incident"), "", Viewer()).body;
  EXPECT_EQ(body.find(key), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/probes", "", Viewer()).body.find(key), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/incidents/" + Str(p, "incident") + "/actions", "", Viewer()).body.find(key),
            std::string::npos);
  EXPECT_EQ(server_->process().stderr_text().find(key), std::string::npos);
}

TEST_F(RemoteProbesE2E, PrometheusErrorRateAboveFivePercentOpensRb006) {
  auto target = testing::MetricsTarget::Start();
  ASSERT_TRUE(target) << target.error().message;
  testing::PrometheusServer::Options options;
  options.targets = {(*target)->address()};
  auto prom = testing::PrometheusServer::Start(options);
  ASSERT_TRUE(prom) << prom.error().message;
  StartWith(kPrometheusConfig, {{"E2E_PROMETHEUS_URL", (*prom)->url()}});

  // Until Prometheus has two scrapes the rate is no data; then 0.
  auto p = StepUntil(
      [](const auto& p) {
        const auto* v = p.if_contains("value");
        return v && v->is_number() && Str(p, "state") == "ok";
      },
      std::chrono::seconds(60));
  EXPECT_EQ(p.at("value").to_number<double>(), 0) << boost::json::serialize(p);

  (*target)->SetErrorRate(0.2);
  p = StepUntil([](const auto& p) { return !Str(p, "incident").empty(); }, std::chrono::seconds(90));
  EXPECT_EQ(Str(p, "state"), "firing");
  EXPECT_EQ(Str(p, "severity"), "SEV2");
  auto inc = Incident(Str(p, "incident"));
  EXPECT_EQ(Str(inc, "runbook"), "RB-006");
  EXPECT_EQ(Str(inc, "severity"), "SEV2");
  std::string detail = Annotation(inc, "detail");
  EXPECT_TRUE(detail.starts_with("value 0.")) << detail;
  EXPECT_NE(detail.find(" is above 0.05 (SEV2)"), std::string::npos) << detail;
  EXPECT_FALSE(Annotation(inc, "value").empty());

  // Mended: the rate falls back under 5 % and the alert resolves.
  (*target)->SetErrorRate(0);
  p = StepUntil([](const auto& p) { return Str(p, "alert") == "resolved"; }, std::chrono::seconds(90));
  EXPECT_EQ(Str(p, "state"), "ok");
}

}  // namespace
}  // namespace klaxon::e2e
