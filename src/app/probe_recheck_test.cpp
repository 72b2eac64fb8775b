// What the probes say at a remediation re-check: only checks that started
// after the wait began count, any failing one keeps the incident failing,
// and the probes' own firing alerts are theirs to judge.
#include "app/probe_recheck.h"

#include <gtest/gtest.h>

namespace klaxon::app {
namespace {

using std::chrono::seconds;

const Time kSince = FromUnixMillis(1'750'000'000'000);

probe::ProbeStatus Probe(std::string id, std::optional<Time> started, bool failing,
                         bool alert_firing = true, std::string detail = "") {
  probe::ProbeStatus p;
  p.id = std::move(id);
  p.last_started = started;
  p.state.last_failing = failing;
  p.state.detail = std::move(detail);
  p.delivered.alert =
      alert_firing ? probe::Delivered::Alert::kFiring : probe::Delivered::Alert::kResolved;
  return p;
}

TEST(JudgeRecheck, NoCoveringProbeHasNoOpinion) {
  EXPECT_FALSE(JudgeRecheck({}, kSince));
}

TEST(JudgeRecheck, AHealthyCheckFromBeforeTheStepFinishedIsNoEvidence) {
  EXPECT_FALSE(JudgeRecheck({Probe("api-up", kSince - seconds(5), false)}, kSince));
  EXPECT_FALSE(JudgeRecheck({Probe("api-up", kSince, false)}, kSince))
      << "started at the very instant: it may have run before the step took effect";
  EXPECT_FALSE(JudgeRecheck({Probe("api-up", std::nullopt, false)}, kSince)) << "never ran";
}

TEST(JudgeRecheck, ALaterHealthyCheckIsRecovered) {
  auto r = JudgeRecheck({Probe("api-up", kSince + seconds(30), false, true)}, kSince);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->failing);
  EXPECT_EQ(r->firing_alerts, 1) << "its alert may still be clearing: the probe judges it";
  EXPECT_EQ(r->detail, "probe api-up passing");
}

TEST(JudgeRecheck, ALaterFailingCheckIsStillFailing) {
  auto r = JudgeRecheck({Probe("api-up", kSince + seconds(30), true, true, "HTTP 503"),
                         Probe("api-ready", kSince + seconds(31), false, false)},
                        kSince);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->failing);
  EXPECT_EQ(r->firing_alerts, 1);
  EXPECT_EQ(r->detail, "probe api-up failing: HTTP 503");
}

TEST(JudgeRecheck, StaleProbesAreLeftOutWhileFreshOnesDecide) {
  auto r = JudgeRecheck({Probe("api-up", kSince - seconds(1), true),
                         Probe("api-ready", kSince + seconds(1), false),
                         Probe("api-health", kSince + seconds(2), false)},
                        kSince);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->failing);
  EXPECT_EQ(r->firing_alerts, 3);
  EXPECT_EQ(r->detail, "probes api-ready, api-health passing");
}

}  // namespace
}  // namespace klaxon::app
