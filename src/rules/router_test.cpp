#include "rules/router.h"

#include <gtest/gtest.h>

namespace klaxon::rules {
namespace {

std::vector<Matcher> Ms(std::initializer_list<const char*> texts) {
  std::vector<Matcher> out;
  for (auto t : texts) out.push_back(*Matcher::Parse(t));
  return out;
}

Router Cocopayish() {
  RouteSpec rb1{"RB-001", "API Health Check Failing", Ms({"alertname=~\"ApiDown|ApiNotReady\""}),
                "SEV1", {}, {"service"}};
  RouteSpec rb3{"RB-003", "Database Connection Issues", Ms({"alertname=\"DatabaseConnectionErrors\""}),
                "SEV2", {{Ms({"scope=\"all\""}), "SEV1"}}, {"service"}};
  RouteSpec rb8{"RB-008", "Reserves Wallet Low Balance", Ms({"alertname=\"ReservesWalletLow\""}),
                "SEV3", {{Ms({"level=\"critical\""}), "SEV2"}}, {"service", "chain"}};
  RouteSpec fallback{"", "Unrouted alert", {}, "SEV4", {}, {"service", "alertname"}};
  fallback.title.clear();
  return Router({rb1, rb3, rb8}, fallback);
}

TEST(Router, FirstMatchingRunbookWins) {
  auto d = Cocopayish().Route(LabelSet{{"alertname", "ApiNotReady"}, {"service", "api"}});
  EXPECT_TRUE(d.matched);
  EXPECT_EQ(d.runbook_id, "RB-001");
  EXPECT_EQ(d.severity, "SEV1");
  EXPECT_EQ(d.group_key, "RB-001|service=api");
  EXPECT_EQ(d.group_labels, (LabelSet{{"service", "api"}}));
  EXPECT_EQ(d.title, "API Health Check Failing");
}

TEST(Router, SeverityRulesRaiseSeverity) {
  auto r = Cocopayish();
  EXPECT_EQ(r.Route(LabelSet{{"alertname", "DatabaseConnectionErrors"}}).severity, "SEV2");
  EXPECT_EQ(r.Route(LabelSet{{"alertname", "DatabaseConnectionErrors"}, {"scope", "all"}}).severity,
            "SEV1");
  EXPECT_EQ(r.Route(LabelSet{{"alertname", "ReservesWalletLow"}, {"level", "critical"}}).severity,
            "SEV2");
}

TEST(Router, GroupKeysSeparateByGroupLabels) {
  auto r = Cocopayish();
  auto base = r.Route(LabelSet{{"alertname", "ReservesWalletLow"}, {"chain", "base"}});
  auto op = r.Route(LabelSet{{"alertname", "ReservesWalletLow"}, {"chain", "optimism"}});
  EXPECT_NE(base.group_key, op.group_key);
  EXPECT_EQ(base.group_key, "RB-008|service=|chain=base");
  // Labels outside group_by do not split groups.
  auto i1 = r.Route(LabelSet{{"alertname", "ApiDown"}, {"service", "api"}, {"instance", "1"}});
  auto i2 = r.Route(LabelSet{{"alertname", "ApiDown"}, {"service", "api"}, {"instance", "2"}});
  EXPECT_EQ(i1.group_key, i2.group_key);
}

TEST(Router, UnmatchedAlertsUseTheFallbackNotTheVoid) {
  auto d = Cocopayish().Route(LabelSet{{"alertname", "DiskFull"}, {"service", "batch"}});
  EXPECT_FALSE(d.matched);
  EXPECT_EQ(d.runbook_id, "");
  EXPECT_EQ(d.severity, "SEV4");
  EXPECT_EQ(d.group_key, "unmatched|service=batch|alertname=DiskFull");
  EXPECT_EQ(d.title, "DiskFull");
}

}  // namespace
}  // namespace klaxon::rules
