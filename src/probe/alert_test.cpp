#include "probe/alert.h"

#include <gtest/gtest.h>

namespace klaxon::probe {
namespace {

using namespace std::chrono_literals;

const Time t0 = FromUnixMillis(1'750'000'000'000);

Spec Wallet() {
  Spec s;
  s.id = "reserves-wallet";
  s.labels = LabelSet{{"alertname", "ReservesWalletLow"}, {"probe", "reserves-wallet"},
                      {"service", "reserves-wallet"}};
  s.annotations = LabelSet{{"summary", "Reserves wallet low"}};
  s.target = ExecTarget{{"balance"}, {}};
  return s;
}

TEST(ProbeAlert, FiringCarriesLabelsSeverityAndDetail) {
  State st;
  st.phase = Phase::kFiring;
  st.failing_since = t0;
  st.severity = "SEV2";
  st.detail = "value 80 is below 100 (SEV2)";
  st.value = 80;
  ingest::Alert a = FiringAlert(Wallet(), st);
  EXPECT_EQ(a.action, ingest::AlertAction::kFire);
  EXPECT_EQ(a.labels, Wallet().labels);
  EXPECT_EQ(a.fingerprint, FingerprintOf(Wallet().labels));
  EXPECT_EQ(a.source, "probe");
  EXPECT_EQ(a.integration, "reserves-wallet");
  EXPECT_EQ(a.starts_at, t0);
  EXPECT_FALSE(a.refresh_expected) << "fires until the probe resolves it";
  EXPECT_EQ(a.severity, "SEV2");
  EXPECT_EQ(a.severity_reason, "reserves-wallet: value 80 is below 100 (SEV2)");
  EXPECT_EQ(a.annotations.GetOr("summary"), "Reserves wallet low");
  EXPECT_EQ(a.annotations.GetOr("detail"), "value 80 is below 100 (SEV2)");
  EXPECT_EQ(a.annotations.GetOr("value"), "80");
}

TEST(ProbeAlert, ResolvedHasTheSameFingerprintAndAnEnd) {
  State st;
  st.detail = "value 5000";
  ingest::Alert a = ResolvedAlert(Wallet(), st, t0 + 1h);
  EXPECT_EQ(a.action, ingest::AlertAction::kResolve);
  EXPECT_EQ(a.fingerprint, FingerprintOf(Wallet().labels));
  EXPECT_EQ(a.ends_at, t0 + 1h);
  EXPECT_EQ(a.severity, "");
}

}  // namespace
}  // namespace klaxon::probe
