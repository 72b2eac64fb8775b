#include "probe/evaluate.h"

#include <gtest/gtest.h>

namespace klaxon::probe {
namespace {

using namespace std::chrono_literals;

const Time t0 = FromUnixMillis(1'750'000'000'000);

Spec Http(HttpTarget t) {
  Spec s;
  s.id = "api-up";
  s.target = std::move(t);
  return s;
}

Spec Wallet() {
  Spec s;
  s.id = "reserves";
  s.target = ExecTarget{{"balance"}, {}};
  s.thresholds = {{Threshold::Direction::kBelow, 100, "SEV2"},
                  {Threshold::Direction::kBelow, 1000, "SEV3"}};
  return s;
}

Verdict Judge(const Spec& s, Observation o) { return Evaluate(s, Result<Observation>(o), t0); }

TEST(ProbeEvaluate, HttpExpectedStatusIsHealthy) {
  Verdict v = Judge(Http({}), HttpObservation{200, "ok", 12ms});
  EXPECT_FALSE(v.failing);
  EXPECT_EQ(v.detail, "status 200 in 12ms");
}

TEST(ProbeEvaluate, HttpOtherStatusFails) {
  Verdict v = Judge(Http({}), HttpObservation{500, "", 3ms});
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, "status 500 (expected 200)");
  EXPECT_EQ(v.severity, "");
}

TEST(ProbeEvaluate, HttpStatusSetAndClasses) {
  HttpTarget t;
  t.expect_status = {204};
  t.expect_class = {3};
  EXPECT_FALSE(Judge(Http(t), HttpObservation{204, "", 1ms}).failing);
  EXPECT_FALSE(Judge(Http(t), HttpObservation{302, "", 1ms}).failing);
  Verdict v = Judge(Http(t), HttpObservation{200, "", 1ms});
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, "status 200 (expected 204, 3xx)");
}

TEST(ProbeEvaluate, HttpBodyMatch) {
  HttpTarget t;
  t.body_match = R"("status":\s*"ready")";
  EXPECT_FALSE(Judge(Http(t), HttpObservation{200, R"({"status": "ready"})", 1ms}).failing);
  Verdict v = Judge(Http(t), HttpObservation{200, R"({"status":"starting"})", 1ms});
  EXPECT_TRUE(v.failing);
  EXPECT_NE(v.detail.find("does not match"), std::string::npos) << v.detail;
}

TEST(ProbeEvaluate, HttpLatencyBound) {
  HttpTarget t;
  t.max_latency = 500ms;
  EXPECT_FALSE(Judge(Http(t), HttpObservation{200, "", 500ms}).failing);
  Verdict v = Judge(Http(t), HttpObservation{200, "", 501ms});
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, "status 200 in 501ms (limit 500ms)");
}

TEST(ProbeEvaluate, NoObservationFailsWithItsReason) {
  Verdict v = Evaluate(Http({}), Result<Observation>(Fail(ErrorCode::kUnavailable,
                                                          "GET http://127.0.0.1:1 failed: refused")),
                       t0);
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, "GET http://127.0.0.1:1 failed: refused");
}

TEST(ProbeEvaluate, TcpConnectedIsHealthy) {
  Spec s;
  s.target = TcpTarget{"127.0.0.1", 5432};
  Verdict v = Judge(s, TcpObservation{2ms});
  EXPECT_FALSE(v.failing);
  EXPECT_EQ(v.detail, "connected in 2ms");
}

TEST(ProbeEvaluate, ExecExitStatus) {
  Spec s;
  s.target = ExecTarget{{"check"}, {}};
  EXPECT_FALSE(Judge(s, ExecObservation{0, 0, "", ""}).failing);
  Verdict v = Judge(s, ExecObservation{2, 0, "", "warming up\nnot ready\n"});
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, "exit status 2: not ready");
  EXPECT_EQ(Judge(s, ExecObservation{0, 9, "", ""}).detail, "killed by signal 9");
}

TEST(ProbeEvaluate, ThresholdsPickTheWorstCrossed) {
  Spec s = Wallet();
  Verdict fine = Judge(s, ExecObservation{0, 0, "2500.5\n", ""});
  EXPECT_FALSE(fine.failing);
  EXPECT_EQ(fine.value, 2500.5);
  Verdict warn = Judge(s, ExecObservation{0, 0, "999\n", ""});
  EXPECT_TRUE(warn.failing);
  EXPECT_EQ(warn.severity, "SEV3");
  EXPECT_EQ(warn.detail, "value 999 is below 1000 (SEV3)");
  Verdict crit = Judge(s, ExecObservation{0, 0, "balance:\n 80 \n", ""});
  EXPECT_EQ(crit.severity, "SEV2");
  EXPECT_EQ(crit.value, 80);
  EXPECT_FALSE(Judge(s, ExecObservation{0, 0, "1000", ""}).failing) << "below is strict";
}

TEST(ProbeEvaluate, AboveThresholds) {
  Spec s;
  s.target = ExecTarget{{"lag"}, {}};
  s.thresholds = {{Threshold::Direction::kAbove, 50, "SEV2"}};
  EXPECT_TRUE(Judge(s, ExecObservation{0, 0, "51", ""}).failing);
  EXPECT_FALSE(Judge(s, ExecObservation{0, 0, "50", ""}).failing);
}

TEST(ProbeEvaluate, ThresholdsWithoutANumberFailAtTheRunbookSeverity) {
  Verdict v = Judge(Wallet(), ExecObservation{0, 0, "n/a\n", ""});
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.severity, "");
  EXPECT_EQ(v.detail, "exit status 0, but stdout holds no number");
  EXPECT_TRUE(Judge(Wallet(), ExecObservation{1, 0, "5000", ""}).failing);
}

TEST(ProbeEvaluate, ParseValue) {
  EXPECT_EQ(ParseValue("42"), 42);
  EXPECT_EQ(ParseValue("  -3.5 \r\n"), -3.5);
  EXPECT_EQ(ParseValue("+7"), 7);
  EXPECT_EQ(ParseValue("header\n12\n\n"), 12);
  EXPECT_EQ(ParseValue("1e3"), 1000);
  EXPECT_FALSE(ParseValue(""));
  EXPECT_FALSE(ParseValue("12 apples"));
  EXPECT_FALSE(ParseValue("nan"));
}

TEST(ProbeEvaluate, Heartbeat) {
  Spec s;
  s.id = "nightly-backup";
  s.interval = 1h;
  s.target = HeartbeatTarget{5min, ""};
  HeartbeatObservation seen{t0, true};
  EXPECT_EQ(HeartbeatDeadline(s, t0), t0 + 65min);
  EXPECT_FALSE(Evaluate(s, Result<Observation>(seen), t0 + 65min).failing);
  Verdict late = Evaluate(s, Result<Observation>(seen), t0 + 65min + 1ms);
  EXPECT_TRUE(late.failing);
  EXPECT_NE(late.detail.find("no heartbeat since"), std::string::npos) << late.detail;
  EXPECT_NE(late.detail.find("expected every 1h, grace 5m"), std::string::npos) << late.detail;
  Verdict never = Evaluate(s, Result<Observation>(HeartbeatObservation{t0, false}), t0 + 2h);
  EXPECT_TRUE(never.failing);
  EXPECT_NE(never.detail.find("no heartbeat ever"), std::string::npos) << never.detail;
}

}  // namespace
}  // namespace klaxon::probe
