// The jsonrpc probe's judgement: block heights, lag against the backups,
// error objects, malformed answers, and details that name endpoints by origin.
#include "probe/jsonrpc.h"

#include <gtest/gtest.h>

#include "probe/evaluate.h"

namespace klaxon::probe {
namespace {

using namespace std::chrono_literals;

RpcAnswer Answer(std::string endpoint, std::string body, int status = 200) {
  RpcAnswer a;
  a.endpoint = std::move(endpoint);
  a.status = status;
  a.body = std::move(body);
  a.latency = 7ms;
  return a;
}
RpcAnswer Height(std::string endpoint, std::string hex) {
  return Answer(std::move(endpoint), R"({"jsonrpc":"2.0","id":1,"result":")" + hex + R"("})");
}
RpcAnswer Down(std::string endpoint, std::string why) {
  RpcAnswer a;
  a.endpoint = std::move(endpoint);
  a.error = std::move(why);
  return a;
}

const std::string kPrimary = "primary (https://rpc.example:443)";
const std::string kBackup1 = "backup 1 (https://b1.example:443)";
const std::string kBackup2 = "backup 2 (https://b2.example:443)";

JsonRpcTarget WithLag(int64_t lag) {
  JsonRpcTarget t;
  t.url = "https://rpc.example/v2/key";
  t.backups = {"https://b1.example/k1", "https://b2.example/k2"};
  t.max_lag = lag;
  return t;
}

TEST(ProbeJsonRpc, BlockHeights) {
  EXPECT_EQ(ParseBlockHeight("0x10d4f"), 68943u);
  EXPECT_EQ(ParseBlockHeight("0X0"), 0u);
  EXPECT_EQ(ParseBlockHeight("69967"), 69967u);
  EXPECT_EQ(ParseBlockHeight("0xffffffffffffffff"), UINT64_MAX);
  EXPECT_EQ(ParseBlockHeight("0x1ffffffffffffffff"), std::nullopt);
  for (const char* bad : {"", "0x", "latest", "-1", "0x-1", "12a", "0x1g", " 1"}) {
    EXPECT_EQ(ParseBlockHeight(bad), std::nullopt) << bad;
  }
}

TEST(ProbeJsonRpc, RequestBody) {
  JsonRpcTarget t;
  EXPECT_EQ(JsonRpcRequestBody(t), R"({"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]})");
  t.method = "eth_getBalance";
  t.params = R"(["0xabc","latest"])";
  EXPECT_EQ(JsonRpcRequestBody(t),
            R"({"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":["0xabc","latest"]})");
}

TEST(ProbeJsonRpc, HealthyPrimaryWithoutBackups) {
  JsonRpcTarget t;
  JsonRpcObservation o{Height(kPrimary, "0x10d4f"), {}};
  Verdict v = EvaluateJsonRpc(t, o);
  EXPECT_FALSE(v.failing);
  EXPECT_EQ(v.detail, kPrimary + " answered at block 68943 in 7ms");
  o.primary = Answer(kPrimary, R"({"jsonrpc":"2.0","id":1,"result":{"syncing":false}})");
  v = EvaluateJsonRpc(t, o);
  EXPECT_FALSE(v.failing);
  EXPECT_EQ(v.detail, kPrimary + " answered in 7ms");
}

TEST(ProbeJsonRpc, ErrorObjectFailsAndNamesTheHealthyBackups) {
  JsonRpcTarget t;
  t.backups = {"b1", "b2"};
  JsonRpcObservation o{
      Answer(kPrimary, R"({"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"daily request count exceeded"}})",
             429),
      {Height(kBackup1, "0x10d50"), Down(kBackup2, "POST https://b2.example:443 failed: Timeout was reached")}};
  Verdict v = EvaluateJsonRpc(t, o);
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.severity, "");
  EXPECT_EQ(v.detail, kPrimary +
                          " failed: JSON-RPC error -32005: daily request count exceeded (HTTP status "
                          "429); healthy backups: " +
                          kBackup1 + " at block 68944; failing backups: " + kBackup2 +
                          ": POST https://b2.example:443 failed: Timeout was reached");
}

TEST(ProbeJsonRpc, TransportFailureAndNoHealthyBackup) {
  JsonRpcTarget t;
  t.backups = {"b1"};
  JsonRpcObservation o{Down(kPrimary, "POST https://rpc.example:443 failed: Couldn't connect to server"),
                       {Answer(kBackup1, "<html>Bad Gateway</html>", 502)}};
  Verdict v = EvaluateJsonRpc(t, o);
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, kPrimary +
                          " failed: POST https://rpc.example:443 failed: Couldn't connect to server; "
                          "no healthy backup; failing backups: " +
                          kBackup1 + ": HTTP status 502");
}

