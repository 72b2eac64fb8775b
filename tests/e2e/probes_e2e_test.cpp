// Probes through the real binary: a heartbeat posted over HTTP with an
// integration key, its deadline kept across a restart of klaxon, a missed
// heartbeat opening an incident under --simulated-time, and GET /api/v1/probes.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "http/client.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace klaxon::e2e {
namespace {

constexpr const char* kConfig = R"yaml(
severities:
  - {id: SEV1, response_time: 15m}
  - {id: SEV2, response_time: 1h}
runbooks:
  - id: RB-100
    title: Nightly backup missing
    severity: SEV2
    match: ['alertname="BackupMissing"']
integrations:
  - {id: cron, type: heartbeat, key: "${E2E_CRON_KEY}"}
  - {id: scripts, type: generic, key: "${E2E_GENERIC_KEY}"}
api_tokens:
  - {name: admin, token: "${E2E_ADMIN_TOKEN}", role: admin}
probes:
  - id: nightly-backup
    kind: heartbeat
    interval: 1h
    grace: 5m
    integration: cron
    labels: {alertname: BackupMissing, service: backup}
)yaml";

const std::map<std::string, std::string> kEnv = {{"E2E_CRON_KEY", "cron-key-0123456789"},
                                                 {"E2E_GENERIC_KEY", "generic-key-0123456789"},
                                                 {"E2E_ADMIN_TOKEN", "admin-token-0123456789"}};

class ProbesE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.File("klaxon.yaml")) << kConfig;
    Start();
  }
  void Start() {
    server_.reset();
    server_ = std::make_unique<testing::KlaxonServer>(dir_.File("klaxon.yaml"), dir_.File("data"),
                                                      kEnv, std::vector<std::string>{"--simulated-time"});
    ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
  }
  http::ClientResponse Call(const std::string& method, const std::string& path,
                            const std::string& bearer, const std::string& body = "") {
    http::ClientRequest r;
    r.method = method;
    r.url = server_->url() + path;
    r.body = body;
    if (!bearer.empty()) r.headers.emplace_back("Authorization", "Bearer " + bearer);
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    auto resp = http::Send(r);
    EXPECT_TRUE(resp) << (resp ? "" : resp.error().message);
    return resp.value_or(http::ClientResponse{});
  }
  boost::json::object Probe() {
    auto r = Call("GET", "/api/v1/probes", kEnv.at("E2E_ADMIN_TOKEN"));
    EXPECT_EQ(r.status, 200) << r.body;
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    if (ec || !v.is_object()) return {};
    return v.at("probes").as_array().at(0).as_object();
  }
  // Asks again until `ready` holds or 10 s pass (the probe runs beside the request).
  boost::json::object WaitProbe(const std::function<bool(const boost::json::object&)>& ready) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    boost::json::object p = Probe();
    while (!ready(p) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
      p = Probe();
    }
    EXPECT_TRUE(ready(p)) << boost::json::serialize(p);
    return p;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::KlaxonServer> server_;
};

std::string Str(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

TEST_F(ProbesE2E, HeartbeatAuthRestartAndMissedDeadline) {
  const std::string path = "/api/v1/heartbeats/nightly-backup";
  EXPECT_EQ(Call("POST", path, "").status, 401);
  EXPECT_EQ(Call("POST", path, kEnv.at("E2E_GENERIC_KEY")).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/heartbeats/unknown", kEnv.at("E2E_CRON_KEY")).status, 404);
  auto beat = Call("POST", path, kEnv.at("E2E_CRON_KEY"));
  ASSERT_EQ(beat.status, 200) << beat.body;
  EXPECT_NE(beat.body.find("\"last_beat\""), std::string::npos) << beat.body;

  auto p = Probe();
  EXPECT_EQ(Str(p, "kind"), "heartbeat");
  std::string last_beat = Str(p, "last_beat");
  std::string deadline = Str(p, "deadline");
  ASSERT_FALSE(last_beat.empty()) << boost::json::serialize(p);

  Start();  // a restart must not reset the dead man's switch
  p = Probe();
  EXPECT_EQ(Str(p, "last_beat"), last_beat);
  EXPECT_EQ(Str(p, "deadline"), deadline);

  auto adv = Call("POST", "/api/v1/admin/clock", kEnv.at("E2E_ADMIN_TOKEN"), R"({"by":"66m"})");
  ASSERT_EQ(adv.status, 200) << adv.body;
  p = WaitProbe([](const boost::json::object& o) { return !Str(o, "incident").empty(); });
  EXPECT_EQ(Str(p, "state"), "firing");
  EXPECT_EQ(Str(p, "alert"), "firing");
  auto inc = Call("GET", "/api/v1/incidents/" + Str(p, "incident"), kEnv.at("E2E_ADMIN_TOKEN"));
  ASSERT_EQ(inc.status, 200);
  EXPECT_NE(inc.body.find("RB-100"), std::string::npos) << inc.body;

  auto metrics = Call("GET", "/metrics", "");
  EXPECT_NE(metrics.body.find("klaxon_probe_firing{probe=\"nightly-backup\"} 1"), std::string::npos)
      << metrics.body;

  ASSERT_EQ(Call("POST", path, kEnv.at("E2E_CRON_KEY")).status, 200);
  p = WaitProbe([](const boost::json::object& o) { return Str(o, "alert") == "resolved"; });
  EXPECT_EQ(Str(p, "state"), "ok");
}

}  // namespace
}  // namespace klaxon::e2e
