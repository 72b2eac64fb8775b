// The simulated CocoPay over real HTTP: health that the scenarios break,
// a restart that mends only what a restart mends, the figures its
// Prometheus API answers, the RPC primary's errors, the failover's token.
#include "demo/cocopay.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "demo/railway.h"
#include "http/client.h"

namespace klaxon::demo {
namespace {

http::ClientResponse Send(const std::string& method, const std::string& url, const std::string& body = "",
                          std::string content_type = "application/json", std::string bearer = "") {
  http::ClientRequest r{.method = method, .url = url, .body = body};
  if (!body.empty()) r.headers.emplace_back("Content-Type", content_type);
  if (!bearer.empty()) r.headers.emplace_back("Authorization", "Bearer " + bearer);
  auto resp = http::Send(r);
  EXPECT_TRUE(resp) << (resp ? "" : resp.error().message);
  return resp.value_or(http::ClientResponse{});
}

class CocoPayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = CocoPay::Start("ops-token");
    ASSERT_TRUE(started) << started.error().message;
    api_ = std::move(*started);
  }
  std::string Railway(const std::string& args_json, int* status = nullptr) {
    auto r = Send("POST", api_->Url() + "/railway", R"({"args":)" + args_json + "}");
    if (status) *status = r.status;
    return r.body;
  }
  std::unique_ptr<CocoPay> api_;
};

TEST_F(CocoPayTest, ARestartMendsACrashButNotABadDeploy) {
  EXPECT_EQ(Send("GET", api_->Url() + "/up").status, 200);
  api_->Change([](Faults& f) { f.api_down = true; f.restart_mends = false; });
  EXPECT_EQ(Send("GET", api_->Url() + "/up").status, 503);
  EXPECT_EQ(Send("GET", api_->Url() + "/health/ready").status, 503);
  EXPECT_NE(Railway(R"(["service","restart","api"])").find("the outage goes on"), std::string::npos);
  EXPECT_EQ(Send("GET", api_->Url() + "/up").status, 503);
  api_->Change([](Faults& f) { f.restart_mends = true; });
  Railway(R"(["service","restart","api"])");
  EXPECT_EQ(Send("GET", api_->Url() + "/up").status, 200);
  EXPECT_EQ(api_->restarts(), 2);
  EXPECT_EQ(api_->railway_commands().front(), "service restart api");
}

TEST_F(CocoPayTest, RailwayRunsPrintTheBalanceAndUnknownCommandsFail) {
  api_->Change([](Faults& f) { f.wallet_balance = 640; });
  EXPECT_EQ(Railway(R"(["run","bin/rails","runner","puts ReservesWallet.balance"])"), "640.00\n");
  int status = 0;
  Railway(R"(["deploy"])", &status);
  EXPECT_EQ(status, 400);
}

TEST_F(CocoPayTest, ThePrometheusApiAnswersTheFigureTheQueryNames) {
  api_->Change([](Faults& f) { f.error_rate = 0.12; f.oom_kills = 2; });
  auto value = [&](const std::string& form) {
    auto r = Send("POST", api_->Url() + "/prometheus/api/v1/query", form, "application/x-www-form-urlencoded");
    EXPECT_EQ(r.status, 200) << r.body;
    auto v = boost::json::parse(r.body);
    return std::string(v.at("data").at("result").at(0).at("value").at(1).as_string());
  };
  EXPECT_EQ(value("query=sum(rate(http_requests_total%7Bstatus%3D~%225..%22%7D%5B5m%5D))"), "0.12");
  EXPECT_EQ(value("query=sum(increase(container_oom_events_total%5B10m%5D))"), "2");
  auto unknown = Send("POST", api_->Url() + "/prometheus/api/v1/query", "query=up",
                      "application/x-www-form-urlencoded");
  EXPECT_EQ(unknown.status, 400);
}

TEST_F(CocoPayTest, TheRpcPrimaryFailsWhileBrokenAndTheFailoverNeedsTheOpsToken) {
  std::string call = R"({"jsonrpc":"2.0","id":7,"method":"eth_blockNumber","params":[]})";
  EXPECT_NE(Send("POST", api_->Url() + "/rpc/primary", call).body.find("\"result\""), std::string::npos);
  api_->Change([](Faults& f) { f.rpc_primary_failing = true; });
  auto failing = boost::json::parse(Send("POST", api_->Url() + "/rpc/primary", call).body);
  EXPECT_EQ(failing.at("id").as_int64(), 7);
  EXPECT_TRUE(failing.as_object().contains("error"));
  EXPECT_NE(Send("POST", api_->Url() + "/rpc/backup", call).body.find("\"result\""), std::string::npos);
  EXPECT_EQ(Send("POST", api_->Url() + "/internal/ops/rpc-failover", "{}").status, 401);
  EXPECT_EQ(Send("POST", api_->Url() + "/internal/ops/rpc-failover", "{}", "application/json", "ops-token").status,
            200);
  EXPECT_EQ(api_->failovers(), 1);
}

TEST_F(CocoPayTest, TheRailwayStandInHandsItsArgumentsOver) {
  EXPECT_EQ(RunRailway(api_->Url(), {"service", "restart", "api"}), 0);
  EXPECT_EQ(RunRailway(api_->Url(), {"deploy"}), 1);
  EXPECT_EQ(api_->restarts(), 1);
}

}  // namespace
}  // namespace klaxon::demo
