// The command line against the real server: check-config, and working an
// incident with `klaxon incidents ...`, checked against the API.
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

TEST_F(E2E, IncidentsCommandsWorkAnIncident) {
  ASSERT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"ApiDown","service":"api"}})", GenericKey()).status, 202);
  std::vector<std::string> srv{"--server", server_->url()};
  auto with = [&](std::vector<std::string> a) {
    std::vector<std::string> out{"incidents"};
    out.insert(out.end(), srv.begin(), srv.end());
    out.insert(out.end(), a.begin(), a.end());
    return out;
  };
  std::map<std::string, std::string> as_alice{{"KLAXON_TOKEN", Alice()}};

  auto list = Klaxon(with({"list"}), as_alice);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("INC-1"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("API Health Check Failing"), std::string::npos);
  EXPECT_NE(list.out.find("SEV1"), std::string::npos);

  auto ack = Klaxon(with({"ack", "INC-1"}), as_alice);
  ASSERT_EQ(ack.exit_code, 0) << ack.err;
  EXPECT_NE(ack.out.find("alice via cli"), std::string::npos) << ack.out;

  auto lead = Klaxon(with({"lead", "INC-1", "alice"}), as_alice);
  ASSERT_EQ(lead.exit_code, 0) << lead.err;
  EXPECT_NE(lead.out.find("Lead:      alice"), std::string::npos) << lead.out;
  EXPECT_EQ(Klaxon(with({"lead", "INC-1", "nobody"}), as_alice).exit_code, 1);

  auto upd = Klaxon(with({"update", "INC-1", "--status", "fixing", "--summary", "Restart did not help",
                          "--next", "Roll back", "--eta", "15 min"}), as_alice);
  ASSERT_EQ(upd.exit_code, 0) << upd.err;
  auto res = Klaxon(with({"resolve", "INC-1", "--root-cause", "Bad deploy"}), as_alice);
  ASSERT_EQ(res.exit_code, 0) << res.err;

  auto inc = Incident("INC-1");
  EXPECT_EQ(Str(inc, "status"), "resolved");
  EXPECT_EQ(Str(inc, "root_cause"), "Bad deploy");
  EXPECT_EQ(Str(inc.at("acknowledged"), "via"), "cli");
  bool saw_update = false;
  for (const auto& e : inc.at("timeline").as_array()) {
    if (Str(e, "kind") == "update") {
      saw_update = true;
      EXPECT_EQ(Str(e.at("data"), "next"), "Roll back");
      EXPECT_EQ(Str(e.at("data"), "eta"), "15 min");
      EXPECT_EQ(Str(e, "via"), "cli");
    }
  }
  EXPECT_TRUE(saw_update);

  auto show = Klaxon(with({"show", "INC-1"}), as_alice);
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("Timeline:"), std::string::npos);
  EXPECT_NE(show.out.find("resolved"), std::string::npos);

  // Refusals are explained and exit non-zero.
  auto denied = Klaxon(with({"ack", "INC-1"}), {{"KLAXON_TOKEN", Viewer()}});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_NE(denied.err.find("403"), std::string::npos) << denied.err;
  auto anon = Klaxon(with({"list"}), {{"KLAXON_TOKEN", ""}});
  EXPECT_EQ(anon.exit_code, 1);
  EXPECT_NE(anon.err.find("KLAXON_TOKEN"), std::string::npos);
  auto down = Klaxon({"incidents", "--server", "http://127.0.0.1:1", "list"}, as_alice);
  EXPECT_EQ(down.exit_code, 3);
}

TEST(CheckConfig, ExampleIsOkAndErrorsHavePositions) {
  std::map<std::string, std::string> env;
  for (const char* k : {"KLAXON_PROMETHEUS_KEY", "KLAXON_PAGERDUTY_KEY", "KLAXON_GENERIC_KEY",
                        "KLAXON_HEARTBEAT_KEY",
                        "KLAXON_ADMIN_TOKEN", "KLAXON_LEAD_TOKEN", "KLAXON_MAYA_TOKEN",
                        "KLAXON_DIEGO_TOKEN", "KLAXON_DASHBOARD_TOKEN", "COCOPAY_OPS_TOKEN"}) {
    env[k] = std::string("secret-value-of-") + k;
  }
  auto ok = testing::Run({testing::KlaxonBinary(), "check-config",
                          testing::SourceDir() + "/examples/cocopay/klaxon.yaml"}, env);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "ok\n");

  testing::TempDir dir;
  std::ofstream(dir.File("bad.yaml")) << "severities:\n  - id: SEV1\n    response_time: 2x\n";
  auto bad = testing::Run({testing::KlaxonBinary(), "check-config", dir.File("bad.yaml")});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find(dir.File("bad.yaml") + ":3:20:"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace klaxon::e2e