TEST(ProbeJsonRpc, MalformedAnswersFail) {
  JsonRpcTarget t;
  auto detail = [&](std::string body, int status = 200) {
    Verdict v = EvaluateJsonRpc(t, JsonRpcObservation{Answer(kPrimary, std::move(body), status), {}});
    EXPECT_TRUE(v.failing);
    return v.detail.substr(kPrimary.size() + std::string(" failed: ").size());
  };
  EXPECT_EQ(detail("not json"), "malformed answer: not JSON");
  EXPECT_EQ(detail("[1,2]"), "malformed answer: not a JSON-RPC response object");
  EXPECT_EQ(detail(R"({"jsonrpc":"2.0","id":1})"), "malformed answer: neither result nor error");
  EXPECT_EQ(detail(R"({"jsonrpc":"2.0","id":7,"result":"0x1"})"), "malformed answer: id 7 (sent 1)");
  EXPECT_EQ(detail(R"({"jsonrpc":"2.0","id":1,"error":"boom"})"), "JSON-RPC error \"boom\"");
  EXPECT_EQ(detail(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32601}})"), "JSON-RPC error -32601");
  EXPECT_EQ(detail(R"({"jsonrpc":"2.0","id":1,"result":"0x1"})", 503), "HTTP status 503");
  // A result of null is an answer (e.g. an unknown transaction), not a failure.
  EXPECT_FALSE(
      EvaluateJsonRpc(t, JsonRpcObservation{Answer(kPrimary, R"({"jsonrpc":"2.0","id":1,"result":null})"), {}})
          .failing);
}

TEST(ProbeJsonRpc, LagBeyondMaxLagFails) {
  JsonRpcTarget t = WithLag(5);
  // Best backup 0x10d56 = 68950; primary 68943: 7 behind.
  JsonRpcObservation o{Height(kPrimary, "0x10d4f"), {Height(kBackup1, "0x10d50"), Height(kBackup2, "0x10d56")}};
  Verdict v = EvaluateJsonRpc(t, o);
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, kPrimary + " is at block 68943, 7 blocks behind " + kBackup2 +
                          " at block 68950 (max_lag 5); healthy backups: " + kBackup1 +
                          " at block 68944; " + kBackup2 + " at block 68950");
  // Exactly max_lag behind is still fine; ahead of the backups too.
  o.primary = Height(kPrimary, "0x10d51");  // 68945: 5 behind
  EXPECT_FALSE(EvaluateJsonRpc(t, o).failing) << EvaluateJsonRpc(t, o).detail;
  o.primary = Height(kPrimary, "0x20000");
  EXPECT_FALSE(EvaluateJsonRpc(t, o).failing);
}

TEST(ProbeJsonRpc, LagIgnoresFailingBackupsAndNeedsAHeight) {
  JsonRpcTarget t = WithLag(0);
  JsonRpcObservation o{Height(kPrimary, "0x10"),
                       {Answer(kBackup1, R"({"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"x"}})"),
                        Down(kBackup2, "timed out")}};
  Verdict v = EvaluateJsonRpc(t, o);
  EXPECT_FALSE(v.failing) << v.detail;  // no healthy backup to compare with
  EXPECT_TRUE(v.detail.starts_with(kPrimary + " at block 16 in 7ms; no healthy backup")) << v.detail;
  o.primary = Answer(kPrimary, R"({"jsonrpc":"2.0","id":1,"result":"latest"})");
  v = EvaluateJsonRpc(t, o);
  EXPECT_TRUE(v.failing);
  EXPECT_TRUE(v.detail.starts_with(kPrimary + " answered, but its result is not a block height; "))
      << v.detail;
}

TEST(ProbeJsonRpc, DecimalAndNumericHeights) {
  JsonRpcTarget t = WithLag(1);
  JsonRpcObservation o{Answer(kPrimary, R"({"jsonrpc":"2.0","id":1,"result":100})"),
                       {Answer(kBackup1, R"({"jsonrpc":"2.0","id":1,"result":"103"})")}};
  Verdict v = EvaluateJsonRpc(t, o);
  EXPECT_TRUE(v.failing);
  EXPECT_NE(v.detail.find("3 blocks behind " + kBackup1), std::string::npos) << v.detail;
}

TEST(ProbeJsonRpc, EvaluateDispatches) {
  Spec s;
  s.target = JsonRpcTarget{};
  Verdict v = Evaluate(s, Result<Observation>(JsonRpcObservation{Height(kPrimary, "0x1"), {}}), Time{});
  EXPECT_FALSE(v.failing);
}

}  // namespace
}  // namespace klaxon::probe
