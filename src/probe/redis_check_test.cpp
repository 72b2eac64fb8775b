// The redis check against a real redis-server (testing/redis_server.h) on
// 127.0.0.1: PONG, INFO fields and thresholds, AUTH with requirepass and an
// ACL user, a wrong password that never shows, a stopped server and one that
// does not answer (CLIENT PAUSE) failing within the probe's timeout.
#include <gtest/gtest.h>

#include <chrono>

#include "probe/checks.h"
#include "probe/redis_client.h"
#include "probe/redis_info.h"
#include "testing/redis_server.h"

namespace klaxon::probe {
namespace {

using namespace std::chrono_literals;
using testing::RedisServer;

const Time t0 = FromUnixMillis(1'750'000'000'000);

std::unique_ptr<RedisServer> Server(testing::RedisServerOptions options = {}) {
  auto s = RedisServer::Start(std::move(options));
  EXPECT_TRUE(s) << s.error().message;
  return s ? std::move(*s) : nullptr;
}

Spec RedisSpec(const RedisServer& s, std::string password = "", std::string field = "",
               std::vector<Threshold> thresholds = {}) {
  Spec spec;
  spec.id = "redis";
  spec.timeout = 2s;
  spec.target = RedisTarget{"127.0.0.1", s.port(), "", std::move(password), std::move(field)};
  spec.thresholds = std::move(thresholds);
  return spec;
}

Verdict Judge(const Spec& spec) { return Evaluate(spec, RunCheck(spec), t0); }

TEST(RedisCheck, PongIsHealthy) {
  auto s = Server();
  ASSERT_TRUE(s);
  auto o = CheckRedis(std::get<RedisTarget>(RedisSpec(*s).target), 2s);
  ASSERT_TRUE(o) << o.error().message;
  const auto& seen = std::get<RedisObservation>(*o);
  EXPECT_EQ(seen.ping, "PONG");
  EXPECT_EQ(seen.info, "") << "INFO is asked only for a field";
  Verdict v = Judge(RedisSpec(*s));
  EXPECT_FALSE(v.failing) << v.detail;
  EXPECT_TRUE(v.detail.starts_with("PONG in ")) << v.detail;
}

TEST(RedisCheck, AnInfoFieldIsMeasuredAndThresholdsApply) {
  auto s = Server({.maxmemory = "64mb"});
  ASSERT_TRUE(s);
  Verdict clients = Judge(RedisSpec(*s, "", "connected_clients"));
  EXPECT_FALSE(clients.failing) << clients.detail;
  EXPECT_EQ(clients.value, 1) << "the probe's own connection";

  Verdict before = Judge(RedisSpec(*s, "", std::string(kUsedMemoryPercent)));
  ASSERT_TRUE(before.value) << before.detail;
  EXPECT_GT(*before.value, 0);
  EXPECT_LT(*before.value, 10) << "an empty server in 64mb";

  // 8 MiB more data raise used_memory by at least 12.5 % of maxmemory.
  {
    auto conn = redis::Connection::Open("127.0.0.1", s->port(), 2s);
    ASSERT_TRUE(conn) << conn.error().message;
    std::string big(8 << 20, 'x');
    auto set = conn->Command({"SET", "big", big}, 2s);
    ASSERT_TRUE(set && set->text == "OK");
  }
  std::vector<Threshold> th = {{Threshold::Direction::kAbove, 95, "SEV2"},
                               {Threshold::Direction::kAbove, *before.value + 10, "SEV3"}};
  Verdict after = Judge(RedisSpec(*s, "", std::string(kUsedMemoryPercent), th));
  ASSERT_TRUE(after.value) << after.detail;
  EXPECT_GT(*after.value, *before.value + 12);
  EXPECT_TRUE(after.failing);
  EXPECT_EQ(after.severity, "SEV3");
  EXPECT_TRUE(after.detail.starts_with("used_memory_percent ")) << after.detail;

  Verdict missing = Judge(RedisSpec(*s, "", "no_such_field"));
  EXPECT_TRUE(missing.failing);
  EXPECT_EQ(missing.detail, "PONG, but INFO has no field no_such_field");
}

TEST(RedisCheck, AuthWithRequirepassAndTheDefaultUser) {
  const std::string password = "s3cret-redis-password";
  auto s = Server({.password = password});
  ASSERT_TRUE(s);

  Verdict none = Judge(RedisSpec(*s));
  EXPECT_TRUE(none.failing);
  EXPECT_TRUE(none.detail.starts_with("PING answered \"NOAUTH")) << none.detail;

  Verdict ok = Judge(RedisSpec(*s, password));
  EXPECT_FALSE(ok.failing) << ok.detail;

  Spec user = RedisSpec(*s, password);
  std::get<RedisTarget>(user.target).username = "default";
  Verdict as_default = Judge(user);
  EXPECT_FALSE(as_default.failing) << as_default.detail;
}

TEST(RedisCheck, AWrongPasswordFailsWithoutShowingIt) {
  auto s = Server({.password = "the-right-password"});
  ASSERT_TRUE(s);
  const std::string wrong = "wrong-password-4711";
  auto o = RunCheck(RedisSpec(*s, wrong));
  ASSERT_FALSE(o);
  EXPECT_TRUE(o.error().message.starts_with("Redis refused AUTH: WRONGPASS")) << o.error().message;

  Spec user = RedisSpec(*s, wrong);
  std::get<RedisTarget>(user.target).username = "ops";
  Verdict v = Judge(user);
  EXPECT_TRUE(v.failing);
  EXPECT_TRUE(v.detail.starts_with("Redis refused AUTH as ops: WRONGPASS")) << v.detail;
  EXPECT_EQ(v.detail.find(wrong), std::string::npos) << v.detail;
  EXPECT_EQ(v.detail.find("the-right-password"), std::string::npos) << v.detail;
}

TEST(RedisCheck, AStoppedServerFailsAndARestartedOneAnswersAgain) {
  auto s = Server();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->Stop());
  auto started = std::chrono::steady_clock::now();
  Verdict down = Judge(RedisSpec(*s));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_TRUE(down.failing);
  EXPECT_EQ(down.detail, "connect to Redis at " + s->address() + " failed: Connection refused");

  Spec unknown = RedisSpec(*s);
  std::get<RedisTarget>(unknown.target).host = "no-such-host.invalid";
  Verdict nowhere = Judge(unknown);
  EXPECT_TRUE(nowhere.failing);
  EXPECT_TRUE(nowhere.detail.starts_with("connect to Redis at no-such-host.invalid:")) << nowhere.detail;

  ASSERT_TRUE(s->Restart()) << s->LogTail();
  Verdict up = Judge(RedisSpec(*s));
  EXPECT_FALSE(up.failing) << up.detail;
}

TEST(RedisCheck, AServerThatDoesNotAnswerFailsWithinTheTimeout) {
  auto s = Server();
  ASSERT_TRUE(s);
  {
    auto conn = redis::Connection::Open("127.0.0.1", s->port(), 2s);
    ASSERT_TRUE(conn);
    auto pause = conn->Command({"CLIENT", "PAUSE", "5000", "ALL"}, 2s);
    ASSERT_TRUE(pause && pause->text == "OK") << (pause ? pause->text : pause.error().message);
  }
  auto started = std::chrono::steady_clock::now();
  auto o = CheckRedis(std::get<RedisTarget>(RedisSpec(*s).target), 300ms);
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().message, "Redis at " + s->address() + " did not answer within 300ms");
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 1500ms);
}

}  // namespace
}  // namespace klaxon::probe
