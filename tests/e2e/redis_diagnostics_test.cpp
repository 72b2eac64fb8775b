// The CocoPay example's RB-005 automated diagnostics, run as klaxon runs a
// diagnostic (remediate/process.h: its argv or shell, PATH and its own env)
// against a real Redis: with COCOPAY_REDIS_PASSWORD set they AUTH and print
// `info memory` and `info clients`; without it they send no AUTH at all.
#include <gtest/gtest.h>

#include <cstdlib>

#include "config/loader.h"
#include "config/test_support.h"
#include "remediate/process.h"
#include "testing/process.h"
#include "testing/redis_server.h"

namespace klaxon::e2e {
namespace {

// Every automated diagnostic of RB-005 run once: title -> output.
std::map<std::string, std::string> RunDiagnostics(const testing::RedisServer& redis) {
  auto env = config::test::kCocoPayEnv;
  env["COCOPAY_REDIS_ADDRESS"] = redis.address();
  if (!redis.password().empty()) env["COCOPAY_REDIS_PASSWORD"] = redis.password();
  auto cfg = config::LoadFile(testing::SourceDir() + "/examples/cocopay/klaxon.yaml",
                              config::test::MapEnv(env));
  EXPECT_TRUE(cfg) << config::test::Problems(cfg)[0];
  std::map<std::string, std::string> out;
  if (!cfg) return out;
  const config::Runbook* rb = cfg->FindRunbook("RB-005");
  EXPECT_NE(rb, nullptr);
  if (!rb) return out;
  for (const auto& step : rb->investigation) {
    if (!step.auto_run || !step.command) continue;
    remediate::ProcessSpec spec;
    spec.argv = step.command->shell.empty()
                    ? step.command->argv
                    : std::vector<std::string>{"/bin/sh", "-c", step.command->shell};
    const char* path = std::getenv("PATH");
    spec.env.push_back(std::string("PATH=") + (path ? path : "/usr/bin:/bin"));
    for (const auto& [name, value] : step.command->env) spec.env.push_back(name + "=" + value);
    spec.timeout = std::chrono::seconds(10);
    auto r = remediate::RunProcess(spec);
    EXPECT_TRUE(r) << step.title << ": " << r.error().message;
    if (!r) continue;
    EXPECT_EQ(r->exit_code, 0) << step.title << ": " << r->head << r->tail;
    out[step.title] = r->head + r->tail;
  }
  return out;
}

TEST(CocoPayRedisDiagnostics, AuthWithThePasswordAndPrintInfo) {
  auto redis = testing::RedisServer::Start({.password = "cocopay-redis-pw"});
  ASSERT_TRUE(redis) << redis.error().message;
  auto out = RunDiagnostics(**redis);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_NE(out["Check memory"].find("# Memory"), std::string::npos) << out["Check memory"];
  EXPECT_NE(out["Check memory"].find("used_memory:"), std::string::npos);
  EXPECT_NE(out["Check connections"].find("connected_clients:"), std::string::npos)
      << out["Check connections"];
  for (const auto& [title, text] : out) {
    EXPECT_EQ(text.find("cocopay-redis-pw"), std::string::npos) << title;
  }
}

TEST(CocoPayRedisDiagnostics, WithoutAPasswordNoAuthIsSent) {
  auto redis = testing::RedisServer::Start();
  ASSERT_TRUE(redis) << redis.error().message;
  auto out = RunDiagnostics(**redis);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_NE(out["Check memory"].find("used_memory:"), std::string::npos) << out["Check memory"];
  EXPECT_EQ(out["Check memory"].find("AUTH"), std::string::npos) << out["Check memory"];
}

}  // namespace
}  // namespace klaxon::e2e
