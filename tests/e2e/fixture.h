#pragma once
// End-to-end fixture: writes a configuration, starts the real `klaxon serve`
// on 127.0.0.1:0 with a fresh data directory, and talks to it over HTTP.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <atomic>
#include <map>
#include <thread>
#include <memory>
#include <string>

#include "http/client.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace klaxon::e2e {

inline constexpr const char* kConfig = R"yaml(
server:
  body_limit: 64KiB
  max_alerts_per_request: 500
severities:
  - {id: SEV1, name: Critical, definition: "Complete outage, all users affected", response_time: 15m, update_every: 15m}
  - {id: SEV2, name: Major, definition: "Major feature broken", response_time: 1h, update_every: 15m}
  - {id: SEV3, name: Minor, definition: "Minor feature broken", response_time: 4h, update_every: 1h}
  - {id: SEV4, name: Cosmetic, definition: "Minimal impact", response_time: 24h, update_every: 24h}
services:
  - {id: api, name: API}
incidents:
  group_by: [service]
  quiet_period: 5m
  reopen_window: 30m
  resolve_timeout: 5m
runbooks:
  - id: RB-001
    title: API Health Check Failing
    severity: SEV1
    service: api
    match: ['alertname=~"ApiDown|ApiNotReady|HighErrorRate"']
people:
  - {id: alice, name: Alice Example, role: oncall}
integrations:
  - {id: prometheus, type: alertmanager, key: "${E2E_AM_KEY}"}
  - {id: pd, type: pagerduty, key: "${E2E_PD_KEY}"}
  - {id: scripts, type: generic, key: "${E2E_GENERIC_KEY}"}
api_tokens:
  - {name: admin, token: "${E2E_ADMIN_TOKEN}", role: admin}
  - {name: alice, token: "${E2E_ALICE_TOKEN}", role: engineer, person: alice}
  - {name: watcher, token: "${E2E_VIEWER_TOKEN}", role: viewer}
)yaml";

inline const std::map<std::string, std::string> kEnv = {
    {"E2E_AM_KEY", "am-key-0123456789"},
    {"E2E_PD_KEY", "e93facc04764012d7bfb002500d5d1a6"},
    {"E2E_GENERIC_KEY", "generic-key-0123456789"},
    {"E2E_ADMIN_TOKEN", "admin-token-0123456789"},
    {"E2E_ALICE_TOKEN", "alice-token-0123456789"},
    {"E2E_VIEWER_TOKEN", "viewer-token-0123456789"},
};

class E2E : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(ConfigPath()) << kConfig;
    Start();
  }
  std::string ConfigPath() const { return dir_.File("klaxon.yaml"); }
  std::string DataDir() const { return dir_.File("data"); }
  virtual std::vector<std::string> ExtraArgs() const { return {"--simulated-time"}; }
  void Start() {
    server_.reset();
    server_ = std::make_unique<testing::KlaxonServer>(ConfigPath(), DataDir(), kEnv, ExtraArgs());
    ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
  }

  http::ClientResponse Call(const std::string& method, const std::string& path, const std::string& body = "",
                            const std::string& bearer = "", const std::string& content_type = "application/json") {
    http::ClientRequest r;
    r.method = method;
    r.url = server_->url() + path;
    r.body = body;
    if (!bearer.empty()) r.headers.emplace_back("Authorization", "Bearer " + bearer);
    if (!body.empty()) r.headers.emplace_back("Content-Type", content_type);
    auto resp = http::Send(r);
    EXPECT_TRUE(resp) << (resp ? "" : resp.error().message);
    return resp.value_or(http::ClientResponse{});
  }
  boost::json::value Json(const http::ClientResponse& r) {
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    EXPECT_FALSE(ec) << "not JSON: " << r.body;
    return v;
  }
  std::string Admin() const { return kEnv.at("E2E_ADMIN_TOKEN"); }
  std::string Alice() const { return kEnv.at("E2E_ALICE_TOKEN"); }
  std::string Viewer() const { return kEnv.at("E2E_VIEWER_TOKEN"); }
  std::string AmKey() const { return kEnv.at("E2E_AM_KEY"); }
  std::string GenericKey() const { return kEnv.at("E2E_GENERIC_KEY"); }

  boost::json::value Incident(const std::string& id) {
    auto r = Call("GET", "/api/v1/incidents/" + id, "", Viewer());
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r);
  }
  boost::json::array Incidents(const std::string& query = "status=all") {
    auto r = Call("GET", "/api/v1/incidents?" + query, "", Viewer());
    EXPECT_EQ(r.status, 200) << r.body;
    auto v = Json(r);
    return v.is_object() ? v.at("incidents").as_array() : boost::json::array{};
  }
  void AdvanceClock(const std::string& by) {
    auto r = Call("POST", "/api/v1/admin/clock", R"({"by":")" + by + R"("})", Admin());
    ASSERT_EQ(r.status, 200) << r.body;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::KlaxonServer> server_;
};

// Runs `klaxon args...` with the fixture's environment plus `env` (which wins).
inline testing::RunResult Klaxon(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), testing::KlaxonBinary());
  for (const auto& [k, v] : kEnv) env.emplace(k, v);
  return testing::Run(args, env);
}

inline std::string Str(const boost::json::value& v, std::string_view key) {
  const auto* p = v.as_object().if_contains(key);
  return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

}  // namespace klaxon::e2e
