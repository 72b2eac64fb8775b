// RB-005 end to end with a real Redis (testing/redis_server.h) and the real
// binary under --simulated-time: Redis stops, the redis probe fails for its
// `for` and fires, the RB-005 incident opens, its automated action (a
// script that starts the test's redis-server again, run by klaxon as a real
// child process) brings Redis back, the probe sees PONG and resolves its
// alert, the wait_and_recheck asks the probe (passing: Monitoring, nobody
// paged) and the quiet period resolves the incident. The password never
// shows.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <thread>

#include "http/client.h"
#include "testing/process.h"
#include "testing/redis_server.h"
#include "testing/temp_dir.h"

namespace klaxon::e2e {
namespace {

// @DIR@ is the test's directory.
constexpr const char* kConfig = R"yaml(
severities:
  - {id: SEV1, response_time: 15m}
  - {id: SEV2, response_time: 1h}
services:
  - {id: redis, name: Redis}
incidents:
  group_by: [service]
  quiet_period: 5m
runbooks:
  - id: RB-005
    title: Redis Connection Issues
    service: redis
    severity: SEV2
    match: ['alertname=~"RedisConnectionErrors|RedisDown"']
    auto_remediate: true
    actions:
      - name: Restart Redis
        exec: ["@DIR@/restart-redis"]
        timeout: 30s
      - name: If still failing, alert on-call
        wait_and_recheck: 2m
        on_failure: escalate
api_tokens:
  - {name: admin, token: "${E2E_ADMIN_TOKEN}", role: admin}
probes:
  - id: redis-ping
    kind: redis
    address: ${E2E_REDIS_ADDRESS}
    password: ${E2E_REDIS_PASSWORD}
    info_field: connected_clients
    interval: 30s
    timeout: 2s
    for: 30s
    labels: {alertname: RedisDown, service: redis}
)yaml";

const std::string kPassword = "e2e-redis-password-0123";

class RedisE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = testing::RedisServer::Start({.password = kPassword});
    ASSERT_TRUE(r) << r.error().message;
    redis_ = std::move(*r);
    ASSERT_TRUE(redis_->WriteStartScript(dir_.File("restart-redis")));
    std::string config = kConfig;
    for (size_t at; (at = config.find("@DIR@")) != std::string::npos;) {
      config.replace(at, 5, dir_.path());
    }
    std::ofstream(dir_.File("klaxon.yaml")) << config;
    env_ = {{"E2E_ADMIN_TOKEN", "admin-token-0123456789"},
            {"E2E_REDIS_ADDRESS", redis_->address()},
            {"E2E_REDIS_PASSWORD", kPassword}};
    server_ = std::make_unique<testing::KlaxonServer>(
        dir_.File("klaxon.yaml"), dir_.File("data"), env_,
        std::vector<std::string>{"--simulated-time"});
    ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
  }

  http::ClientResponse Call(const std::string& method, const std::string& path,
                            const std::string& body = "") {
    http::ClientRequest r;
    r.method = method;
    r.url = server_->url() + path;
    r.body = body;
    r.headers.emplace_back("Authorization", "Bearer " + env_.at("E2E_ADMIN_TOKEN"));
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    auto resp = http::Send(r);
    EXPECT_TRUE(resp) << (resp ? "" : resp.error().message);
    return resp.value_or(http::ClientResponse{});
  }
  boost::json::object Get(const std::string& path) {
    auto r = Call("GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    return !ec && v.is_object() ? v.as_object() : boost::json::object{};
  }
  boost::json::object Probe() {
    auto v = Get("/api/v1/probes");
    const auto* list = v.if_contains("probes");
    return list && !list->as_array().empty() ? list->as_array()[0].as_object()
                                             : boost::json::object{};
  }
  void Advance(const std::string& by) {
    auto r = Call("POST", "/api/v1/admin/clock", R"({"by":")" + by + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // Asks again until `ready` holds or 30 s (real time) pass: the probe and
  // the remediation run beside the requests, in real time.
  boost::json::object WaitFor(const std::function<boost::json::object()>& get,
                              const std::function<bool(const boost::json::object&)>& ready) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    auto v = get();
    while (!ready(v) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
      v = get();
    }
    EXPECT_TRUE(ready(v)) << boost::json::serialize(v) << "\n" << server_->process().stderr_text();
    return v;
  }
  boost::json::object WaitProbe(const std::function<bool(const boost::json::object&)>& ready) {
    return WaitFor([this] { return Probe(); }, ready);
  }
  boost::json::object WaitIncident(const std::function<bool(const boost::json::object&)>& ready) {
    return WaitFor([this] { return Get("/api/v1/incidents/INC-1"); }, ready);
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::RedisServer> redis_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<testing::KlaxonServer> server_;
};

std::string Str(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
int64_t Int(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : v && v->is_uint64() ? static_cast<int64_t>(v->as_uint64()) : -1;
}
bool TimelineHas(const boost::json::object& inc, const std::string& text) {
  const auto* t = inc.if_contains("timeline");
  if (!t || !t->is_array()) return false;
  for (const auto& line : t->as_array()) {
    if (Str(line.as_object(), "text").find(text) != std::string::npos) return true;
  }
  return false;
}

TEST_F(RedisE2E, AStoppedRedisIsRestartedByRb005AndTheIncidentRecovers) {
  // Healthy: PONG after AUTH, and the measured INFO field.
  Advance("30s");
  auto p = WaitProbe([](const auto& o) { return Int(o, "runs") >= 1; });
  EXPECT_EQ(Str(p, "state"), "ok") << Str(p, "detail");
  EXPECT_TRUE(Str(p, "detail").starts_with("PONG in ")) << Str(p, "detail");
  ASSERT_TRUE(p.at("value").is_number()) << boost::json::serialize(p);
  EXPECT_GE(p.at("value").to_number<double>(), 1) << "connected_clients: the probe itself";

  // Redis goes away: failing, pending for `for`, then firing.
  ASSERT_TRUE(redis_->Stop());
  Advance("30s");
  p = WaitProbe([](const auto& o) { return Int(o, "runs") >= 2; });
  EXPECT_EQ(Str(p, "state"), "pending");
  EXPECT_EQ(Str(p, "detail"),
            "connect to Redis at " + redis_->address() + " failed: Connection refused");
  Advance("30s");
  p = WaitProbe([](const auto& o) { return !Str(o, "incident").empty(); });
  EXPECT_EQ(Str(p, "state"), "firing");
  EXPECT_EQ(Str(p, "incident"), "INC-1");

  // The incident is RB-005's, and its action restarts Redis.
  auto inc = Get("/api/v1/incidents/INC-1");
  EXPECT_EQ(Str(inc, "runbook"), "RB-005");
  EXPECT_EQ(Str(inc, "severity"), "SEV2");
  auto actions = WaitFor([this] { return Get("/api/v1/incidents/INC-1/actions"); },
                         [](const auto& o) {
                           const auto* steps = o.if_contains("steps");
                           return steps && !steps->as_array().empty() &&
                                  Str(steps->as_array()[0].as_object(), "state") == "succeeded";
                         });
  const auto& step = actions.at("steps").as_array().at(0).as_object();
  EXPECT_EQ(Str(step, "via"), "auto_remediate");
  EXPECT_EQ(Int(step.at("result").as_object(), "exit_code"), 0);
  EXPECT_NE(Str(step.at("result").as_object(), "output_head").find("answers PING"),
            std::string::npos)
      << boost::json::serialize(step);
  EXPECT_TRUE(redis_->Answers()) << "the action brought Redis back";

  // The probe's next run sees PONG and resolves its alert.
  Advance("30s");
  p = WaitProbe([](const auto& o) { return Str(o, "alert") == "resolved"; });
  EXPECT_EQ(Str(p, "state"), "ok");
  inc = WaitIncident([](const auto& o) { return Int(o, "firing_alerts") == 0; });

  // The re-check asks the probe: passing, so Monitoring, no escalation.
  Advance("2m");
  inc = WaitIncident([](const auto& o) {
    return TimelineHas(o, "Re-check after 2m: recovered (probe redis-ping passing)");
  });
  EXPECT_EQ(Str(inc, "status"), "monitoring");
  EXPECT_FALSE(TimelineHas(inc, "escalating"));

  // Quiet for the quiet period: resolved.
  Advance("5m");
  inc = WaitIncident([](const auto& o) { return Str(o, "status") == "resolved"; });

  auto all = Call("GET", "/api/v1/incidents/INC-1").body + Call("GET", "/api/v1/probes").body +
             Call("GET", "/api/v1/incidents/INC-1/actions").body;
  EXPECT_EQ(all.find(kPassword), std::string::npos);
  EXPECT_FALSE(server_->process().WaitForLine(kPassword, std::chrono::seconds(1)))
      << "the password is in klaxon's log";
}

}  // namespace
}  // namespace klaxon::e2e
