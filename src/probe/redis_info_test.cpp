// A redis probe's verdict from what the server said: PING's answer, INFO's
// fields (as Redis 7 writes them) and the thresholds on the chosen one.
#include "probe/redis_info.h"

#include <gtest/gtest.h>

#include "probe/evaluate.h"

namespace klaxon::probe {
namespace {

using namespace std::chrono_literals;

const Time t0 = FromUnixMillis(1'750'000'000'000);

// An excerpt of INFO's reply, CRLF line ends included.
constexpr std::string_view kInfo =
    "# Server\r\nredis_version:7.0.15\r\nrole:master\r\n\r\n"
    "# Clients\r\nconnected_clients:12\r\nmaxclients:10000\r\n\r\n"
    "# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\nused_memory_peak:2097152\r\n"
    "maxmemory:4194304\r\nmem_fragmentation_ratio:1.25\r\n";

Spec Redis(std::string field, std::vector<Threshold> thresholds = {}) {
  Spec s;
  s.id = "redis";
  s.target = RedisTarget{"127.0.0.1", 6379, "", "", std::move(field)};
  s.thresholds = std::move(thresholds);
  return s;
}

Verdict Judge(const Spec& s, RedisObservation o) {
  return Evaluate(s, Result<Observation>(Observation(std::move(o))), t0);
}

TEST(RedisInfo, ReadsAnExactFieldAsANumber) {
  EXPECT_EQ(InfoValue(kInfo, "connected_clients").value(), 12);
  EXPECT_EQ(InfoValue(kInfo, "used_memory").value(), 1048576);
  EXPECT_EQ(InfoValue(kInfo, "mem_fragmentation_ratio").value(), 1.25);
  EXPECT_EQ(InfoValue(kInfo, "used_memory_peak").value(), 2097152) << "not a prefix match";
}

TEST(RedisInfo, UsedMemoryPercentIsOfMaxmemory) {
  EXPECT_EQ(InfoValue(kInfo, kUsedMemoryPercent).value(), 25);
  auto unlimited = InfoValue("used_memory:100\r\nmaxmemory:0\r\n", kUsedMemoryPercent);
  ASSERT_FALSE(unlimited);
  EXPECT_EQ(unlimited.error().message,
            "maxmemory is 0 (no limit), so used_memory_percent is undefined");
}

TEST(RedisInfo, MissingAndNonNumericFieldsAreErrors) {
  auto missing = InfoValue(kInfo, "used_memor");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "INFO has no field used_memor");
  auto text = InfoValue(kInfo, "used_memory_human");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().message, "INFO field used_memory_human is not a number: \"1.00M\"");
  EXPECT_FALSE(InfoValue("", "used_memory"));
}

TEST(RedisEvaluate, PongIsHealthyAnythingElseFails) {
  Verdict ok = Judge(Redis(""), {"PONG", "", 3ms});
  EXPECT_FALSE(ok.failing);
  EXPECT_EQ(ok.detail, "PONG in 3ms");
  EXPECT_FALSE(ok.value);

  Verdict loading = Judge(Redis(""), {"LOADING Redis is loading the dataset in memory", "", 1ms});
  EXPECT_TRUE(loading.failing);
  EXPECT_EQ(loading.detail, "PING answered \"LOADING Redis is loading the dataset in memory\"");
  EXPECT_EQ(loading.severity, "") << "the runbook's severity";
}

TEST(RedisEvaluate, TheInfoFieldIsTheValueThresholdsCompare) {
  std::vector<Threshold> th = {{Threshold::Direction::kAbove, 90, "SEV2"},
                               {Threshold::Direction::kAbove, 20, "SEV3"}};
  Verdict low = Judge(Redis(std::string(kUsedMemoryPercent)), {"PONG", std::string(kInfo), 2ms});
  EXPECT_FALSE(low.failing) << "no thresholds: measured, never failing";
  EXPECT_EQ(low.value, 25);
  EXPECT_EQ(low.detail, "PONG in 2ms; used_memory_percent 25");

  Verdict crossed = Judge(Redis(std::string(kUsedMemoryPercent), th), {"PONG", std::string(kInfo), 2ms});
  EXPECT_TRUE(crossed.failing);
  EXPECT_EQ(crossed.severity, "SEV3");
  EXPECT_EQ(crossed.detail, "used_memory_percent 25 is above 20 (SEV3)");
  EXPECT_EQ(crossed.value, 25);

  Verdict missing = Judge(Redis("no_such_field", th), {"PONG", std::string(kInfo), 2ms});
  EXPECT_TRUE(missing.failing);
  EXPECT_EQ(missing.detail, "PONG, but INFO has no field no_such_field");
}

TEST(RedisEvaluate, AFailedRunFailsWithItsMessage) {
  Verdict v = Evaluate(Redis(""),
                       Result<Observation>(Fail(ErrorCode::kUnavailable,
                                                "connect to Redis at 127.0.0.1:6379 failed: "
                                                "Connection refused")),
                       t0);
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, "connect to Redis at 127.0.0.1:6379 failed: Connection refused");
}

}  // namespace
}  // namespace klaxon::probe
