// The jsonrpc and prometheus checks against real servers: JSON-RPC nodes on
// 127.0.0.1 that the test breaks, and Debian's Prometheus scraping a service
// whose error rate the test raises. Waits poll a condition with a deadline.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "probe/checks.h"
#include "testing/metrics_target.h"
#include "testing/prometheus_server.h"
#include "testing/rpc_node.h"

namespace klaxon::probe {
namespace {

using namespace std::chrono_literals;
using testing::RpcNode;

std::unique_ptr<RpcNode> Node(uint64_t height) {
  auto n = RpcNode::Start(height);
  EXPECT_TRUE(n) << n.error().message;
  return n ? std::move(*n) : nullptr;
}

Verdict Check(const Spec& spec) {
  auto o = RunCheck(spec);
  return Evaluate(spec, o, Time{});
}

Spec RpcSpec(JsonRpcTarget t, Duration timeout = 2s) {
  Spec s;
  s.id = "rpc";
  s.timeout = timeout;
  s.target = std::move(t);
  return s;
}

TEST(RemoteChecks, JsonRpcPrimaryFailsWhileTheBackupAnswers) {
  auto primary = Node(0x10d4f);
  auto backup = Node(0x10d50);
  ASSERT_TRUE(primary && backup);
  JsonRpcTarget t;
  t.url = primary->Url("primary-secret-key");
  t.backups = {backup->Url("backup-secret-key")};
  t.max_lag = 5;
  Spec spec = RpcSpec(t);
  const std::string p = "primary (" + t.url.substr(0, t.url.find("/rpc")) + ":";

  Verdict v = Check(spec);
  EXPECT_FALSE(v.failing) << v.detail;
  EXPECT_NE(v.detail.find("at block 68943"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("healthy backups: backup 1 (http://127.0.0.1:"), std::string::npos) << v.detail;

  primary->SetMode(RpcNode::Mode::kRpcError);
  v = Check(spec);
  EXPECT_TRUE(v.failing);
  EXPECT_TRUE(v.detail.starts_with("primary (http://127.0.0.1:")) << v.detail;
  EXPECT_NE(v.detail.find("failed: JSON-RPC error -32000: upstream node unavailable; healthy backups: "
                          "backup 1 (http://127.0.0.1:"),
            std::string::npos)
      << v.detail;
  EXPECT_NE(v.detail.find(") at block 68944"), std::string::npos) << v.detail;
  EXPECT_EQ(v.detail.find("secret"), std::string::npos) << v.detail;

  primary->SetMode(RpcNode::Mode::kHttpError);
  v = Check(spec);
  EXPECT_TRUE(v.failing);
  EXPECT_NE(v.detail.find("failed: HTTP status 503"), std::string::npos) << v.detail;

  // Healthy again, but lagging the backup by more than max_lag.
  primary->SetMode(RpcNode::Mode::kHealthy);
  backup->SetHeight(0x10d4f + 6);
  v = Check(spec);
  EXPECT_TRUE(v.failing);
  EXPECT_NE(v.detail.find("is at block 68943, 6 blocks behind backup 1"), std::string::npos) << v.detail;
  backup->SetHeight(0x10d4f + 5);
  EXPECT_FALSE(Check(spec).failing);
}

TEST(RemoteChecks, JsonRpcTimeoutOfThePrimaryStillReportsTheBackups) {
  auto primary = Node(100);
  auto backup = Node(100);
  ASSERT_TRUE(primary && backup);
  primary->SetMode(RpcNode::Mode::kSilent);
  JsonRpcTarget t;
  t.url = primary->Url("k1");
  t.backups = {backup->Url("k2"), "http://127.0.0.1:1/rpc/k3"};
  auto started = std::chrono::steady_clock::now();
  Verdict v = Check(RpcSpec(t, 300ms));
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(v.failing);
  EXPECT_GE(took, 290ms);
  EXPECT_LT(took, 5s);  // the endpoints are asked at once, not one after another
  EXPECT_NE(v.detail.find("failed: POST http://127.0.0.1:"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("Timeout was reached; healthy backups: backup 1"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("failing backups: backup 2 (http://127.0.0.1:1): POST http://127.0.0.1:1 failed"),
            std::string::npos)
      << v.detail;
  EXPECT_EQ(v.detail.find("/rpc/"), std::string::npos) << v.detail;
}

// Polls `spec` until `ready` holds for its verdict or `deadline` passes.
Verdict RunUntil(const Spec& spec, const std::function<bool(const Verdict&)>& ready,
                 std::chrono::seconds deadline = 60s) {
  auto until = std::chrono::steady_clock::now() + deadline;
  Verdict v = Check(spec);
  while (!ready(v) && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(100ms);  // polling Prometheus, which scrapes every second
    v = Check(spec);
  }
  return v;
}

TEST(RemoteChecks, PrometheusErrorRateCrossesItsThreshold) {
  auto target = testing::MetricsTarget::Start();
  ASSERT_TRUE(target) << target.error().message;
  testing::PrometheusServer::Options options;
  options.targets = {(*target)->address()};
  auto prom = testing::PrometheusServer::Start(options);
  ASSERT_TRUE(prom) << prom.error().message;

  Spec spec;
  spec.id = "error-rate";
  spec.timeout = 5s;
  PrometheusTarget t;
  t.url = (*prom)->url() + "/";
  t.query = R"(sum(rate(requests_total{status=~"5.."}[5s])) / sum(rate(requests_total[5s])))";
  spec.target = t;
  spec.thresholds = {{Threshold::Direction::kAbove, 0.05, "SEV2"}};

  // At first no scrape yet: no data, healthy; then an error rate of 0.
  Verdict v = RunUntil(spec, [](const Verdict& v) { return v.value.has_value(); });
  ASSERT_TRUE(v.value) << v.detail << "\n" << (*prom)->Log();
  EXPECT_FALSE(v.failing) << v.detail;
  EXPECT_EQ(*v.value, 0);

  (*target)->SetErrorRate(0.2);
  v = RunUntil(spec, [](const Verdict& v) { return v.failing; });
  ASSERT_TRUE(v.failing) << v.detail;
  EXPECT_EQ(v.severity, "SEV2");
  ASSERT_TRUE(v.value);
  EXPECT_GT(*v.value, 0.05);
  EXPECT_TRUE(v.detail.starts_with("value ")) << v.detail;
  EXPECT_NE(v.detail.find(" is above 0.05 (SEV2)"), std::string::npos) << v.detail;

  (*target)->SetErrorRate(0);
  v = RunUntil(spec, [](const Verdict& v) { return !v.failing; });
  EXPECT_FALSE(v.failing) << v.detail;

  // The other shapes, from the real server.
  auto detail = [&](std::string query, bool empty_fails = false) {
    Spec s = spec;
    std::get<PrometheusTarget>(s.target).query = std::move(query);
    std::get<PrometheusTarget>(s.target).empty_fails = empty_fails;
    return Check(s);
  };
  v = detail("requests_total");
  EXPECT_TRUE(v.failing);
  EXPECT_TRUE(v.detail.starts_with("the query returned 2 series, expected at most one: {")) << v.detail;
  v = detail(R"(requests_total{status="404"})");
  EXPECT_FALSE(v.failing);
  EXPECT_EQ(v.detail, "no data: the query returned an empty vector");
  EXPECT_TRUE(detail(R"(requests_total{status="404"})", /*empty_fails=*/true).failing);
  v = detail("scalar(sum(requests_total)) * 0 + 0.5");
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, "value 0.5 is above 0.05 (SEV2)");
  v = detail("sum(rate(requests_total[5s]");
  EXPECT_TRUE(v.failing);
  EXPECT_TRUE(v.detail.starts_with("Prometheus error bad_data: ")) << v.detail;
  EXPECT_NE(v.detail.find("(HTTP status 400)"), std::string::npos) << v.detail;
  v = detail("requests_total[1m]");
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, "the query returned a matrix; it must return an instant vector or a scalar");

  // A server that is gone is a transport error without the path.
  PrometheusTarget gone = t;
  gone.url = "http://127.0.0.1:1/prometheus-secret-path";
  auto o = CheckPrometheus(gone, 1s);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().message.find("secret"), std::string::npos) << o.error().message;
}

}  // namespace
}  // namespace klaxon::probe
